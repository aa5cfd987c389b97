package org.djlvulkan.tools.bench;

/**
 * What the dispatch-overhead benchmark measured (medians over the timed iterations).
 *
 * @param device the device's name
 * @param dispatches dependent dispatches per command buffer (each after a barrier)
 * @param iterations timed runs
 * @param gpuMicrosPerDispatch GPU time per dispatch from timestamps, or NaN without timestamps
 * @param wallMicrosPerRun wall time of one submit-and-wait of the whole chain
 * @param roundTripMicros wall time of one submit-and-wait of a single dispatch
 * @param wallMicrosPerDispatch {@code (wallMicrosPerRun - roundTripMicros) / (dispatches - 1)}
 * @param correct whether the chain produced {@code dispatches} (every increment seen)
 */
public record DispatchBenchResult(
    String device,
    int dispatches,
    int iterations,
    double gpuMicrosPerDispatch,
    double wallMicrosPerRun,
    double roundTripMicros,
    double wallMicrosPerDispatch,
    boolean correct) {

  /** Returns a short human-readable report. */
  public String report() {
    return String.format(
        "device: %s%n"
            + "dispatches per command buffer: %d (each behind a barrier), iterations: %d%n"
            + "GPU time per dispatch (timestamps): %.2f us%n"
            + "wall time per dispatch: %.2f us%n"
            + "submit-to-fence round trip (1 dispatch): %.1f us%n"
            + "wall time of the %d-dispatch chain: %.1f us%n"
            + "result check: %s",
        device,
        dispatches,
        iterations,
        gpuMicrosPerDispatch,
        wallMicrosPerDispatch,
        roundTripMicros,
        dispatches,
        wallMicrosPerRun,
        correct ? "ok" : "WRONG");
  }
}
