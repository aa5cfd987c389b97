package org.djlvulkan.backend.ops.fp;

import org.djlvulkan.shaders.KernelId;

/**
 * The concrete shader variant of a {@link ConvKernel} and the weight packing it reads; part of a
 * {@link ConvPlan}, chosen only by {@link ConvKernelSelector}.
 */
public enum ConvVariant {
  /** {@code gemm_tiled_f32} on the input; weights in 4OC x 4IC blocks over K = IC. */
  POINTWISE_GEMM(KernelId.GEMM_TILED_F32),
  /**
   * {@code conv2d_im2col_f32} into scratch, then {@code gemm_tiled_f32}; weights in 4OC x 4IC
   * blocks over K = KH * KW * IC (tap-major).
   */
  IM2COL_GEMM(KernelId.GEMM_TILED_F32),
  /** {@code conv2d_direct_f32}: each oc4 in one group, group input channels 4-aligned. */
  DIRECT_BLOCKED(KernelId.CONV2D_DIRECT_F32),
  /** {@code conv2d_direct_gather_f32}: any groups; lanes gather their own input channel. */
  DIRECT_GATHER(KernelId.CONV2D_DIRECT_GATHER_F32),
  /** {@code conv2d_dw_f32}: depthwise, any kernel size. */
  DEPTHWISE(KernelId.CONV2D_DW_F32),
  /** {@code conv2d_dw3x3_f32}: depthwise 3x3 fast path. */
  DEPTHWISE_3X3(KernelId.CONV2D_DW3X3_F32);

  private final KernelId shader;

  ConvVariant(KernelId shader) {
    this.shader = shader;
  }

  /** Returns the kernel family. */
  public ConvKernel kernel() {
    return switch (this) {
      case POINTWISE_GEMM -> ConvKernel.POINTWISE;
      case IM2COL_GEMM -> ConvKernel.IM2COL;
      case DIRECT_BLOCKED, DIRECT_GATHER -> ConvKernel.DIRECT;
      case DEPTHWISE, DEPTHWISE_3X3 -> ConvKernel.DEPTHWISE;
    };
  }

  /** Returns the main shader. */
  public KernelId shader() {
    return shader;
  }
}
