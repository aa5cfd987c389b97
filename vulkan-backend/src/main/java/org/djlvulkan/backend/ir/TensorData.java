package org.djlvulkan.backend.ir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.djlvulkan.backend.model.ElementType;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.tensor.Float16;

/**
 * A dense tensor in host memory: element type, shape, and little-endian row-major bytes. The form
 * of every initializer and folded constant. Immutable (the bytes are a read-only view).
 *
 * @param type element type
 * @param shape dimensions (non-negative)
 * @param data exactly {@code count * type.bytes()} bytes, position 0, little-endian
 */
public record TensorData(DataType type, long[] shape, ByteBuffer data) {
  /** The largest tensor accepted, in bytes. */
  public static final long MAX_BYTES = Integer.MAX_VALUE - 8;

  /** Checks the byte count and makes the buffer a read-only little-endian view. */
  public TensorData {
    shape = shape.clone();
    long need = byteCount(type, shape);
    if (data.remaining() != need) {
      throw new IllegalArgumentException(
          type + Arrays.toString(shape) + " needs " + need + " bytes, got " + data.remaining());
    }
    data = data.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Returns the bytes a tensor of a type and shape takes.
   *
   * @param type the element type
   * @param shape the dimensions, none negative
   * @return the byte count
   * @throws ArithmeticException when it overflows a long
   */
  public static long byteCount(DataType type, long[] shape) {
    long n = type.bytes();
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /**
   * Returns a float tensor.
   *
   * @param values the values (copied)
   * @param shape the dimensions
   * @return the tensor
   */
  public static TensorData ofFloats(float[] values, long... shape) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return new TensorData(DataType.FLOAT, shape, b);
  }

  /**
   * Returns an int64 tensor.
   *
   * @param values the values (copied)
   * @param shape the dimensions
   * @return the tensor
   */
  public static TensorData ofLongs(long[] values, long... shape) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(values);
    return new TensorData(DataType.INT64, shape, b);
  }

  /**
   * Returns a tensor of any type from doubles, converted as ONNX Cast does for in-range values
   * (floats round to nearest, integers truncate toward zero and wrap).
   *
   * @param type the element type
   * @param values the values
   * @param shape the dimensions
   * @return the tensor
   */
  public static TensorData ofDoubles(DataType type, double[] values, long... shape) {
    ByteBuffer b = ByteBuffer.allocate(values.length * type.bytes()).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      switch (type) {
        case FLOAT:
          b.putFloat((float) v);
          break;
        case DOUBLE:
          b.putDouble(v);
          break;
        case FLOAT16:
          b.putShort(Float16.fromFloat((float) v));
          break;
        case BFLOAT16:
          b.putShort((short) (Float.floatToIntBits((float) v) >>> 16));
          break;
        case BOOL:
          b.put((byte) (v != 0 ? 1 : 0));
          break;
        case UINT8:
        case INT8:
          b.put((byte) (long) v);
          break;
        case UINT16:
        case INT16:
          b.putShort((short) (long) v);
          break;
        case INT32:
        case UINT32:
          b.putInt((int) (long) v);
          break;
        default:
          b.putLong((long) v);
      }
    }
    return new TensorData(type, shape, b.flip());
  }

  /**
   * Returns a host tensor of the model contract as tensor data (the same bytes).
   *
   * @param t the host tensor
   * @return the tensor
   */
  public static TensorData of(HostTensor t) {
    return new TensorData(DataType.fromCode(t.type().onnxCode()), t.shape(), t.data().duplicate());
  }

  /** Returns the number of elements. */
  public long count() {
    return data.remaining() / type.bytes();
  }

  /** Returns the rank. */
  public int rank() {
    return shape.length;
  }

  /** Returns the dimensions (a copy). */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  /**
   * Returns element {@code i} as a double (exact for every type but 64-bit integers beyond 2^53).
   *
   * @param i the row-major index
   * @return the value
   */
  public double getDouble(int i) {
    switch (type) {
      case FLOAT:
        return data.getFloat(4 * i);
      case DOUBLE:
        return data.getDouble(8 * i);
      case FLOAT16:
        return Float16.toFloat(data.getShort(2 * i));
      case BFLOAT16:
        return Float.intBitsToFloat((data.getShort(2 * i) & 0xffff) << 16);
      default:
        return type == DataType.UINT64 && getLong(i) < 0
            ? Math.scalb((double) (getLong(i) >>> 1), 1)
            : getLong(i);
    }
  }

  /**
   * Returns element {@code i} as a long (floats truncate toward zero).
   *
   * @param i the row-major index
   * @return the value
   */
  public long getLong(int i) {
    switch (type) {
      case UINT8:
        return data.get(i) & 0xff;
      case INT8:
        return data.get(i);
      case BOOL:
        return data.get(i) != 0 ? 1 : 0;
      case UINT16:
        return data.getShort(2 * i) & 0xffff;
      case INT16:
        return data.getShort(2 * i);
      case INT32:
        return data.getInt(4 * i);
      case UINT32:
        return data.getInt(4 * i) & 0xffffffffL;
      case INT64:
      case UINT64:
        return data.getLong(8 * i);
      default:
        return (long) getDouble(i);
    }
  }

  /** Returns all elements as floats. */
  public float[] toFloats() {
    float[] out = new float[Math.toIntExact(count())];
    if (type == DataType.FLOAT) {
      data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
      return out;
    }
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) getDouble(i);
    }
    return out;
  }

  /** Returns all elements as doubles. */
  public double[] toDoubles() {
    double[] out = new double[Math.toIntExact(count())];
    for (int i = 0; i < out.length; i++) {
      out[i] = getDouble(i);
    }
    return out;
  }

  /** Returns all elements as longs. */
  public long[] toLongs() {
    long[] out = new long[Math.toIntExact(count())];
    for (int i = 0; i < out.length; i++) {
      out[i] = getLong(i);
    }
    return out;
  }

  /**
   * Returns the same elements under another shape (same count).
   *
   * @param newShape the dimensions
   * @return the tensor
   */
  public TensorData reshape(long... newShape) {
    return new TensorData(type, newShape, data);
  }

  /**
   * Returns this tensor as a host tensor of the model contract.
   *
   * @throws IllegalArgumentException for types the contract has no element type for
   */
  public HostTensor toHostTensor() {
    return new HostTensor(ElementType.fromOnnx(type.code()), shape, data.duplicate());
  }

  @Override
  public String toString() {
    return type + Arrays.toString(shape);
  }
}
