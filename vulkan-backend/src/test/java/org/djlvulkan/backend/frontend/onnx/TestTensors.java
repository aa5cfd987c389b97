package org.djlvulkan.backend.frontend.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.model.ElementType;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.testing.OpRunner;

/** Seeded data for the models the ONNX tests write: random floats, 8-bit codes and scalars. */
final class TestTensors {
  private TestTensors() {}

  /** Returns n seeded random floats (those of {@link OpRunner#random}). */
  static float[] rnd(long n, long seed) {
    return OpRunner.random(n, seed);
  }

  /** Returns seeded random 8-bit codes (uint8 0..255, int8 -128..127) as a constant. */
  static TensorData codes(DataType type, long seed, long... shape) {
    Random r = new Random(seed);
    double[] v = new double[(int) HostTensor.elementCount(shape)];
    for (int k = 0; k < v.length; k++) {
      v[k] = type == DataType.UINT8 ? r.nextInt(256) : r.nextInt(256) - 128;
    }
    return TensorData.ofDoubles(type, v, shape);
  }

  /** Returns a scalar constant of a type. */
  static TensorData scalar(DataType type, double v) {
    return TensorData.ofDoubles(type, new double[] {v});
  }

  /** Returns a float scalar constant. */
  static TensorData f32(float v) {
    return TensorData.ofFloats(new float[] {v});
  }

  /** Returns a uint8 scalar constant. */
  static TensorData u8(long v) {
    return scalar(DataType.UINT8, v);
  }

  /** A 1-D int64 run-time input (a shape, axes). */
  static HostTensor longs(long... v) {
    ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long x : v) {
      b.putLong(x);
    }
    return new HostTensor(ElementType.INT64, new long[] {v.length}, b.flip());
  }
}
