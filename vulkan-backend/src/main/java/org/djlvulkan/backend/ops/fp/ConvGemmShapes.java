package org.djlvulkan.backend.ops.fp;

import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.ops.ConvWeightPacking;
import org.djlvulkan.backend.tensor.TensorSpec;

/**
 * The GEMMs a pointwise or im2col convolution runs, as {@link TiledGemm.Shape}s: one for pointwise,
 * one for the implicit im2col form, one per chunk of output rows for the scratch form. The selector
 * plans the GEMMs' kernels from them and the op builder dispatches them.
 */
final class ConvGemmShapes {
  private ConvGemmShapes() {}

  /** The GEMM of a pointwise convolution: every input position, K = IC. */
  static TiledGemm.Shape pointwise(TensorSpec in, int outChannels) {
    long plane = (long) in.h() * in.w();
    int k4 = ConvWeightPacking.ceil4(in.c());
    return of(in.n(), k4 * plane, Math.toIntExact(plane), k4, plane, outChannels, plane, 0);
  }

  /** The GEMM of the implicit im2col form: it reads the input where im2col would gather it. */
  static TiledGemm.Shape implicit(TensorSpec in, Conv2dParams p, ConvPlan plan, int outChannels) {
    int ic4s = ConvWeightPacking.ceil4(in.c());
    long outPlane = (long) plan.outH() * plan.outW();
    // The input strides in K and along positions are the implicit form's (gemm_input.glslh).
    return of(
        in.n(),
        (long) ic4s * in.h() * in.w(),
        Math.toIntExact(outPlane),
        ic4s * p.kernelH() * p.kernelW(),
        0,
        outChannels,
        outPlane,
        0);
  }

  /** The GEMM of the scratch chunk of {@code rows} output rows from {@code row0}. */
  static TiledGemm.Shape chunk(
      TensorSpec in, Conv2dParams p, int outH, int outW, int row0, int rows, int outChannels) {
    int k4 = ConvWeightPacking.ceil4(in.c() * p.kernelH() * p.kernelW());
    long chunkPlane = (long) rows * outW;
    return of(
        in.n(),
        k4 * chunkPlane,
        Math.toIntExact(chunkPlane),
        k4,
        chunkPlane,
        outChannels,
        (long) outH * outW,
        (long) row0 * outW);
  }

  /**
   * The GEMM of a convolution over {@code batches} batches {@code inBatchStride} apart that reads
   * {@code m} consecutive positions with {@code k4} groups {@code inKStride} apart (the input, or a
   * chunk of its im2col scratch) and writes the NC4HW4 output of {@code outPlane} positions per
   * channel group from position {@code outOffset} on.
   */
  private static TiledGemm.Shape of(
      int batches,
      long inBatchStride,
      int m,
      int k4,
      long inKStride,
      int outChannels,
      long outPlane,
      long outOffset) {
    int oc4 = ConvWeightPacking.ceil4(outChannels);
    return new TiledGemm.Shape(
        m,
        k4,
        outChannels,
        batches,
        inBatchStride,
        inKStride,
        1,
        oc4 * outPlane,
        outPlane,
        1,
        outOffset);
  }
}
