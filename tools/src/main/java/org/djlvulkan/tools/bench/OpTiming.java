package org.djlvulkan.tools.bench;

import org.djlvulkan.backend.graph.ExecutionContext;
import org.djlvulkan.backend.model.NodeTiming;
import org.djlvulkan.backend.vk.VulkanDevice;

/** Times one operator's dispatches in a graph with GPU timestamps, for the kernel benchmarks. */
final class OpTiming {
  private OpTiming() {}

  /**
   * Checks the run counts and that the device has timestamp queries.
   *
   * @throws IllegalArgumentException for fewer than 1 iteration or negative warm-up runs
   * @throws IllegalStateException when the device has no timestamp queries
   */
  static void checkCanTime(VulkanDevice device, int warmup, int iterations) {
    if (iterations < 1 || warmup < 0) {
      throw new IllegalArgumentException("need at least 1 iteration and >= 0 warm-up runs");
    }
    if (!device.supportsTimestamps()) {
      throw new IllegalStateException(
          device.info().name() + " has no timestamp queries; the conv benchmark needs them");
    }
  }

  /**
   * Runs a profiling context {@code warmup + iterations} times and returns the median, over the
   * timed runs, of the summed time of the dispatches of {@code op}.
   */
  static double medianOpMicros(ExecutionContext ctx, String op, int warmup, int iterations) {
    double[] times = new double[iterations];
    for (int i = 0; i < warmup + iterations; i++) {
      ctx.run();
      if (i >= warmup) {
        double sum = 0;
        for (NodeTiming t : ctx.lastProfile()) {
          if (t.op().equals(op)) {
            sum += t.micros();
          }
        }
        times[i - warmup] = sum;
      }
    }
    return Stats.median(times);
  }
}
