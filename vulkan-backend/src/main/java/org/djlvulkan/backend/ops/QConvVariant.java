package org.djlvulkan.backend.ops;

import java.util.Optional;

/**
 * The concrete shaders of a {@link QConvKernel} and the weight packing they read; part of a {@link
 * QConvPlan}, chosen only by {@link QConvKernelSelector}.
 */
public enum QConvVariant {
  /** {@code q8ta_gemm} on the 4W4C input; weights in 4OC x 4IC blocks over K = IC. */
  POINTWISE_GEMM(QConvKernel.POINTWISE, "q8ta_gemm", null, true),
  /**
   * {@code q8ta_im2col} (4C1W or 4W4C input, any IC) into scratch, then {@code q8ta_gemm}; weights
   * in 4OC x 4IC blocks over K = KH * KW * IC (tap-major).
   */
  IM2COL_GENERIC(QConvKernel.IM2COL, "q8ta_gemm", "q8ta_im2col", true),
  /**
   * {@code q8ta_im2col_4w4c} (4W4C input, IC % 4 == 0) into scratch, then {@code q8ta_gemm};
   * weights as {@link #IM2COL_GENERIC}.
   */
  IM2COL_4W4C(QConvKernel.IM2COL, "q8ta_gemm", "q8ta_im2col_4w4c", true),
  /** {@code q8ta_conv2d}: each oc4 in one group whose input channels start at a multiple of 4. */
  GENERAL_BLOCKED(QConvKernel.GENERAL, "q8ta_conv2d", null, true),
  /** {@code q8ta_conv2d_gather}: any groups; each lane reads its own group's input channels. */
  GENERAL_GATHER(QConvKernel.GENERAL, "q8ta_conv2d_gather", null, true),
  /** {@code q8ta_conv2d_dw}: depthwise, any kernel size (no dot product: one channel each). */
  DEPTHWISE(QConvKernel.DEPTHWISE, "q8ta_conv2d_dw", null, false);

  private final QConvKernel kernel;
  private final String shader;
  private final String im2colShader;
  private final boolean usesDot;

  QConvVariant(QConvKernel kernel, String shader, String im2colShader, boolean usesDot) {
    this.kernel = kernel;
    this.shader = shader;
    this.im2colShader = im2colShader;
    this.usesDot = usesDot;
  }

  /** Returns the kernel family. */
  public QConvKernel kernel() {
    return kernel;
  }

  /**
   * Returns the name of the main shader (the GEMM for im2col) in the kernel index for a dot path:
   * the {@code _dot} variant for {@link Int8DotPath#DOT_PRODUCT} where the shader has one.
   *
   * @param dot the dot path
   * @return the shader's name
   */
  public String shader(Int8DotPath dot) {
    return usesDot && dot == Int8DotPath.DOT_PRODUCT ? shader + "_dot" : shader;
  }

  /** Returns the im2col shader that fills the scratch, for the im2col variants. */
  public Optional<String> im2colShader() {
    return Optional.ofNullable(im2colShader);
  }
}
