package org.djlvulkan.tools.testcase;

import java.util.Arrays;
import org.djlvulkan.backend.ir.TensorData;

/**
 * The comparison of one output with its expected value.
 *
 * @param matches whether type, shape and every element agree within the tolerance
 * @param maxDiff the largest {@code |actual - expected|} (0 when type or shape differ)
 * @param problem why it does not match, or empty
 */
public record OutputComparison(boolean matches, double maxDiff, String problem) {

  /**
   * Compares an output with the expected tensor, with {@link Tolerance#of} the expected type. NaN
   * matches NaN; infinities must be equal.
   *
   * @param expected the reference
   * @param actual what the model produced
   * @return the comparison
   */
  public static OutputComparison compare(TensorData expected, TensorData actual) {
    if (expected.type() != actual.type()) {
      return new OutputComparison(
          false, 0, "type " + actual.type() + ", expected " + expected.type());
    }
    if (!Arrays.equals(expected.shape(), actual.shape())) {
      return new OutputComparison(
          false,
          0,
          "shape "
              + Arrays.toString(actual.shape())
              + ", expected "
              + Arrays.toString(expected.shape()));
    }
    return expected.type().isFloat()
        ? compareFloats(expected, actual)
        : compareIntegers(expected, actual);
  }

  private static OutputComparison compareFloats(TensorData expected, TensorData actual) {
    double[] e = expected.toDoubles();
    double[] a = actual.toDoubles();
    double maxMagnitude = 0;
    for (double v : e) {
      if (Double.isFinite(v)) {
        maxMagnitude = Math.max(maxMagnitude, Math.abs(v));
      }
    }
    Tolerance tol = Tolerance.of(expected.type());
    double atol = tol.atol(maxMagnitude);
    double maxDiff = 0;
    int worst = -1;
    int bad = 0;
    for (int i = 0; i < e.length; i++) {
      boolean ok;
      double diff;
      if (Double.isNaN(e[i]) || Double.isInfinite(e[i])) {
        ok = Double.compare(e[i], a[i]) == 0;
        diff = ok ? 0 : Double.POSITIVE_INFINITY;
      } else {
        diff = Math.abs(a[i] - e[i]);
        ok = diff <= atol + tol.rtol() * Math.abs(e[i]);
        diff = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff;
      }
      if (!ok) {
        bad++;
        if (worst < 0 || diff > Math.abs(a[worst] - e[worst])) {
          worst = i;
        }
      }
      maxDiff = Math.max(maxDiff, diff);
    }
    return result(
        bad,
        e.length,
        maxDiff,
        "outside " + tol.describe() + " (atol " + atol + "); worst",
        worst,
        worst < 0 ? 0 : a[worst],
        worst < 0 ? 0 : e[worst]);
  }

  private static OutputComparison compareIntegers(TensorData expected, TensorData actual) {
    long[] e = expected.toLongs();
    long[] a = actual.toLongs();
    double maxDiff = 0;
    int bad = 0;
    int first = -1;
    for (int i = 0; i < e.length; i++) {
      if (a[i] != e[i]) {
        bad++;
        first = first < 0 ? i : first;
        maxDiff = Math.max(maxDiff, Math.abs((double) a[i] - e[i]));
      }
    }
    return result(
        bad,
        e.length,
        maxDiff,
        "differ (exact for " + expected.type() + "); first",
        first,
        first < 0 ? 0 : a[first],
        first < 0 ? 0 : e[first]);
  }

  /** A match when nothing is bad; else a mismatch naming the count and one element. */
  private static OutputComparison result(
      int bad, int count, double maxDiff, String how, int at, Object actual, Object expected) {
    if (bad == 0) {
      return new OutputComparison(true, maxDiff, "");
    }
    return new OutputComparison(
        false,
        maxDiff,
        bad
            + " of "
            + count
            + " elements "
            + how
            + " at "
            + at
            + ": "
            + actual
            + ", expected "
            + expected);
  }
}
