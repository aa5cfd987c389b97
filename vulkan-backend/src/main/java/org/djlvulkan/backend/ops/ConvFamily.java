package org.djlvulkan.backend.ops;

/**
 * The shape families that the fp32 and the int8 convolution kernels share: each kernel of {@link
 * ConvKernel} and {@link QConvKernel} belongs to one, and {@link ConvSelectorRules#whyNot} holds
 * the one rule per family that says whether a shape fits.
 */
public enum ConvFamily {
  /** groups == IC and OC a multiple of IC. */
  DEPTHWISE,
  /** groups == 1, 1x1, stride 1, no padding: a plain GEMM over the channels. */
  POINTWISE,
  /** groups == 1, with the im2col scratch within the device's storage-buffer range. */
  IM2COL,
  /** The sliding window, which runs every valid shape. */
  SLIDING_WINDOW
}
