package org.djlvulkan.backend.ops.int8;

import java.util.Optional;
import org.djlvulkan.shaders.KernelId;

/**
 * The concrete shaders of a {@link QConvKernel} and the weight packing they read; part of a {@link
 * QConvPlan}, chosen only by {@link QConvKernelSelector}.
 */
public enum QConvVariant {
  /** {@code q8ta_gemm} on the 4W4C input; weights in 4OC x 4IC blocks over K = IC. */
  POINTWISE_GEMM(QConvKernel.POINTWISE, KernelId.Q8TA_GEMM, KernelId.Q8TA_GEMM_DOT, null),
  /**
   * {@code q8ta_im2col} (4C1W or 4W4C input, any IC) into scratch, then {@code q8ta_gemm}; weights
   * in 4OC x 4IC blocks over K = KH * KW * IC (tap-major).
   */
  IM2COL_GENERIC(
      QConvKernel.IM2COL, KernelId.Q8TA_GEMM, KernelId.Q8TA_GEMM_DOT, KernelId.Q8TA_IM2COL),
  /**
   * {@code q8ta_im2col_4w4c} (4W4C input, IC % 4 == 0) into scratch, then {@code q8ta_gemm};
   * weights as {@link #IM2COL_GENERIC}.
   */
  IM2COL_4W4C(
      QConvKernel.IM2COL, KernelId.Q8TA_GEMM, KernelId.Q8TA_GEMM_DOT, KernelId.Q8TA_IM2COL_4W4C),
  /** {@code q8ta_conv2d}: each oc4 in one group whose input channels start at a multiple of 4. */
  GENERAL_BLOCKED(QConvKernel.GENERAL, KernelId.Q8TA_CONV2D, KernelId.Q8TA_CONV2D_DOT, null),
  /** {@code q8ta_conv2d_gather}: any groups; each lane reads its own group's input channels. */
  GENERAL_GATHER(
      QConvKernel.GENERAL, KernelId.Q8TA_CONV2D_GATHER, KernelId.Q8TA_CONV2D_GATHER_DOT, null),
  /** {@code q8ta_conv2d_dw}: depthwise, any kernel size (no dot product: one channel each). */
  DEPTHWISE(QConvKernel.DEPTHWISE, KernelId.Q8TA_CONV2D_DW, KernelId.Q8TA_CONV2D_DW, null),
  /**
   * {@code q8ta_conv2d_dw_3x3}: depthwise with a 3 x 3 kernel, its taps unrolled (every tap's reads
   * in flight at once).
   */
  DEPTHWISE_3X3(
      QConvKernel.DEPTHWISE, KernelId.Q8TA_CONV2D_DW_3X3, KernelId.Q8TA_CONV2D_DW_3X3, null);

  private final QConvKernel kernel;
  private final KernelId shader;
  private final KernelId dotShader;
  private final KernelId im2colShader;

  QConvVariant(QConvKernel kernel, KernelId shader, KernelId dotShader, KernelId im2colShader) {
    this.kernel = kernel;
    this.shader = shader;
    this.dotShader = dotShader;
    this.im2colShader = im2colShader;
  }

  /** Returns the kernel family. */
  public QConvKernel kernel() {
    return kernel;
  }

  /**
   * Returns the main shader (the GEMM for im2col) for a dot path: the {@code _dot} variant for
   * {@link Int8DotPath#DOT_PRODUCT} where the shader has one.
   *
   * @param dot the dot path
   * @return the shader
   */
  public KernelId shader(Int8DotPath dot) {
    return dot == Int8DotPath.DOT_PRODUCT ? dotShader : shader;
  }

  /** Returns the im2col shader that fills the scratch, for the im2col variants. */
  public Optional<KernelId> im2colShader() {
    return Optional.ofNullable(im2colShader);
  }
}
