package org.djlvulkan.cli.bench;

import java.util.Arrays;

/**
 * The spread of timed runs.
 *
 * @param medianMillis the median run
 * @param p90Millis the 90th percentile run (nearest rank: the smallest run that at least 90% of the
 *     runs do not exceed)
 * @param runs how many runs
 */
public record LatencyStats(double medianMillis, double p90Millis, int runs) {

  /**
   * Summarizes run times.
   *
   * @param millis at least one run time (not modified)
   * @return median, 90th percentile and count
   */
  public static LatencyStats of(double[] millis) {
    if (millis.length == 0) {
      throw new IllegalArgumentException("no runs to summarize");
    }
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    int rank = (int) Math.ceil(0.9 * n);
    return new LatencyStats(median, sorted[rank - 1], n);
  }

  /**
   * Returns the throughput at the median.
   *
   * @param batch images per run
   * @return images per second
   */
  public double imagesPerSecond(int batch) {
    return batch * 1000.0 / medianMillis;
  }
}
