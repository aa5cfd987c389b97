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
}
