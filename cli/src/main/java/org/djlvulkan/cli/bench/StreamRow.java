package org.djlvulkan.cli.bench;

/**
 * Throughput of one batch size with several streams: each stream a thread with its own predictor
 * and input, running batch after batch, so one stream's upload and readback overlap another's GPU
 * work.
 *
 * @param batch the batch size
 * @param streams the streams
 * @param imagesPerSecond images per second over all streams (wall clock)
 * @param oneStreamImagesPerSecond images per second of one stream at its median latency, the same
 *     run's main table
 */
public record StreamRow(
    int batch, int streams, double imagesPerSecond, double oneStreamImagesPerSecond) {
  /** Returns the gain over one stream. */
  public double gain() {
    return imagesPerSecond / oneStreamImagesPerSecond;
  }
}
