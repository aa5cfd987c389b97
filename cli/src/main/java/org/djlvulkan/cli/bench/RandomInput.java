package org.djlvulkan.cli.bench;

import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.djlvulkan.backend.tensor.Float16;

/** The benchmark's input: seeded random values, the same for the engine and the peer. */
public final class RandomInput {
  /** The range of the values, about that of ImageNet-normalized pixels. */
  public static final double BOUND = 2.0;

  private RandomInput() {}

  /**
   * Returns values uniform in [-{@value #BOUND}, {@value #BOUND}).
   *
   * @param count how many
   * @param seed the same seed gives the same values
   * @return the values
   */
  public static float[] values(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] out = new float[count];
    for (int i = 0; i < count; i++) {
      out[i] = (float) random.nextDouble(-BOUND, BOUND);
    }
    return out;
  }

  /**
   * Returns values as the bytes of a tensor in a direct buffer of native byte order.
   *
   * @param values the values
   * @param type float32, or float16 (rounded to nearest, ties to even)
   * @return the buffer, position 0
   */
  public static ByteBuffer bytes(float[] values, DataType type) {
    if (type == DataType.FLOAT32) {
      ByteBuffer out = ByteBuffer.allocateDirect(4 * values.length).order(ByteOrder.nativeOrder());
      out.asFloatBuffer().put(values);
      return out;
    }
    if (type == DataType.FLOAT16) {
      ByteBuffer out = ByteBuffer.allocateDirect(2 * values.length).order(ByteOrder.nativeOrder());
      for (float v : values) {
        out.putShort(Float16.fromFloat(v));
      }
      return out.flip();
    }
    throw new IllegalArgumentException("the bench feeds float32 or float16 inputs, not " + type);
  }
}
