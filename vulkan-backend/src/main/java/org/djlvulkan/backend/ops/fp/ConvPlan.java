package org.djlvulkan.backend.ops.fp;

import java.util.List;
import org.djlvulkan.backend.tensor.Layout;

/**
 * What {@link ConvKernelSelector} decided for one convolution: the kernel, its shader variant, the
 * layouts it reads and writes, the output size, for im2col the implicit or scratch form and how the
 * scratch is split, and the kernels of its GEMMs.
 *
 * @param kernel the kernel family
 * @param variant the shader variant (and weight packing)
 * @param inputLayout the layout the kernel reads
 * @param outputLayout the layout the kernel writes
 * @param outH output height
 * @param outW output width
 * @param im2colRowsPerChunk output rows per im2col + GEMM pair of the scratch form (0 unless
 *     im2col)
 * @param im2colScratchBytes bytes of the scratch form's im2col scratch (0 unless im2col)
 * @param implicitIm2col whether im2col runs as one GEMM that reads the input where im2col would
 *     gather it (no scratch)
 * @param gemms the GEMMs' kernels in dispatch order: pointwise and implicit im2col one, scratch
 *     im2col one per chunk; none for the direct and depthwise kernels
 */
public record ConvPlan(
    ConvKernel kernel,
    ConvVariant variant,
    Layout inputLayout,
    Layout outputLayout,
    int outH,
    int outW,
    int im2colRowsPerChunk,
    long im2colScratchBytes,
    boolean implicitIm2col,
    List<GemmPlan> gemms) {
  /** Copies the GEMMs. */
  public ConvPlan {
    gemms = List.copyOf(gemms);
  }

  /** Returns the number of im2col + GEMM dispatch pairs of the scratch form (0 unless im2col). */
  public int im2colChunks() {
    return im2colRowsPerChunk == 0 ? 0 : (outH + im2colRowsPerChunk - 1) / im2colRowsPerChunk;
  }
}
