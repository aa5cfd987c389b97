package org.djlvulkan.backend.model;

/** Element types a host tensor can carry, with their ONNX {@code TensorProto.DataType} codes. */
public enum ElementType {
  /** 32-bit IEEE float. */
  FLOAT32(4, 1),
  /** Unsigned 8-bit integer. */
  UINT8(1, 2),
  /** Signed 8-bit integer. */
  INT8(1, 3),
  /** Signed 16-bit integer. */
  INT16(2, 5),
  /** Signed 32-bit integer. */
  INT32(4, 6),
  /** Signed 64-bit integer. */
  INT64(8, 7),
  /** Boolean, one byte per element. */
  BOOL(1, 9),
  /** 16-bit IEEE float. */
  FLOAT16(2, 10),
  /** 64-bit IEEE float. */
  FLOAT64(8, 11),
  /** Unsigned 16-bit integers (host only: nodes that read them run on the host). */
  UINT16(2, 4),
  /** Unsigned 32-bit integers (host only). */
  UINT32(4, 12),
  /** Unsigned 64-bit integers (host only). */
  UINT64(8, 13);

  private final int bytes;
  private final int onnxCode;

  ElementType(int bytes, int onnxCode) {
    this.bytes = bytes;
    this.onnxCode = onnxCode;
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
      if (t.onnxCode == code) {
        return t;
      }
    }
    throw new IllegalArgumentException("unsupported ONNX tensor data type " + code);
  }
}
