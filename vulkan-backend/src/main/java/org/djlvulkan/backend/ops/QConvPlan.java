package org.djlvulkan.backend.ops;

import org.djlvulkan.backend.tensor.Layout;

/**
 * What {@link QConvKernelSelector} decided for one q8ta convolution: the kernel, its shader variant
 * and dot path, the layouts it reads and writes, the output size and, for im2col, how the scratch
 * is split.
 *
 * @param kernel the kernel family
 * @param variant the shader variant (and weight packing)
 * @param dotPath how the shaders compute packed int8 dot products
 * @param inputLayout the layout the kernel reads (a layout change is added when the input differs)
 * @param outputLayout the layout the kernel writes
 * @param outH output height
 * @param outW output width
 * @param im2colPixelsPerChunk output pixels per im2col + GEMM pair, a multiple of 4 (0 unless
 *     im2col)
 * @param im2colChunks im2col + GEMM pairs covering the N * OH * OW output pixels (0 unless im2col)
 * @param im2colScratchBytes bytes of the im2col scratch (0 unless im2col)
 * @param gemmSplits reduction slices of each GEMM dispatch: 1 for one pass, more for a split-K GEMM
 *     plus a reduce pass (1 for the sliding-window kernels)
 * @param cooperativeMatrix the GEMM runs on cooperative matrices ({@code q8ta_gemm_coopmat}, any
 *     dot path); only for the GEMM kernels
 */
public record QConvPlan(
    QConvKernel kernel,
    QConvVariant variant,
    Int8DotPath dotPath,
    Layout inputLayout,
    Layout outputLayout,
    int outH,
    int outW,
    int im2colPixelsPerChunk,
    int im2colChunks,
    long im2colScratchBytes,
    int gemmSplits,
    boolean cooperativeMatrix) {

  /** The cooperative-matrix GEMM and its split-K partial-sum form. */
  private static final String COOPMAT_GEMM = "q8ta_gemm_coopmat";

  /**
   * A plan without cooperative matrices.
   *
   * @param kernel the kernel family
   * @param variant the shader variant (and weight packing)
   * @param dotPath how the shaders compute packed int8 dot products
   * @param inputLayout the layout the kernel reads
   * @param outputLayout the layout the kernel writes
   * @param outH output height
   * @param outW output width
   * @param im2colPixelsPerChunk output pixels per im2col + GEMM pair (0 unless im2col)
   * @param im2colChunks im2col + GEMM pairs (0 unless im2col)
   * @param im2colScratchBytes bytes of the im2col scratch (0 unless im2col)
   * @param gemmSplits reduction slices of each GEMM dispatch
   */
  public QConvPlan(
      QConvKernel kernel,
      QConvVariant variant,
      Int8DotPath dotPath,
      Layout inputLayout,
      Layout outputLayout,
      int outH,
      int outW,
      int im2colPixelsPerChunk,
      int im2colChunks,
      long im2colScratchBytes,
      int gemmSplits) {
    this(
        kernel,
        variant,
        dotPath,
        inputLayout,
        outputLayout,
        outH,
        outW,
        im2colPixelsPerChunk,
        im2colChunks,
        im2colScratchBytes,
        gemmSplits,
        false);
  }

  /** Returns the name of the main shader (the GEMM for im2col) for the plan's dot path. */
  public String shader() {
    return cooperativeMatrix ? COOPMAT_GEMM : variant.shader(dotPath);
  }

  /** Returns the name of the split-K GEMM's partial-sum shader for the plan's dot path. */
  public String partialGemmShader() {
    if (cooperativeMatrix) {
      return COOPMAT_GEMM + "_partial";
    }
    return dotPath == Int8DotPath.DOT_PRODUCT ? "q8ta_gemm_partial_dot" : "q8ta_gemm_partial";
  }
}
