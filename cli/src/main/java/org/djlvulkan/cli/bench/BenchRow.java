package org.djlvulkan.cli.bench;

/**
 * The figures of one batch size. Peer figures are NaN when no peer ran.
 *
 * @param batch images per run
 * @param medianMillis the engine's median run
 * @param p90Millis the engine's 90th percentile run
 * @param imagesPerSecond the engine's throughput at the median
 * @param peerMedianMillis the peer's median run
 * @param peerP90Millis the peer's 90th percentile run
 * @param peerImagesPerSecond the peer's throughput at the median
 * @param speedup the peer's median divided by the engine's (above 1: the engine is faster)
 */
public record BenchRow(
    int batch,
    double medianMillis,
    double p90Millis,
    double imagesPerSecond,
    double peerMedianMillis,
    double peerP90Millis,
    double peerImagesPerSecond,
    double speedup) {

  /**
   * Returns the row of one batch size.
   *
   * @param batch images per run
   * @param engine the engine's runs
   * @param peer the peer's runs, or null when no peer ran
   * @return the row
   */
  public static BenchRow of(int batch, LatencyStats engine, LatencyStats peer) {
    if (peer == null) {
      return new BenchRow(
          batch,
          engine.medianMillis(),
          engine.p90Millis(),
          engine.imagesPerSecond(batch),
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN);
    }
    return new BenchRow(
        batch,
        engine.medianMillis(),
        engine.p90Millis(),
        engine.imagesPerSecond(batch),
        peer.medianMillis(),
        peer.p90Millis(),
        peer.imagesPerSecond(batch),
        peer.medianMillis() / engine.medianMillis());
  }
}
