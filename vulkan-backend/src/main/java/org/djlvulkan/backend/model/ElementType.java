package org.djlvulkan.backend.model;

/**
 * Element types a host tensor can carry, with their ONNX {@code TensorProto.DataType} codes (the
 * public API's own table: the IR's {@code ir.DataType} agrees with it, which a test checks).
 */
public enum ElementType {
  /** 32-bit IEEE float. */
  FLOAT32(1, 4),
  /** Unsigned 8-bit integer. */
  UINT8(2, 1),
  /** Signed 8-bit integer. */
  INT8(3, 1),
  /** Signed 16-bit integer. */
  INT16(5, 2),
  /** Signed 32-bit integer. */
  INT32(6, 4),
  /** Signed 64-bit integer. */
  INT64(7, 8),
  /** Boolean, one byte per element. */
  BOOL(9, 1),
  /** 16-bit IEEE float. */
  FLOAT16(10, 2),
  /** 64-bit IEEE float. */
  FLOAT64(11, 8),
  /** Unsigned 16-bit integers (host only: nodes that read them run on the host). */
  UINT16(4, 2),
  /** Unsigned 32-bit integers (host only). */
  UINT32(12, 4),
  /** Unsigned 64-bit integers (host only). */
  UINT64(13, 8);

  private final int onnxCode;
  private final int bytes;

  ElementType(int onnxCode, int bytes) {
    this.onnxCode = onnxCode;
    this.bytes = bytes;
  }

  /** Returns the size of one element in bytes. */
  public int bytes() {
    return bytes;
  }

  /** Returns the ONNX {@code TensorProto.DataType} number of this type. */
  public int onnxCode() {
    return onnxCode;
  }

  /**
   * Returns the type with the given ONNX {@code TensorProto.DataType} number.
   *
   * @throws IllegalArgumentException when the code is not one of the supported types
   */
  public static ElementType fromOnnx(int code) {
    for (ElementType t : values()) {
      if (t.onnxCode() == code) {
        return t;
      }
    }
    throw new IllegalArgumentException("unsupported ONNX tensor data type " + code);
  }
}
