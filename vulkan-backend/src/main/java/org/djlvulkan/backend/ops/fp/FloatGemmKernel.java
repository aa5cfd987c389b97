package org.djlvulkan.backend.ops.fp;

/**
 * The two fp32 GEMM kernels behind pointwise convolution, the GEMM half of im2col convolution and
 * linear layers. Both compute the same sums with the same epilogue; they differ in how a workgroup
 * shares its loads.
 */
public enum FloatGemmKernel {
  /**
   * {@code gemm_tiled_f32}: every invocation loads its own 4 positions and weight block from memory
   * and relies on the cache to share them; 64 invocations per workgroup. The better choice on CPU
   * drivers (lavapipe), where a workgroup's barriers cost more than they save.
   */
  REGISTER_TILES,
  /**
   * {@code gemm_shared_f32}: a workgroup of 128 invocations stages 64 positions x 64 output
   * channels' operands in shared memory, 32 channels of K at a time, and each invocation keeps 4
   * positions x 8 channels in registers; K is split over several workgroups (a second pass adds the
   * splits in order) when the output alone has too few tiles to fill a GPU.
   */
  SHARED_TILES,
  /**
   * {@code gemm_coopmat_f16}: the shared-tile GEMM's tiles, grid and split K on f16 x f16 -> f32
   * cooperative matrices (tensor cores), for fp16 activations only: the weights are rounded to fp16
   * as they are staged, the sums stay fp32. Needs {@code f16xf16->f32 16x16x16} cooperative
   * matrices, {@code shaderFloat16} and 32-wide subgroups.
   */
  COOPMAT_F16
}
