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
 * @param gemmTiling how the GEMM without cooperative matrices stages its operands ({@code
 *     q8ta_gemm} or {@code q8ta_gemm_reg}); ignored by the other kernels
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
    boolean cooperativeMatrix,
    QConvGemmTiling gemmTiling) {

  /** The cooperative-matrix GEMM and its split-K partial-sum form. */
  private static final String COOPMAT_GEMM = "q8ta_gemm_coopmat";

  /** The register-tiled GEMM, {@code _partial} and {@code _dot} appended for its forms. */
  private static final String REGISTER_GEMM = "q8ta_gemm_reg";

  /** The shared-memory GEMM's split-K partial-sum form. */
  private static final String SHARED_PARTIAL_GEMM = "q8ta_gemm_partial";

  /** Checks that the tiling is given. */
  public QConvPlan {
    if (gemmTiling == null) {
      throw new IllegalArgumentException("q8ta convolution plan needs a GEMM tiling");
    }
  }

  /** Returns the name of the main shader (the GEMM for im2col) for the plan's dot path. */
  public String shader() {
    if (cooperativeMatrix) {
      return COOPMAT_GEMM;
    }
    if (registerTiledGemm()) {
      return withDot(REGISTER_GEMM);
    }
    return variant.shader(dotPath);
  }

  /** Returns the name of the split-K GEMM's partial-sum shader for the plan's dot path. */
  public String partialGemmShader() {
    if (cooperativeMatrix) {
      return COOPMAT_GEMM + "_partial";
    }
    return withDot(registerTiledGemm() ? REGISTER_GEMM + "_partial" : SHARED_PARTIAL_GEMM);
  }

  /** Whether the kernel is a GEMM that runs the register-tiled shaders. */
  private boolean registerTiledGemm() {
    return gemmTiling == QConvGemmTiling.REGISTERS
        && (kernel == QConvKernel.POINTWISE || kernel == QConvKernel.IM2COL);
  }

  private String withDot(String shader) {
    return dotPath == Int8DotPath.DOT_PRODUCT ? shader + "_dot" : shader;
  }
}
