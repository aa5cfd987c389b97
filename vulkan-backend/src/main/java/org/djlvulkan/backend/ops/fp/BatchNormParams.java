package org.djlvulkan.backend.ops.fp;

/**
 * Inference BatchNormalization of {@code C} channels: {@code y = (x - mean) / sqrt(var + epsilon) *
 * scale + bias}, i.e. {@code y = x * a + b} with {@code a = scale / sqrt(var + epsilon)} and {@code
 * b = bias - mean * a}. The host math runs in double and is rounded to float once.
 *
 * @param scale gamma, {@code C} values
 * @param bias beta, {@code C} values
 * @param mean running mean, {@code C} values
 * @param var running variance, {@code C} values
 * @param epsilon added to the variance
 */
public record BatchNormParams(
    float[] scale, float[] bias, float[] mean, float[] var, float epsilon) {

  /** Checks that the four vectors have the same length. */
  public BatchNormParams {
    int c = scale.length;
    if (bias.length != c || mean.length != c || var.length != c) {
      throw new IllegalArgumentException(
          "BatchNormalization vectors differ in length: scale "
              + c
              + ", bias "
              + bias.length
              + ", mean "
              + mean.length
              + ", var "
              + var.length);
    }
  }

  /** Returns the number of channels. */
  public int channels() {
    return scale.length;
  }

  /**
   * Returns the multiplier of a channel, {@code scale / sqrt(var + epsilon)}, in double.
   *
   * @param c the channel
   * @return a
   */
  public double multiplier(int c) {
    return scale[c] / Math.sqrt((double) var[c] + epsilon);
  }

  /**
   * Returns the offset of a channel, {@code bias - mean * a}, in double.
   *
   * @param c the channel
   * @return b
   */
  public double offset(int c) {
    return bias[c] - mean[c] * multiplier(c);
  }

  /**
   * Folds this BatchNormalization into the convolution before it: {@code w'[oc] = w[oc] * a[oc]},
   * {@code bias'[oc] = (bias[oc] - mean[oc]) * a[oc] + beta[oc]} (double math, rounded once).
   *
   * @param conv the convolution's weights; its output channels must equal this BN's channels
   * @return new weights with a bias
   */
  public Conv2dWeights foldInto(Conv2dWeights conv) {
    int oc = conv.outChannels();
    if (oc != channels()) {
      throw new IllegalArgumentException(
          "cannot fold BatchNormalization of "
              + channels()
              + " channels into a convolution with "
              + oc
              + " output channels");
    }
    float[] w = conv.weight();
    float[] folded = new float[w.length];
    int per = w.length / oc;
    float[] b = new float[oc];
    for (int c = 0; c < oc; c++) {
      double a = multiplier(c);
      for (int i = 0; i < per; i++) {
        folded[c * per + i] = (float) (w[c * per + i] * a);
      }
      b[c] = (float) (((double) conv.bias(c) - mean[c]) * a + bias[c]);
    }
    return new Conv2dWeights(
        oc, conv.inChannelsPerGroup(), conv.kernelH(), conv.kernelW(), folded, b);
  }
}
