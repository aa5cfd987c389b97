package org.djlvulkan.tools.testcase;

import org.djlvulkan.backend.ir.DataType;

/**
 * How close an output element must be to the expected one: {@code |actual - expected| <= atol +
 * rtol * |expected|}, where {@code atol = max(atolFloor, atolScale * max|expected|)} over the whole
 * output. ONNX's backend tests use rtol 1e-3 and atol 1e-7; the absolute part is scaled by the
 * output's magnitude here because a GPU sums in another order than the reference, and the rounding
 * error of a sum that cancels to near zero is proportional to its terms, not to its result.
 *
 * @param rtol the relative tolerance
 * @param atolScale the absolute tolerance per unit of the output's largest magnitude
 * @param atolFloor the smallest absolute tolerance
 */
public record Tolerance(double rtol, double atolScale, double atolFloor) {
  /** Integers and quantized codes: exact. */
  public static final Tolerance EXACT = new Tolerance(0, 0, 0);

  /** float32 and float64: rtol 1e-3, atol max(1e-7, 1e-5 * max|expected|). */
  public static final Tolerance FLOAT32 = new Tolerance(1e-3, 1e-5, 1e-7);

  /** float16 and bfloat16: rtol 2e-3 (two half-precision steps), atol max(1e-7, 1e-3 * max). */
  public static final Tolerance FLOAT16 = new Tolerance(2e-3, 1e-3, 1e-7);

  /**
   * Returns the tolerance for outputs of a type.
   *
   * @param type the element type
   * @return {@link #FLOAT32}, {@link #FLOAT16} or {@link #EXACT}
   */
  public static Tolerance of(DataType type) {
    switch (type) {
      case FLOAT:
      case DOUBLE:
        return FLOAT32;
      case FLOAT16:
      case BFLOAT16:
        return FLOAT16;
      default:
        return EXACT;
    }
  }

  /**
   * Returns the absolute tolerance for an output.
   *
   * @param maxMagnitude the largest {@code |expected|} of the output
   * @return the absolute tolerance
   */
  public double atol(double maxMagnitude) {
    return Math.max(atolFloor, atolScale * maxMagnitude);
  }

  /** Returns a one-line description, such as {@code rtol 0.001, atol max(1e-07, 1e-05 * max)}. */
  public String describe() {
    if (rtol == 0 && atolScale == 0 && atolFloor == 0) {
      return "exact";
    }
    return "rtol " + rtol + ", atol max(" + atolFloor + ", " + atolScale + " * max|expected|)";
  }
}
