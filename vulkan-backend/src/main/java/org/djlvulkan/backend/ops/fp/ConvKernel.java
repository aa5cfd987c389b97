package org.djlvulkan.backend.ops.fp;

import org.djlvulkan.backend.ops.ConvFamily;

/** The fp32 convolution kernel families; {@link ConvKernelSelector} picks one per shape. */
public enum ConvKernel {
  /** Depthwise: groups == IC, OC = multiplier * IC (3x3 fast path). */
  DEPTHWISE(ConvFamily.DEPTHWISE),
  /** Tiled pointwise GEMM: groups == 1, 1x1, stride 1, no padding. */
  POINTWISE(ConvFamily.POINTWISE),
  /** im2col into a scratch tensor, then the tiled GEMM: groups == 1. */
  IM2COL(ConvFamily.IM2COL),
  /** Direct sliding window: any shape. */
  DIRECT(ConvFamily.SLIDING_WINDOW);

  private final ConvFamily family;

  ConvKernel(ConvFamily family) {
    this.family = family;
  }

  /** Returns the shape family whose rules decide whether this kernel can run a shape. */
  public ConvFamily family() {
    return family;
  }
}
