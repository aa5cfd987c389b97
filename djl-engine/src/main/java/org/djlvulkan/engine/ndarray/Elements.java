package org.djlvulkan.engine.ndarray;

import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.djlvulkan.backend.tensor.Float16;

/**
 * Reads and writes the elements of a little-endian buffer of a given type as doubles (float types)
 * or longs (integer and boolean types), the two forms the host operations compute in.
 *
 * <p>Conversions follow PyTorch: float to integer truncates toward zero, then wraps to the target's
 * width (NaN gives 0); anything to boolean is "not zero"; float64 to float32 and float16 round to
 * nearest even.
 */
final class Elements {
  private Elements() {}

  /**
   * Allocates a zeroed little-endian buffer for {@code count} elements.
   *
   * @param type the element type
   * @param count the number of elements
   * @return the buffer
   */
  static ByteBuffer allocate(DataType type, int count) {
    return ByteBuffer.allocate(Math.multiplyExact(count, type.getNumOfBytes()))
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Reads element {@code i} as a double. */
  static double getDouble(ByteBuffer b, DataType type, int i) {
    switch (type) {
      case FLOAT32:
        return b.getFloat(i * 4);
      case FLOAT16:
        return Float16.toFloat(b.getShort(i * 2));
      case FLOAT64:
        return b.getDouble(i * 8);
      default:
        return getLong(b, type, i);
    }
  }

  /** Reads element {@code i} as a long; float types truncate toward zero. */
  static long getLong(ByteBuffer b, DataType type, int i) {
    switch (type) {
      case INT8:
      case BOOLEAN:
        return b.get(i);
      case UINT8:
        return b.get(i) & 0xff;
      case INT32:
        return b.getInt(i * 4);
      case INT64:
        return b.getLong(i * 8);
      default:
        return (long) getDouble(b, type, i);
    }
  }

  /** Writes a double to element {@code i}, converting to the buffer's type. */
  static void putDouble(ByteBuffer b, DataType type, int i, double v) {
    switch (type) {
      case FLOAT32:
        b.putFloat(i * 4, (float) v);
        break;
      case FLOAT16:
        b.putShort(i * 2, Float16.fromFloat((float) v));
        break;
      case FLOAT64:
        b.putDouble(i * 8, v);
        break;
      case BOOLEAN:
        b.put(i, (byte) (v != 0 ? 1 : 0));
        break;
      default:
        putLong(b, type, i, (long) v);
    }
  }

  /** Writes a long to element {@code i}, wrapping to the buffer's integer width. */
  static void putLong(ByteBuffer b, DataType type, int i, long v) {
    switch (type) {
      case INT8:
      case UINT8:
        b.put(i, (byte) v);
        break;
      case BOOLEAN:
        b.put(i, (byte) (v != 0 ? 1 : 0));
        break;
      case INT32:
        b.putInt(i * 4, (int) v);
        break;
      case INT64:
        b.putLong(i * 8, v);
        break;
      default:
        putDouble(b, type, i, v);
    }
  }

  /** Returns all elements as doubles. */
  static double[] toDoubles(ByteBuffer b, DataType type, int count) {
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      out[i] = getDouble(b, type, i);
    }
    return out;
  }

  /** Returns all elements as longs. */
  static long[] toLongs(ByteBuffer b, DataType type, int count) {
    long[] out = new long[count];
    for (int i = 0; i < count; i++) {
      out[i] = getLong(b, type, i);
    }
    return out;
  }

  /** Returns a new buffer of {@code type} holding the values. */
  static ByteBuffer fromLongs(long[] values, DataType type) {
    ByteBuffer b = allocate(type, values.length);
    for (int i = 0; i < values.length; i++) {
      putLong(b, type, i, values[i]);
    }
    return b;
  }

  /**
   * Returns a copy of the elements converted to another type.
   *
   * @param b the source elements
   * @param from their type
   * @param to the target type
   * @param count the number of elements
   * @return a new buffer
   */
  static ByteBuffer convert(ByteBuffer b, DataType from, DataType to, int count) {
    ByteBuffer out = allocate(to, count);
    boolean viaDouble = DataTypes.isFloating(from) || DataTypes.isFloating(to);
    for (int i = 0; i < count; i++) {
      if (viaDouble) {
        putDouble(out, to, i, getDouble(b, from, i));
      } else {
        putLong(out, to, i, getLong(b, from, i));
      }
    }
    return out;
  }

  /**
   * Returns the elements at the given offsets, in order (the copy behind every strided view).
   *
   * @param b the source elements
   * @param type their type
   * @param offsets element offsets into {@code b}
   * @return a new buffer of {@code offsets.length} elements
   */
  static ByteBuffer gather(ByteBuffer b, DataType type, int[] offsets) {
    int size = type.getNumOfBytes();
    ByteBuffer out = allocate(type, offsets.length);
    for (int i = 0; i < offsets.length; i++) {
      int from = offsets[i] * size;
      for (int k = 0; k < size; k++) {
        out.put(i * size + k, b.get(from + k));
      }
    }
    return out;
  }
}
