package org.djlvulkan.backend.ops.int8;

import org.djlvulkan.backend.ops.ConvFamily;

/** The q8ta (int8) convolution kernel families; {@link QConvKernelSelector} picks one per shape. */
public enum QConvKernel {
  /** Depthwise: groups == IC, OC = multiplier * IC; 4C1W in and out. */
  DEPTHWISE(ConvFamily.DEPTHWISE),
  /** Tiled pointwise GEMM: groups == 1, 1x1, stride 1, no padding; 4W4C input. */
  POINTWISE(ConvFamily.POINTWISE),
  /** im2col into a 4W4C scratch, then the pointwise GEMM: groups == 1; 4C1W or 4W4C input. */
  IM2COL(ConvFamily.IM2COL),
  /** General sliding window: any shape; 4C1W input. */
  GENERAL(ConvFamily.SLIDING_WINDOW);

  private final ConvFamily family;

  QConvKernel(ConvFamily family) {
    this.family = family;
  }

  /** Returns the shape family whose rules decide whether this kernel can run a shape. */
  public ConvFamily family() {
    return family;
  }
}
