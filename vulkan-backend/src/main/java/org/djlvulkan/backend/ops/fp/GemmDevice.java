package org.djlvulkan.backend.ops.fp;

import org.djlvulkan.backend.config.KernelPolicy;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.vk.DeviceCapabilities;

/**
 * What the float GEMM's kernel choice depends on besides the GEMM: the device's capabilities, its
 * kernel policy and whether it is a GPU (CPU drivers take wide register tiles).
 *
 * @param caps the device's features and limits
 * @param policy the device's kernel policy
 * @param gpu whether the device is a GPU
 */
public record GemmDevice(DeviceCapabilities caps, KernelPolicy policy, boolean gpu) {
  /**
   * Returns the facts of a graph's device.
   *
   * @param g the graph
   * @return the facts
   */
  public static GemmDevice of(GraphBuilder g) {
    return new GemmDevice(g.capabilities(), g.kernelPolicy(), g.device().info().type().isGpu());
  }
}
