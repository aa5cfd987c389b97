package org.djlvulkan.backend.ops.fp;

import org.djlvulkan.backend.tensor.Layout;

/**
 * What {@link ConvKernelSelector} decided for one convolution: the kernel, its shader variant, the
 * layouts it reads and writes, the output size and, for im2col, how the scratch is split.
 *
 * @param kernel the kernel family
 * @param variant the shader variant (and weight packing)
 * @param inputLayout the layout the kernel reads
 * @param outputLayout the layout the kernel writes
 * @param outH output height
 * @param outW output width
 * @param im2colRowsPerChunk output rows per im2col + GEMM pair (0 unless im2col)
 * @param im2colScratchBytes bytes of the im2col scratch (0 unless im2col)
 */
public record ConvPlan(
    ConvKernel kernel,
    ConvVariant variant,
    Layout inputLayout,
    Layout outputLayout,
    int outH,
    int outW,
    int im2colRowsPerChunk,
    long im2colScratchBytes) {

  /** Returns the number of im2col + GEMM dispatch pairs (0 unless im2col). */
  public int im2colChunks() {
    return im2colRowsPerChunk == 0 ? 0 : (outH + im2colRowsPerChunk - 1) / im2colRowsPerChunk;
  }
}
