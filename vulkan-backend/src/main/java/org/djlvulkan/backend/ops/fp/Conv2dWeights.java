package org.djlvulkan.backend.ops.fp;

import org.djlvulkan.backend.ops.ConvWeightShape;

/**
 * A convolution's weights and optional bias as the model stores them: weight {@code [OC][IC /
 * groups][KH][KW]} row-major, bias {@code [OC]}. The op builder repacks them once for the chosen
 * kernel; the arrays are not copied, so do not change them afterwards.
 *
 * @param outChannels OC
 * @param inChannelsPerGroup IC / groups
 * @param kernelH KH
 * @param kernelW KW
 * @param weight the weights, {@code OC * IC/groups * KH * KW} values
 * @param bias the bias, {@code OC} values, or null for none
 */
public record Conv2dWeights(
    int outChannels, int inChannelsPerGroup, int kernelH, int kernelW, float[] weight, float[] bias)
    implements ConvWeightShape {

  /** Checks the array lengths against the dimensions. */
  public Conv2dWeights {
    int[] dims = {outChannels, inChannelsPerGroup, kernelH, kernelW};
    ConvWeightShape.check(
        dims, weight == null ? -1 : weight.length, bias == null ? -1 : bias.length, "values");
  }

  /**
   * Returns one weight.
   *
   * @param oc output channel
   * @param icg input channel within the group
   * @param kh kernel row
   * @param kw kernel column
   * @return the weight
   */
  public float weight(int oc, int icg, int kh, int kw) {
    return weight[((oc * inChannelsPerGroup + icg) * kernelH + kh) * kernelW + kw];
  }

  /**
   * Returns the bias of an output channel (0 without bias).
   *
   * @param oc output channel
   * @return the bias
   */
  public float bias(int oc) {
    return bias == null ? 0f : bias[oc];
  }
}
