package org.djlvulkan.backend.model;

import org.djlvulkan.backend.ir.DataType;

/**
 * Element types a host tensor can carry: the IR's {@link DataType}s that cross the API, with their
 * ONNX {@code TensorProto.DataType} codes and sizes taken from it.
 */
public enum ElementType {
  /** 32-bit IEEE float. */
  FLOAT32(DataType.FLOAT),
  /** Unsigned 8-bit integer. */
  UINT8(DataType.UINT8),
  /** Signed 8-bit integer. */
  INT8(DataType.INT8),
  /** Signed 16-bit integer. */
  INT16(DataType.INT16),
  /** Signed 32-bit integer. */
  INT32(DataType.INT32),
  /** Signed 64-bit integer. */
  INT64(DataType.INT64),
  /** Boolean, one byte per element. */
  BOOL(DataType.BOOL),
  /** 16-bit IEEE float. */
  FLOAT16(DataType.FLOAT16),
  /** 64-bit IEEE float. */
  FLOAT64(DataType.DOUBLE),
  /** Unsigned 16-bit integers (host only: nodes that read them run on the host). */
  UINT16(DataType.UINT16),
  /** Unsigned 32-bit integers (host only). */
  UINT32(DataType.UINT32),
  /** Unsigned 64-bit integers (host only). */
  UINT64(DataType.UINT64);

  private final DataType dataType;

  ElementType(DataType dataType) {
    this.dataType = dataType;
  }

  /** Returns the size of one element in bytes. */
  public int bytes() {
    return dataType.bytes();
  }

  /** Returns the ONNX {@code TensorProto.DataType} number of this type. */
  public int onnxCode() {
    return dataType.code();
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
