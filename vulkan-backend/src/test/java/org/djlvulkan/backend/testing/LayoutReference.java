package org.djlvulkan.backend.testing;

/**
 * Java references for the tensor layouts and the int8 quantization of DESIGN.md sections 3 and 4:
 * the same float operations, in the same order, as the kernels.
 */
public final class LayoutReference {
  private LayoutReference() {}

  /**
   * Packs NCHW into NC4HW4 (channels zero-padded to a multiple of 4).
   *
   * @param x NCHW values
   * @param n batch
   * @param c channels
   * @param h height
   * @param w width
   * @return the packed floats
   */
  public static float[] toNc4hw4(float[] x, int n, int c, int h, int w) {
    int c4s = (c + 3) / 4;
    float[] out = new float[n * c4s * h * w * 4];
    for (int in = 0; in < n; in++) {
      for (int ic = 0; ic < c; ic++) {
        for (int p = 0; p < h * w; p++) {
          out[((in * c4s + ic / 4) * h * w + p) * 4 + ic % 4] = x[(in * c + ic) * h * w + p];
        }
      }
    }
    return out;
  }

  /**
   * Quantizes one value: {@code clamp(roundEven(x * invScale) + zeroPoint, -128, 127)} in float.
   *
   * @param x the value
   * @param invScale {@code 1 / scale} as a float
   * @param zeroPoint the int8 zero point
   * @return the int8 value
   */
  public static int quantize(float x, float invScale, int zeroPoint) {
    float scaled = x * invScale;
    long rounded = (long) Math.rint(scaled);
    return (int) Math.max(-128, Math.min(127, rounded + zeroPoint));
  }

  /**
   * Dequantizes one value: {@code float(q - zeroPoint) * scale} in float.
   *
   * @param q the int8 value
   * @param scale the scale
   * @param zeroPoint the zero point
   * @return the float value
   */
  public static float dequantize(int q, float scale, int zeroPoint) {
    return (float) (q - zeroPoint) * scale;
  }

  /**
   * Quantizes NCHW floats into packed int8 words, 4C1W or 4W4C; padding holds the zero point.
   *
   * @param x NCHW values
   * @param dims N, C, H, W
   * @param invScale {@code 1 / scale}
   * @param zeroPoint zero point
   * @param layout4w4c true for 4W4C, false for 4C1W
   * @return the words
   */
  public static int[] quantizePacked(
      float[] x, int[] dims, float invScale, int zeroPoint, boolean layout4w4c) {
    int n = dims[0];
    int c = dims[1];
    int h = dims[2];
    int w = dims[3];
    int c4s = (c + 3) / 4;
    int w4s = (w + 3) / 4;
    int wPadded = layout4w4c ? w4s * 4 : w;
    int[] words = new int[n * h * c4s * wPadded];
    for (int in = 0; in < n; in++) {
      for (int ih = 0; ih < h; ih++) {
        for (int iw = 0; iw < wPadded; iw++) {
          for (int c4 = 0; c4 < c4s; c4++) {
            int word = 0;
            for (int j = 0; j < 4; j++) {
              int ic = c4 * 4 + j;
              int q = zeroPoint;
              if (ic < c && iw < w) {
                q = quantize(x[((in * c + ic) * h + ih) * w + iw], invScale, zeroPoint);
              }
              word |= (q & 0xFF) << (8 * j);
            }
            words[wordIndex(dims, in, c4, ih, iw, layout4w4c)] = word;
          }
        }
      }
    }
    return words;
  }

  /**
   * Returns the index of the word that holds channel group c4 at (n, h, w).
   *
   * @param dims N, C, H, W
   * @param n batch index
   * @param c4 channel group
   * @param h row
   * @param w column (may be in the W padding for 4W4C)
   * @param layout4w4c true for 4W4C, false for 4C1W
   * @return the word index
   */
  public static int wordIndex(int[] dims, int n, int c4, int h, int w, boolean layout4w4c) {
    int c4s = (dims[1] + 3) / 4;
    if (layout4w4c) {
      int w4s = (dims[3] + 3) / 4;
      return (((n * dims[2] + h) * w4s + w / 4) * c4s + c4) * 4 + w % 4;
    }
    return ((n * dims[2] + h) * c4s + c4) * dims[3] + w;
  }
}
