package org.djlvulkan.backend.ops;

/**
 * The concrete shader variant of a {@link ConvKernel} and the weight packing it reads; part of a
 * {@link ConvPlan}, chosen only by {@link ConvKernelSelector}.
 */
public enum ConvVariant {
  /** {@code gemm_tiled_f32} on the input; weights in 4OC x 4IC blocks over K = IC. */
  POINTWISE_GEMM(ConvKernel.POINTWISE, "gemm_tiled_f32"),
  /**
   * {@code conv2d_im2col_f32} into scratch, then {@code gemm_tiled_f32}; weights in 4OC x 4IC
   * blocks over K = KH * KW * IC (tap-major).
   */
  IM2COL_GEMM(ConvKernel.IM2COL, "gemm_tiled_f32"),
  /** {@code conv2d_direct_f32}: each oc4 in one group, group input channels 4-aligned. */
  DIRECT_BLOCKED(ConvKernel.DIRECT, "conv2d_direct_f32"),
  /** {@code conv2d_direct_gather_f32}: any groups; lanes gather their own input channel. */
  DIRECT_GATHER(ConvKernel.DIRECT, "conv2d_direct_gather_f32"),
  /** {@code conv2d_dw_f32}: depthwise, any kernel size. */
  DEPTHWISE(ConvKernel.DEPTHWISE, "conv2d_dw_f32"),
  /** {@code conv2d_dw3x3_f32}: depthwise 3x3 fast path. */
  DEPTHWISE_3X3(ConvKernel.DEPTHWISE, "conv2d_dw3x3_f32");

  private final ConvKernel kernel;
  private final String shader;

  ConvVariant(ConvKernel kernel, String shader) {
    this.kernel = kernel;
    this.shader = shader;
  }

  /** Returns the kernel family. */
  public ConvKernel kernel() {
    return kernel;
  }

  /** Returns the name of the main shader in the kernel index. */
  public String shader() {
    return shader;
  }
}
