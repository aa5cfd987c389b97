package org.djlvulkan.backend.testing;

import java.util.Locale;
import java.util.Random;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.QuantParams;

/**
 * Integer references for the quantized kernels: the int8 rounding rule, requantization, the packed
 * layouts (padding holds the zero point), random int8 data and a word-by-word comparison that names
 * the first differing element.
 */
public final class Int8Reference {
  private Int8Reference() {}

  /**
   * The int8 rounding rule: {@code clamp(roundEven(y) + zeroPoint, -128, 127)}.
   *
   * @param y a value in units of the output scale
   * @param zeroPoint the output's zero point
   * @return the int8 value
   */
  public static int quantize(float y, int zeroPoint) {
    double q = Math.rint(y) + zeroPoint;
    return (int) Math.max(-128, Math.min(127, q));
  }

  /**
   * Requantization: {@code quantize(float(q - z_in) * (s_in / s_out), z_out)}, float operations.
   *
   * @param q an int8 value
   * @param in its quantization
   * @param out the target quantization
   * @return the requantized value
   */
  public static int requantize(int q, QuantParams in, QuantParams out) {
    float ratio = in.scale() / out.scale();
    return quantize((float) (q - in.zeroPoint()) * ratio, out.zeroPoint());
  }

  /**
   * Packs NCHW int8 values into 4C1W or 4W4C words; padded lanes and W positions hold the zero
   * point.
   *
   * @param q NCHW int8 values
   * @param dims N, C, H, W
   * @param zeroPoint the padding value
   * @param layout {@link Layout#INT8_4C1W} or {@link Layout#INT8_4W4C}
   * @return the words
   */
  public static int[] pack(int[] q, int[] dims, int zeroPoint, Layout layout) {
    boolean is4w4c = layout == Layout.INT8_4W4C;
    int c4s = (dims[1] + 3) / 4;
    int paddedW = is4w4c ? (dims[3] + 3) / 4 * 4 : dims[3];
    int[] words = new int[dims[0] * dims[2] * c4s * paddedW];
    for (int n = 0; n < dims[0]; n++) {
      for (int h = 0; h < dims[2]; h++) {
        for (int w = 0; w < paddedW; w++) {
          for (int c4 = 0; c4 < c4s; c4++) {
            int word = 0;
            for (int j = 0; j < 4; j++) {
              int c = c4 * 4 + j;
              int v = c < dims[1] && w < dims[3] ? q[index(dims, n, c, h, w)] : zeroPoint;
              word |= (v & 0xFF) << (8 * j);
            }
            words[LayoutReference.wordIndex(dims, n, c4, h, w, is4w4c)] = word;
          }
        }
      }
    }
    return words;
  }

  /**
   * Returns the NCHW index of an element.
   *
   * @param dims N, C, H, W
   * @param n batch
   * @param c channel
   * @param h row
   * @param w column
   * @return {@code ((n * C + c) * H + h) * W + w}
   */
  public static int index(int[] dims, int n, int c, int h, int w) {
    return ((n * dims[1] + c) * dims[2] + h) * dims[3] + w;
  }

  /**
   * Returns random int8 values that include -128 and 127.
   *
   * @param count how many (at least 2)
   * @param seed the seed
   * @return values in [-128, 127]
   */
  public static int[] random(int count, long seed) {
    Random r = new Random(seed);
    int[] q = new int[count];
    for (int i = 0; i < count; i++) {
      q[i] = r.nextInt(256) - 128;
    }
    q[r.nextInt(count)] = -128;
    q[r.nextInt(count)] = 127;
    return q;
  }

  /**
   * Asserts that words equal the reference, naming the first difference by word and lane.
   *
   * @param label the case
   * @param actual the kernel's words
   * @param expected the reference words
   */
  public static void assertWords(String label, int[] actual, int[] expected) {
    if (actual.length != expected.length) {
      throw new AssertionError(
          label + ": " + actual.length + " words, expected " + expected.length);
    }
    int mismatches = 0;
    int first = -1;
    for (int i = 0; i < actual.length; i++) {
      if (actual[i] != expected[i]) {
        mismatches++;
        first = first < 0 ? i : first;
      }
    }
    if (mismatches > 0) {
      throw new AssertionError(
          String.format(
              Locale.ROOT,
              "%s: %d of %d words differ; first at word %d: got lanes %s, expected %s",
              label,
              mismatches,
              actual.length,
              first,
              lanes(actual[first]),
              lanes(expected[first])));
    }
  }

  /**
   * Asserts that values reach both ends of the int8 range, so that a test exercises saturation.
   *
   * @param label the case
   * @param q int8 values
   */
  public static void assertSaturatesBothEnds(String label, int[] q) {
    boolean low = false;
    boolean high = false;
    for (int v : q) {
      low |= v == -128;
      high |= v == 127;
    }
    if (!low || !high) {
      throw new AssertionError(
          label
              + ": the reference output should contain -128 and 127 (low="
              + low
              + ", high="
              + high
              + ")");
    }
  }

  private static String lanes(int word) {
    return String.format(
        Locale.ROOT,
        "[%d, %d, %d, %d]",
        (byte) word,
        (byte) (word >> 8),
        (byte) (word >> 16),
        (byte) (word >> 24));
  }
}
