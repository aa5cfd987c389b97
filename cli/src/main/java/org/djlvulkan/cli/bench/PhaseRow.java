package org.djlvulkan.cli.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the time of one batch size's runs went, from the engine's per-run timing property: the
 * median of each phase over the timed runs, in milliseconds (dispatches and steps as counts).
 *
 * @param batch images per run
 * @param medians phase name to median value, in the engine's order
 */
public record PhaseRow(int batch, Map<String, Double> medians) {
  /** Phases the engine reports in microseconds. */
  static final List<String> TIMED =
      List.of("prepare", "upload", "gpu", "wait", "readback", "host", "outputs");

  /** Copies the map. */
  public PhaseRow {
    medians = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(medians));
  }

  /**
   * Returns the medians of the runs' phases.
   *
   * @param batch images per run
   * @param runs one map per timed run, as {@link EngineMetrics#timing} reads it
   * @return the row, or null when no run reported its phases
   */
  public static PhaseRow of(int batch, List<Map<String, Double>> runs) {
    if (runs.isEmpty()) {
      return null;
    }
    Map<String, Double> medians = new LinkedHashMap<>();
    for (String key : runs.get(0).keySet()) {
      double[] v = runs.stream().mapToDouble(r -> r.getOrDefault(key, Double.NaN)).toArray();
      Arrays.sort(v);
      double m = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
      medians.put(key, TIMED.contains(key) ? m / 1000.0 : m);
    }
    return new PhaseRow(batch, medians);
  }

  /** Returns a phase's median (ms, or a count), NaN when the engine did not report it. */
  public double get(String key) {
    return medians.getOrDefault(key, Double.NaN);
  }
}
