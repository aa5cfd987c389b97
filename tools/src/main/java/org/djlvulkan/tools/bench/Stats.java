package org.djlvulkan.tools.bench;

import java.util.Arrays;

/** Small statistics the benchmarks share. */
final class Stats {
  private Stats() {}

  /**
   * Returns the median.
   *
   * @param values at least one value (not modified)
   * @return the middle value, or the mean of the two middle values
   */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
