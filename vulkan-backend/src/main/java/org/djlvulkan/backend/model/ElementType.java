package org.djlvulkan.backend.model;

/**
 * Element types a host tensor can carry, with their ONNX {@code TensorProto.DataType} codes (the
 * public API's own table: the IR's {@code ir.DataType} agrees with it, which a test checks).
 */
public enum ElementType {
  /** 32-bit IEEE float. */
  FLOAT32,
  /** Unsigned 8-bit integer. */
  UINT8,
  /** Signed 8-bit integer. */
  INT8,
  /** Signed 16-bit integer. */
  INT16,
  /** Signed 32-bit integer. */
  INT32,
  /** Signed 64-bit integer. */
  INT64,
  /** Boolean, one byte per element. */
  BOOL,
  /** 16-bit IEEE float. */
  FLOAT16,
  /** 64-bit IEEE float. */
  FLOAT64,
  /** Unsigned 16-bit integers (host only: nodes that read them run on the host). */
  UINT16,
  /** Unsigned 32-bit integers (host only). */
  UINT32,
  /** Unsigned 64-bit integers (host only). */
  UINT64;

  /** Returns the size of one element in bytes. */
  public int bytes() {
    return switch (this) {
      case UINT8, INT8, BOOL -> 1;
      case INT16, UINT16, FLOAT16 -> 2;
      case FLOAT32, INT32, UINT32 -> 4;
      case INT64, UINT64, FLOAT64 -> 8;
    };
  }

  /** Returns the ONNX {@code TensorProto.DataType} number of this type. */
  public int onnxCode() {
    return switch (this) {
      case FLOAT32 -> 1;
      case UINT8 -> 2;
      case INT8 -> 3;
      case UINT16 -> 4;
      case INT16 -> 5;
      case INT32 -> 6;
      case INT64 -> 7;
      case BOOL -> 9;
      case FLOAT16 -> 10;
      case FLOAT64 -> 11;
      case UINT32 -> 12;
      case UINT64 -> 13;
    };
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
