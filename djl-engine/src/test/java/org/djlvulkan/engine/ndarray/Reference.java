package org.djlvulkan.engine.ndarray;

import ai.djl.ndarray.types.Shape;
import java.util.Random;

/** Plain-Java references for the host operations, written for clarity rather than speed. */
final class Reference {
  private Reference() {}

  /** Returns the coordinates of flat index {@code n} in a row-major shape. */
  static long[] coordinates(long n, Shape shape) {
    long[] c = new long[shape.dimension()];
    for (int i = shape.dimension() - 1; i >= 0; i--) {
      c[i] = n % shape.get(i);
      n /= shape.get(i);
    }
    return c;
  }

  /** Returns the flat index of coordinates in a row-major shape. */
  static int flat(long[] c, Shape shape) {
    long n = 0;
    for (int i = 0; i < shape.dimension(); i++) {
      n = n * shape.get(i) + c[i];
    }
    return (int) n;
  }

  /**
   * Returns the flat index an operand of shape {@code from} reads for result coordinates {@code c}
   * under NumPy broadcasting.
   */
  static int broadcastIndex(long[] c, Shape from) {
    long[] own = new long[from.dimension()];
    int offset = c.length - from.dimension();
    for (int i = 0; i < own.length; i++) {
      own[i] = from.get(i) == 1 ? 0 : c[i + offset];
    }
    return flat(own, from);
  }

  /** Returns {@code count} floats uniform in [-range, range). */
  static float[] randomFloats(Random random, int count, float range) {
    float[] out = new float[count];
    for (int i = 0; i < count; i++) {
      out[i] = (random.nextFloat() * 2 - 1) * range;
    }
    return out;
  }

  /** Returns {@code count} ints uniform in [-range, range). */
  static int[] randomInts(Random random, int count, int range) {
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = random.nextInt(2 * range) - range;
    }
    return out;
  }
}
