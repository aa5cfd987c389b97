package org.djlvulkan.backend.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Java references for int8 values packed four to a word in the layouts 4C1W and 4W4C (DESIGN.md
 * section 3; byte 0 = the lowest channel): packing NCHW int8 values, unpacking them, and listing
 * padding words that do not hold the zero point.
 */
public final class Int8Words {
  private Int8Words() {}

  /**
   * Packs NCHW int8 values; padded channels and W positions hold {@code padValue}.
   *
   * @param q NCHW values in [-128, 127]
   * @param dims N, C, H, W
   * @param padValue the value of padded bytes (the zero point)
   * @param layout4w4c true for 4W4C, false for 4C1W
   * @return the words
   */
  public static int[] pack(int[] q, int[] dims, int padValue, boolean layout4w4c) {
    int n = dims[0];
    int c = dims[1];
    int h = dims[2];
    int w = dims[3];
    int c4s = (c + 3) / 4;
    int wPadded = layout4w4c ? (w + 3) / 4 * 4 : w;
    int[] words = new int[n * h * c4s * wPadded];
    for (int b = 0; b < n; b++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < wPadded; x++) {
          for (int c4 = 0; c4 < c4s; c4++) {
            int word = 0;
            for (int j = 0; j < 4; j++) {
              int ch = c4 * 4 + j;
              int v = ch < c && x < w ? q[((b * c + ch) * h + y) * w + x] : padValue;
              word |= (v & 0xFF) << (8 * j);
            }
            words[LayoutReference.wordIndex(dims, b, c4, y, x, layout4w4c)] = word;
          }
        }
      }
    }
    return words;
  }

  /**
   * Unpacks words into NCHW int8 values (padding is skipped).
   *
   * @param words the packed words
   * @param dims N, C, H, W
   * @param layout4w4c true for 4W4C, false for 4C1W
   * @return the NCHW values
   */
  public static int[] unpack(int[] words, int[] dims, boolean layout4w4c) {
    int n = dims[0];
    int c = dims[1];
    int h = dims[2];
    int w = dims[3];
    int[] q = new int[n * c * h * w];
    for (int b = 0; b < n; b++) {
      for (int ch = 0; ch < c; ch++) {
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            int word = words[LayoutReference.wordIndex(dims, b, ch / 4, y, x, layout4w4c)];
            q[((b * c + ch) * h + y) * w + x] = (byte) (word >> (8 * (ch % 4)));
          }
        }
      }
    }
    return q;
  }

  /**
   * Lists the padded bytes (channels past C, W positions past W in 4W4C) that do not hold the zero
   * point, at most 10.
   *
   * @param words the packed words
   * @param dims N, C, H, W
   * @param zeroPoint the expected padding value
   * @param layout4w4c true for 4W4C, false for 4C1W
   * @return descriptions of the wrong bytes; empty when all padding is right
   */
  public static List<String> badPadding(
      int[] words, int[] dims, int zeroPoint, boolean layout4w4c) {
    int c = dims[1];
    int w = dims[3];
    int c4s = (c + 3) / 4;
    int wPadded = layout4w4c ? (w + 3) / 4 * 4 : w;
    List<String> bad = new ArrayList<>();
    for (int b = 0; b < dims[0]; b++) {
      for (int y = 0; y < dims[2]; y++) {
        for (int x = 0; x < wPadded; x++) {
          for (int ch = 0; ch < c4s * 4; ch++) {
            if (ch < c && x < w) {
              continue;
            }
            int word = words[LayoutReference.wordIndex(dims, b, ch / 4, y, x, layout4w4c)];
            int v = (byte) (word >> (8 * (ch % 4)));
            if (v != zeroPoint && bad.size() < 10) {
              bad.add("n=" + b + " c=" + ch + " h=" + y + " w=" + x + ": " + v);
            }
          }
        }
      }
    }
    return bad;
  }

  /**
   * Returns uniform random int8 values over the whole range [-128, 127].
   *
   * @param count how many
   * @param seed the seed
   * @return the values
   */
  public static int[] random(int count, long seed) {
    Random r = new Random(seed);
    int[] q = new int[count];
    for (int i = 0; i < count; i++) {
      q[i] = r.nextInt(256) - 128;
    }
    return q;
  }
}
