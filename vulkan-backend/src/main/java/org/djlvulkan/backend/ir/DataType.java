package org.djlvulkan.backend.ir;

/** The numeric {@code TensorProto.DataType}s the importer reads, with their sizes. */
public enum DataType {
  /** 32-bit float. */
  FLOAT(1, 4),
  /** Unsigned 8-bit integer. */
  UINT8(2, 1),
  /** Signed 8-bit integer. */
  INT8(3, 1),
  /** Unsigned 16-bit integer. */
  UINT16(4, 2),
  /** Signed 16-bit integer. */
  INT16(5, 2),
  /** Signed 32-bit integer. */
  INT32(6, 4),
  /** Signed 64-bit integer. */
  INT64(7, 8),
  /** Boolean, one byte. */
  BOOL(9, 1),
  /** IEEE binary16. */
  FLOAT16(10, 2),
  /** 64-bit float. */
  DOUBLE(11, 8),
  /** Unsigned 32-bit integer. */
  UINT32(12, 4),
  /** Unsigned 64-bit integer. */
  UINT64(13, 8),
  /** bfloat16: the top 16 bits of a float. */
  BFLOAT16(16, 2);

  private final int code;
  private final int bytes;

  DataType(int code, int bytes) {
    this.code = code;
    this.bytes = bytes;
  }

  /** Returns the {@code TensorProto.DataType} number. */
  public int code() {
    return code;
  }

  /** Returns the size of one element in bytes. */
  public int bytes() {
    return bytes;
  }

  /** Returns whether the type is a floating-point type. */
  public boolean isFloat() {
    return this == FLOAT || this == FLOAT16 || this == DOUBLE || this == BFLOAT16;
  }

  /**
   * Returns the type with an ONNX number, or null when it is not a numeric type read here (strings,
   * complex numbers, 8-bit and 4-bit floats, 4-bit integers).
   *
   * @param code the {@code TensorProto.DataType} number
   * @return the type or null
   */
  public static DataType fromCode(int code) {
    for (DataType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }

  /**
   * Returns a readable name for any ONNX type number, known here or not.
   *
   * @param code the number
   * @return the name
   */
  public static String nameOf(int code) {
    DataType t = fromCode(code);
    if (t != null) {
      return t.name();
    }
    switch (code) {
      case 0:
        return "UNDEFINED";
      case 8:
        return "STRING";
      case 14:
        return "COMPLEX64";
      case 15:
        return "COMPLEX128";
      default:
        return "data type " + code;
    }
  }
}
