package org.djlvulkan.backend.ops.int8;

import org.djlvulkan.backend.ops.ConvWeightShape;
import org.djlvulkan.backend.ops.OpSupport;

/**
 * A q8ta convolution's weights as the model stores them: int8 weights {@code [OC][IC /
 * groups][KH][KW]} row-major, symmetric (zero point 0) with one float scale per output channel, and
 * either an optional float bias {@code [OC]} or an int32 bias of scale {@code s_x * s_w[c]}.
 *
 * <p>The two bias forms requantize differently (both bit-exact on every device):
 *
 * <ul>
 *   <li>float bias (or none): {@code y = float(acc') * (s_x * s_w[c]) + bias[c]}, then {@code q =
 *       roundEven(y * (1 / s_y)) + z_y} (DESIGN.md section 4);
 *   <li>int32 bias (ONNX QLinearConv, possibly all zeros): ONNX Runtime's form, one rounding:
 *       {@code q = roundEven(float(acc' + b[c]) * M[c]) + z_y} with {@code M[c] = (s_x * s_w[c]) /
 *       s_y} computed once in float.
 * </ul>
 *
 * <p>The op builder repacks the weights once for the chosen kernel; the arrays are not copied, so
 * do not change them afterwards.
 *
 * @param outChannels OC
 * @param inChannelsPerGroup IC / groups
 * @param kernelH KH
 * @param kernelW KW
 * @param weight the int8 weights, {@code OC * IC/groups * KH * KW} values
 * @param scales the weight scale {@code s_w[c]} of each output channel, positive and finite
 * @param bias the float bias, {@code OC} values, or null for none
 * @param intBias the int32 bias, {@code OC} values, or null for the float form; selects ONNX
 *     Runtime's requantization when present (then {@code bias} must be null)
 */
public record QConv2dWeights(
    int outChannels,
    int inChannelsPerGroup,
    int kernelH,
    int kernelW,
    byte[] weight,
    float[] scales,
    float[] bias,
    int[] intBias)
    implements ConvWeightShape {
  /**
   * The longest reduction ({@code IC / groups * KH * KW}) the kernels take: below it the int32
   * accumulator {@code sum (x - z_x) * w} cannot overflow ({@code 255 * 128 * 65535 < 2^31}).
   */
  public static final int MAX_REDUCTION = 65535;

  /** Checks dimensions, array lengths and scales. */
  public QConv2dWeights {
    int[] dims = {outChannels, inChannelsPerGroup, kernelH, kernelW};
    ConvWeightShape.check(
        dims, weight == null ? -1 : weight.length, bias == null ? -1 : bias.length, "int8 values");
    long k = (long) inChannelsPerGroup * kernelH * kernelW;
    if (k > MAX_REDUCTION) {
      throw new IllegalArgumentException(
          "weights "
              + OpSupport.shape(outChannels, inChannelsPerGroup, kernelH, kernelW)
              + ": reduction length IC/groups*KH*KW = "
              + k
              + " exceeds "
              + MAX_REDUCTION
              + " (the int32 accumulator could overflow)");
    }
    if (scales == null || scales.length != outChannels) {
      throw new IllegalArgumentException(
          "weight scales need "
              + outChannels
              + " values (one per output channel), got "
              + (scales == null ? "null" : scales.length));
    }
    for (int c = 0; c < outChannels; c++) {
      if (!(scales[c] > 0) || Float.isInfinite(scales[c])) {
        throw new IllegalArgumentException(
            "weight scale of output channel " + c + " must be positive and finite: " + scales[c]);
      }
    }
    if (intBias != null && intBias.length != outChannels) {
      throw new IllegalArgumentException(
          "int32 bias needs " + outChannels + " values, got " + intBias.length);
    }
    if (intBias != null && bias != null) {
      throw new IllegalArgumentException("a float bias and an int32 bias are both given");
    }
  }

  /**
   * Returns whether these weights requantize like ONNX Runtime (an int32 bias is given).
   *
   * @return true for the int32 bias form
   */
  public boolean hasIntBias() {
    return intBias != null;
  }

  /**
   * Returns the int32 bias of an output channel (0 without one).
   *
   * @param oc output channel
   * @return the bias in units of {@code s_x * s_w[oc]}
   */
  public int intBias(int oc) {
    return intBias == null ? 0 : intBias[oc];
  }

  /**
   * Returns ONNX Runtime's requantization multiplier {@code M[oc] = (s_x * s_w[oc]) / s_y}: one
   * float multiply, then one float divide.
   *
   * @param oc output channel
   * @param inputScale {@code s_x}
   * @param outputScale {@code s_y}
   * @return the multiplier
   */
  public float multiplier(int oc, float inputScale, float outputScale) {
    float m = inputScale * scales[oc];
    return m / outputScale;
  }

  /**
   * Returns one int8 weight.
   *
   * @param oc output channel
   * @param icg input channel within the group
   * @param kh kernel row
   * @param kw kernel column
   * @return the weight in [-128, 127]
   */
  public int weight(int oc, int icg, int kh, int kw) {
    return weight[((oc * inChannelsPerGroup + icg) * kernelH + kh) * kernelW + kw];
  }

  /**
   * Returns the weight scale of an output channel.
   *
   * @param oc output channel
   * @return {@code s_w[oc]}
   */
  public float scale(int oc) {
    return scales[oc];
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

  /**
   * Returns {@code wsum[oc]}, the sum of an output channel's int8 weights.
   *
   * @param oc output channel
   * @return the sum
   */
  public int weightSum(int oc) {
    int k = reductionLength();
    int sum = 0;
    for (int i = oc * k; i < (oc + 1) * k; i++) {
      sum += weight[i];
    }
    return sum;
  }
}
