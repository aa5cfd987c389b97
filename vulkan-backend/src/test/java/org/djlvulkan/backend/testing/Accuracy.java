package org.djlvulkan.backend.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

/**
 * Compares kernel results with double-precision Java references and reports each case on stdout
 * (the surefire report keeps it): {@code max |diff|} against the bound {@code 1e-4 * max|ref| +
 * 1e-5}, or exact equality where the kernel's math is exact (max, copies).
 */
public final class Accuracy {
  /** Relative part of the tolerance. */
  public static final double RELATIVE = 1e-4;

  /** Absolute part of the tolerance. */
  public static final double ABSOLUTE = 1e-5;

  private Accuracy() {}

  /**
   * Asserts {@code max |actual - expected| <= 1e-4 * max|expected| + 1e-5} and reports it.
   *
   * @param label the case, for the report and the failure message
   * @param actual kernel results
   * @param expected the reference
   * @return the largest difference
   */
  public static double assertClose(String label, float[] actual, double[] expected) {
    assertThat(actual).as("%s: element count", label).hasSize(expected.length);
    double maxRef = 0;
    for (double e : expected) {
      maxRef = Math.max(maxRef, Math.abs(e));
    }
    double bound = RELATIVE * maxRef + ABSOLUTE;
    double maxDiff = 0;
    int worst = -1;
    for (int i = 0; i < actual.length; i++) {
      double d = Math.abs(actual[i] - expected[i]);
      if (!(d <= maxDiff)) {
        maxDiff = d;
        worst = i;
      }
    }
    report(label, maxDiff, bound, actual.length);
    if (!(maxDiff <= bound)) {
      throw new AssertionError(
          String.format(
              Locale.ROOT,
              "%s: max |diff| %.3e > bound %.3e at element %d (got %s, expected %s)",
              label,
              maxDiff,
              bound,
              worst,
              actual[worst],
              expected[worst]));
    }
    return maxDiff;
  }

  /**
   * Asserts that every result equals the reference rounded to float, and reports it.
   *
   * @param label the case
   * @param actual kernel results
   * @param expected the reference (exactly representable as floats)
   */
  public static void assertExact(String label, float[] actual, double[] expected) {
    assertThat(actual).as("%s: element count", label).hasSize(expected.length);
    int mismatches = 0;
    int first = -1;
    for (int i = 0; i < actual.length; i++) {
      if (Float.compare(actual[i], (float) expected[i]) != 0) {
        if (first < 0) {
          first = i;
        }
        mismatches++;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "[accuracy] %-60s exact, %d elements, %d mismatches%n",
        label,
        actual.length,
        mismatches);
    if (mismatches > 0) {
      throw new AssertionError(
          String.format(
              Locale.ROOT,
              "%s: %d of %d elements differ, first at %d (got %s, expected %s)",
              label,
              mismatches,
              actual.length,
              first,
              actual[first],
              (float) expected[first]));
    }
  }

  /**
   * Asserts {@code max |actual - expected| <= relative * max|expected|} (no absolute term: a
   * model's logits against ONNX Runtime's) and reports it.
   *
   * @param label the case, for the report and the failure message
   * @param actual the engine's results
   * @param expected the reference's
   * @param relative the bound as a fraction of the largest reference value
   */
  public static void assertWithinRelative(
      String label, float[] actual, float[] expected, double relative) {
    assertThat(actual).as("%s: element count", label).hasSize(expected.length);
    double maxRef = 0;
    double maxDiff = 0;
    for (int i = 0; i < expected.length; i++) {
      maxRef = Math.max(maxRef, Math.abs(expected[i]));
      maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
    }
    report(label, maxDiff, relative * maxRef, actual.length);
    assertThat(maxDiff).as(label).isLessThanOrEqualTo(relative * maxRef);
  }

  private static void report(String label, double maxDiff, double bound, int n) {
    System.out.printf(
        Locale.ROOT,
        "[accuracy] %-60s max|diff| %.2e <= %.2e, %d elements%n",
        label,
        maxDiff,
        bound,
        n);
  }
}
