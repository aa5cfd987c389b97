package org.djlvulkan.backend.ops;

/** The q8ta (int8) convolution kernel families; {@link QConvKernelSelector} picks one per shape. */
public enum QConvKernel {
  /** Depthwise: groups == IC, OC = multiplier * IC; 4C1W in and out. */
  DEPTHWISE,
  /** Tiled pointwise GEMM: groups == 1, 1x1, stride 1, no padding; 4W4C input. */
  POINTWISE,
  /** im2col into a 4W4C scratch, then the pointwise GEMM: groups == 1; 4C1W or 4W4C input. */
  IM2COL,
  /** General sliding window: any shape; 4C1W input. */
  GENERAL
}
