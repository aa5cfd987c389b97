package org.djlvulkan.backend.ops.int8;

/**
 * How the q8ta GEMM kernels (pointwise, im2col) stage their operands; part of a {@link QConvPlan}
 * unless the GEMM runs on cooperative matrices.
 */
public enum QConvGemmTiling {
  /** {@code q8ta_gemm}: 64 x 64 tiles staged through shared memory between workgroup barriers. */
  SHARED_MEMORY,
  /**
   * {@code q8ta_gemm_reg}: the same tiles, each invocation reading its own 8 pixels x 8 channels
   * straight from the buffers into registers (no shared memory, no barriers).
   */
  REGISTERS
}
