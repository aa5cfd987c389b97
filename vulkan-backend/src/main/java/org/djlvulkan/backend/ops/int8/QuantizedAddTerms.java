package org.djlvulkan.backend.ops.int8;

import org.djlvulkan.backend.graph.PushConstants;

/**
 * The terms of the quantized element-wise kernels' arithmetic ({@code int8_binary.comp}, and the
 * RESIDUAL forms of the q8ta GEMM passes, {@code quant/int8_add.glslh}), in the order their push
 * constants hold them: the integers subtracted from the operands' codes and added after rounding,
 * the operands' factors, the bounds (in output steps) and the constant term, and the output zero
 * point that padding holds.
 *
 * @param za subtracted from operand a's codes
 * @param zb subtracted from operand b's codes
 * @param zy added after rounding
 * @param ra a's factor
 * @param rb b's factor
 * @param lo lower bound, or negative infinity
 * @param hi upper bound, or positive infinity
 * @param base the constant term
 * @param zpad the output zero point, held by padding
 */
record QuantizedAddTerms(
    int za, int zb, int zy, float ra, float rb, float lo, float hi, float base, int zpad) {
  /** Returns whether the bounds clamp the result. */
  boolean clamp() {
    return lo != Float.NEGATIVE_INFINITY || hi != Float.POSITIVE_INFINITY;
  }

  /**
   * Appends the terms in the kernels' order: za, zb, zy, ra, rb, clamp flag, lo, hi, base, zpad.
   *
   * @param pc the push constants
   * @return {@code pc}
   */
  PushConstants append(PushConstants pc) {
    return pc.i(za).i(zb).i(zy).f(ra).f(rb).i(clamp() ? 1 : 0).f(lo).f(hi).f(base).i(zpad);
  }
}
