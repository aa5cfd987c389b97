package org.djlvulkan.backend.graph;

import static org.lwjgl.vulkan.VK10.VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT;
import static org.lwjgl.vulkan.VK10.VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT;
import static org.lwjgl.vulkan.VK10.VK_QUERY_RESULT_64_BIT;
import static org.lwjgl.vulkan.VK10.VK_QUERY_RESULT_WAIT_BIT;
import static org.lwjgl.vulkan.VK10.VK_QUERY_TYPE_TIMESTAMP;
import static org.lwjgl.vulkan.VK10.vkCmdResetQueryPool;
import static org.lwjgl.vulkan.VK10.vkCmdWriteTimestamp;
import static org.lwjgl.vulkan.VK10.vkCreateQueryPool;
import static org.lwjgl.vulkan.VK10.vkDestroyQueryPool;
import static org.lwjgl.vulkan.VK10.vkGetQueryPoolResults;

import java.util.ArrayList;
import java.util.List;
import org.djlvulkan.backend.model.NodeTiming;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.djlvulkan.backend.vk.errors.VkResults;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkQueryPoolCreateInfo;

/**
 * The timestamps of an execution context's recorded run: with profiling, one before the first
 * dispatch and one after each (per-node GPU times); else one before and one after all (the GPU
 * span); none on a device without timestamps, or when the span is turned off and profiling is not
 * on. Owns its query pool.
 */
final class RunTimestamps implements AutoCloseable {
  private final VulkanDevice device;
  private final List<DispatchNode> nodes;
  private final boolean profiling;
  private final boolean spanOnly;
  private final int count;
  private long queryPool;
  private double lastSpanMicros = Double.NaN;
  private List<NodeTiming> lastProfile = List.of();

  /**
   * Creates the query pool the run needs, if any.
   *
   * @param device the device
   * @param nodes the graph's dispatches
   * @param profiling whether to time each dispatch (needs timestamps)
   * @param span whether to time the run as a whole
   */
  RunTimestamps(VulkanDevice device, List<DispatchNode> nodes, boolean profiling, boolean span) {
    this.device = device;
    this.nodes = nodes;
    this.profiling = profiling;
    this.spanOnly = !profiling && span;
    this.count = profiling ? nodes.size() + 1 : spanOnly ? 2 : 0;
    if (count > 0) {
      try (MemoryStack stack = MemoryStack.stackPush()) {
        var p = stack.mallocLong(1);
        VkResults.check(
            vkCreateQueryPool(
                device.handle(),
                VkQueryPoolCreateInfo.calloc(stack)
                    .sType$Default()
                    .queryType(VK_QUERY_TYPE_TIMESTAMP)
                    .queryCount(count),
                null,
                p),
            "vkCreateQueryPool");
        queryPool = p.get(0);
      }
    }
  }

  /** Records the reset and the first timestamp, before the first dispatch. */
  void recordStart(VkCommandBuffer cmd) {
    if (count > 0) {
      vkCmdResetQueryPool(cmd, queryPool, 0, count);
      vkCmdWriteTimestamp(cmd, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, queryPool, 0);
    }
  }

  /** Records the timestamp after dispatch {@code n} when profiling. */
  void recordAfter(VkCommandBuffer cmd, int n) {
    if (profiling) {
      vkCmdWriteTimestamp(cmd, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, queryPool, n + 1);
    }
  }

  /**
   * Records the last timestamp of the span, after the last dispatch, when only the span is timed
   * (profiling records it after the last dispatch already).
   */
  void recordEnd(VkCommandBuffer cmd) {
    if (spanOnly) {
      vkCmdWriteTimestamp(cmd, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, queryPool, 1);
    }
  }

  /** Reads the finished run's timestamps. */
  void read() {
    if (count == 0) {
      return;
    }
    long[] stamps = new long[count];
    VkResults.check(
        vkGetQueryPoolResults(
            device.handle(),
            queryPool,
            0,
            count,
            stamps,
            8,
            VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT),
        "vkGetQueryPoolResults");
    double nsPerTick = device.capabilities().timestampPeriodNs();
    lastSpanMicros = (stamps[count - 1] - stamps[0]) * nsPerTick / 1000.0;
    if (profiling) {
      List<NodeTiming> timings = new ArrayList<>();
      for (int n = 0; n < nodes.size(); n++) {
        double micros = (stamps[n + 1] - stamps[n]) * nsPerTick / 1000.0;
        timings.add(
            new NodeTiming(
                n,
                nodes.get(n).op(),
                nodes.get(n).pipeline().kernel().kernelName(),
                micros,
                nodes.get(n).multiplyAdds()));
      }
      lastProfile = List.copyOf(timings);
    }
  }

  /** Returns the last run's GPU span in microseconds, NaN without timestamps or a run. */
  double lastSpanMicros() {
    return lastSpanMicros;
  }

  /** Returns the last run's per-node times (empty unless profiling). */
  List<NodeTiming> lastProfile() {
    return lastProfile;
  }

  @Override
  public void close() {
    if (queryPool != 0) {
      vkDestroyQueryPool(device.handle(), queryPool, null);
      queryPool = 0;
    }
  }
}
