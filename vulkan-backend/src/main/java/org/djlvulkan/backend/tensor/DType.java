package org.djlvulkan.backend.tensor;

/** Element types of tensors. */
public enum DType {
  /** 32-bit float. */
  F32(4),
  /** 16-bit float. */
  F16(2),
  /** Signed 8-bit integer. */
  I8(1),
  /** Unsigned 8-bit integer (mapped to int8 on the device by shifting the zero point). */
  U8(1),
  /** Signed 32-bit integer. */
  I32(4);

  private final int bytes;

  DType(int bytes) {
    this.bytes = bytes;
  }

  /** Returns the size of one element in bytes. */
  public int bytes() {
    return bytes;
  }
}
