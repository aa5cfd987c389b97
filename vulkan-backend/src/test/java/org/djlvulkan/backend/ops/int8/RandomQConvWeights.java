package org.djlvulkan.backend.ops.int8;

import java.util.Random;

/** Random q8ta convolution weights for tests: codes, per-channel scales and int32 biases. */
final class RandomQConvWeights {
  private RandomQConvWeights() {}

  /**
   * Returns weights of {@code oc} output channels over {@code ic} input channels and a {@code kh} x
   * {@code kw} window: codes in [-127, 127], scales 0.002 to 0.011, biases in [-1000, 1000], all
   * drawn from a seed made of the shape, so a shape always gets the same weights.
   *
   * @param oc output channels
   * @param ic input channels (per group)
   * @param kh window height
   * @param kw window width
   * @return the weights
   */
  static QConv2dWeights of(int oc, int ic, int kh, int kw) {
    Random r = new Random(ic * 31L + oc + kh);
    byte[] weights = new byte[oc * ic * kh * kw];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (byte) (r.nextInt(255) - 127);
    }
    float[] scales = new float[oc];
    int[] bias = new int[oc];
    for (int c = 0; c < oc; c++) {
      scales[c] = 0.002f + 0.001f * r.nextInt(10);
      bias[c] = r.nextInt(2001) - 1000;
    }
    return new QConv2dWeights(oc, ic, kh, kw, weights, scales, null, bias);
  }
}
