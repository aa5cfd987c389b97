package org.djlvulkan.backend.ops;

/**
 * The shape {@code [OC, IC / groups, KH, KW]} of a convolution's weights, as the float ({@code
 * ops.fp.Conv2dWeights}) and the int8 ({@code ops.int8.QConv2dWeights}) weights both hold it.
 */
public interface ConvWeightShape {
  /** Returns the output channels (OC). */
  int outChannels();

  /** Returns the input channels of one group (IC / groups). */
  int inChannelsPerGroup();

  /** Returns the kernel height (KH). */
  int kernelH();

  /** Returns the kernel width (KW). */
  int kernelW();

  /** Returns the reduction length {@code IC / groups * KH * KW} of one output value. */
  default int reductionLength() {
    return inChannelsPerGroup() * kernelH() * kernelW();
  }

  /**
   * Returns the multiply-adds of the convolution over {@code outputPixels} output pixels (batch
   * included): {@code outputPixels * OC * IC / groups * KH * KW}, for the profile.
   *
   * @param outputPixels N * OH * OW
   * @return the multiply-adds
   */
  default long multiplyAdds(long outputPixels) {
    return outputPixels * outChannels() * reductionLength();
  }

  /**
   * Checks a convolution's weight dimensions and the lengths of its weight and bias arrays, for the
   * constructors of the weight records.
   *
   * @param dims {@code [OC, IC / groups, KH, KW]}
   * @param weights the length of the weight array, or -1 where it is null
   * @param bias the length of the bias array, or -1 where it is null (no bias)
   * @param elements what the weights are, for messages ("values", "int8 values")
   * @throws IllegalArgumentException naming the dimensions and the lengths that do not fit
   */
  static void check(int[] dims, int weights, int bias, String elements) {
    int outChannels = dims[0];
    int inChannelsPerGroup = dims[1];
    int kernelH = dims[2];
    int kernelW = dims[3];
    String shape = OpSupport.shape(outChannels, inChannelsPerGroup, kernelH, kernelW);
    if (outChannels < 1 || inChannelsPerGroup < 1 || kernelH < 1 || kernelW < 1) {
      throw new IllegalArgumentException("weight dimensions must be positive: " + shape);
    }
    long n = (long) outChannels * inChannelsPerGroup * kernelH * kernelW;
    if (weights != n) {
      throw new IllegalArgumentException(
          "weights "
              + shape
              + " need "
              + n
              + " "
              + elements
              + ", got "
              + (weights < 0 ? "null" : weights));
    }
    if (bias >= 0 && bias != outChannels) {
      throw new IllegalArgumentException("bias needs " + outChannels + " values, got " + bias);
    }
  }
}
