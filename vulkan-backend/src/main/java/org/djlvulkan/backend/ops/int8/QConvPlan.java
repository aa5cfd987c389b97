package org.djlvulkan.backend.ops.int8;

import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.shaders.KernelId;

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
 * @param gemmTile the GEMM's workgroup tile ({@link QConvGemmTile#LARGE} only on cooperative
 *     matrices in one pass)
 * @param gemmTiling how the GEMM without cooperative matrices stages its operands ({@code
 *     q8ta_gemm} or {@code q8ta_gemm_reg}); ignored by the other kernels
 * @param splitInOnePass a split-K GEMM adds its slices in the same dispatch (the last workgroup of
 *     each tile, {@link #splitGemmShader}) instead of a reduce pass; false unless split
 * @param implicitIm2col an {@link QConvVariant#IM2COL_4W4C} GEMM computes its input from the
 *     convolution's 4W4C input itself (q8_gemm_io.glslh) instead of an im2col pass: one chunk, no
 *     scratch
 * @param workgroupSlices layers of invocations along K in each workgroup of the GEMM, adding them
 *     in shared memory ({@code q8ta_gemm_wgk} on the {@link QConvGemmTile#NARROW} tile, or {@code
 *     q8ta_gemm_coopmat_wgk} on the {@link QConvGemmTile#SMALL} tile with cooperative matrices), or
 *     1
 * @param scratchFromProducer an {@link QConvVariant#IM2COL_4W4C} GEMM's scratch (one chunk) may be
 *     written by the split-K reduce pass that produces the convolution's input ({@code
 *     q8ta_gemm_reduce_scatter}) instead of an im2col pass, where the lowering finds one
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
    QConvGemmTile gemmTile,
    QConvGemmTiling gemmTiling,
    boolean splitInOnePass,
    boolean implicitIm2col,
    int workgroupSlices,
    boolean scratchFromProducer) {

  /**
   * Checks that the tiling and tile are given and that a large or tall tile is a one-pass coopmat
   * GEMM.
   */
  public QConvPlan {
    if (gemmTiling == null || gemmTile == null) {
      throw new IllegalArgumentException("q8ta convolution plan needs a GEMM tiling and tile");
    }
    if (gemmTile.onePassCoopmatOnly() && (!cooperativeMatrix || gemmSplits != 1)) {
      throw new IllegalArgumentException(
          "the "
              + gemmTile
              + " GEMM tile is for one-pass cooperative-matrix GEMMs, got "
              + gemmSplits
              + " slices, cooperative matrices "
              + cooperativeMatrix);
    }
    // Layers run on one slice, on the narrow tile (register path) or the small one (cooperative
    // matrices); only they run on the narrow tile.
    boolean layered = workgroupSlices > 1;
    QConvGemmTile layerTile = cooperativeMatrix ? QConvGemmTile.SMALL : QConvGemmTile.NARROW;
    if (workgroupSlices < 1
        || (layered
            ? gemmTile != layerTile || gemmSplits != 1
            : gemmTile == QConvGemmTile.NARROW)) {
      throw new IllegalArgumentException(
          "the workgroup split K is a one-slice GEMM on the narrow tile (register path) or the"
              + " small tile (cooperative matrices), got "
              + workgroupSlices
              + " layers, tile "
              + gemmTile
              + ", "
              + gemmSplits
              + " slices, cooperative matrices "
              + cooperativeMatrix);
    }
  }

  /** Returns the main shader (the GEMM for im2col) for the plan's dot path. */
  public KernelId shader() {
    if (cooperativeMatrix) {
      if (workgroupSlices > 1) {
        return KernelId.Q8TA_GEMM_COOPMAT_WGK;
      }
      return switch (gemmTile) {
        case LARGE -> KernelId.Q8TA_GEMM_COOPMAT_WIDE;
        case TALL -> KernelId.Q8TA_GEMM_COOPMAT_TALL;
        default -> KernelId.Q8TA_GEMM_COOPMAT;
      };
    }
    if (workgroupSlices > 1) {
      return withDot(KernelId.Q8TA_GEMM_WGK, KernelId.Q8TA_GEMM_WGK_DOT);
    }
    if (registerTiledGemm()) {
      return withDot(KernelId.Q8TA_GEMM_REG, KernelId.Q8TA_GEMM_REG_DOT);
    }
    return variant.shader(dotPath);
  }

  /** Returns the split-K GEMM's partial-sum shader for the plan's dot path. */
  public KernelId partialGemmShader() {
    if (cooperativeMatrix) {
      return KernelId.Q8TA_GEMM_COOPMAT_PARTIAL;
    }
    return registerTiledGemm()
        ? withDot(KernelId.Q8TA_GEMM_REG_PARTIAL, KernelId.Q8TA_GEMM_REG_PARTIAL_DOT)
        : withDot(KernelId.Q8TA_GEMM_PARTIAL, KernelId.Q8TA_GEMM_PARTIAL_DOT);
  }

  /** Returns the one-pass split-K GEMM's shader for the plan's dot path. */
  public KernelId splitGemmShader() {
    if (cooperativeMatrix) {
      return KernelId.Q8TA_GEMM_COOPMAT_SPLITK;
    }
    return registerTiledGemm()
        ? withDot(KernelId.Q8TA_GEMM_REG_SPLITK, KernelId.Q8TA_GEMM_REG_SPLITK_DOT)
        : withDot(KernelId.Q8TA_GEMM_SPLITK, KernelId.Q8TA_GEMM_SPLITK_DOT);
  }

  /** Whether the kernel is a GEMM that runs the register-tiled shaders. */
  private boolean registerTiledGemm() {
    return gemmTiling == QConvGemmTiling.REGISTERS
        && (kernel == QConvKernel.POINTWISE || kernel == QConvKernel.IM2COL);
  }

  private KernelId withDot(KernelId plain, KernelId dot) {
    return dotPath == Int8DotPath.DOT_PRODUCT ? dot : plain;
  }
}
