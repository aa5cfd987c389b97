package org.djlvulkan.backend.lower;

import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.TensorData;

/**
 * A constant quantized weight's scales and zero points: one of each (per tensor), or one per output
 * channel.
 *
 * @param scales the scales
 * @param zeros the zero points, as many as scales
 */
record WeightGrid(float[] scales, long[] zeros) {
  /**
   * Reads a node's weight scale and zero-point inputs.
   *
   * @param cx the lowering
   * @param n the node
   * @param scaleInput the scale's input index
   * @param zeroInput the zero point's input index (may be absent: zero)
   * @param channels the output channel count
   * @return the grid
   */
  static WeightGrid read(
      LoweringContext cx, IrNode n, int scaleInput, int zeroInput, long channels) {
    float[] s = cx.constant(n, scaleInput, "weight scale").toFloats();
    TensorData zt = cx.optionalConstant(n, zeroInput, "weight zero point");
    long[] z = zt == null ? new long[s.length] : zt.toLongs();
    if ((s.length != 1 && s.length != channels) || z.length != s.length) {
      throw cx.unsupported(
          n,
          "weight quantization must be per tensor or per output channel ("
              + channels
              + "), has "
              + s.length
              + " scales and "
              + z.length
              + " zero points");
    }
    return new WeightGrid(s, z);
  }

  /** Returns channel {@code c}'s scale. */
  float scale(int c) {
    return scales[scales.length == 1 ? 0 : c];
  }

  /** Returns channel {@code c}'s zero point. */
  long zero(int c) {
    return zeros[zeros.length == 1 ? 0 : c];
  }
}
