package org.djlvulkan.backend.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A dense row-major tensor in host memory, little-endian.
 *
 * @param type element type
 * @param shape dimensions, all known and non-negative
 * @param data exactly {@code elementCount * type.bytes()} bytes from position 0, little-endian
 */
public record HostTensor(ElementType type, long[] shape, ByteBuffer data) implements ModelTensor {

  /** Checks that the buffer holds exactly the elements the shape asks for. */
  public HostTensor {
    shape = shape.clone();
    long count = elementCount(shape);
    long need = count * type.bytes();
    if (data.remaining() != need) {
      throw new IllegalArgumentException(
          "tensor "
              + type
              + Arrays.toString(shape)
              + " needs "
              + need
              + " bytes, buffer has "
              + data.remaining());
    }
    data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Returns a float32 tensor holding a copy of {@code values}. */
  public static HostTensor ofFloats(float[] values, long... shape) {
    ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(values);
    return new HostTensor(ElementType.FLOAT32, shape, buf);
  }

  /** Returns the number of elements of a shape, checking every dimension. */
  public static long elementCount(long[] shape) {
    long count = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
      count = Math.multiplyExact(count, d);
    }
    return count;
  }

  /** Returns the number of elements. */
  public long elementCount() {
    return elementCount(shape);
  }

  /** Returns the dimensions (a copy). */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Returns this tensor: it is in host memory. */
  @Override
  public HostTensor toHost() {
    return this;
  }

  /** Returns the contents as floats; only for {@link ElementType#FLOAT32} tensors. */
  public float[] toFloats() {
    if (type != ElementType.FLOAT32) {
      throw new IllegalStateException("toFloats on a " + type + " tensor");
    }
    float[] out = new float[Math.toIntExact(elementCount())];
    data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }

  @Override
  public String toString() {
    return type + Arrays.toString(shape);
  }
}
