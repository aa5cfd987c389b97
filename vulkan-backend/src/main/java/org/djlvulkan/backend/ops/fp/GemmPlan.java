package org.djlvulkan.backend.ops.fp;

/**
 * How one float GEMM runs: the kernel and, for the workgroup-tile kernels ({@link
 * FloatGemmKernel#SHARED_TILES}, {@link FloatGemmKernel#COOPMAT_F16}), the number of splits of K
 * (1: one pass with the epilogue; more: partial sums, then a reduce pass).
 *
 * @param kernel the kernel
 * @param splits splits of K
 */
public record GemmPlan(FloatGemmKernel kernel, int splits) {}
