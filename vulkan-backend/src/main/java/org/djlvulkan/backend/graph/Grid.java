package org.djlvulkan.backend.graph;

import org.djlvulkan.backend.vk.DeviceCapabilities;

/**
 * A dispatch size in workgroups. Large 1-D dispatches are folded into 2-D so that no dimension
 * exceeds the device's limit (65535 on many drivers); kernels rebuild the linear index from {@code
 * gl_GlobalInvocationID} and {@code gl_NumWorkGroups}.
 *
 * @param x workgroups in x
 * @param y workgroups in y
 * @param z workgroups in z
 */
public record Grid(int x, int y, int z) {
  /**
   * Returns a grid that covers {@code invocations} threads in groups of {@code localSize}.
   *
   * @param caps the device's limits
   * @param invocations threads needed
   * @param localSize threads per workgroup
   * @return the grid
   */
  public static Grid linear(DeviceCapabilities caps, long invocations, int localSize) {
    long groups = Math.max(1, (invocations + localSize - 1) / localSize);
    int maxX = caps.maxWorkgroupCount()[0];
    if (groups <= maxX) {
      return new Grid((int) groups, 1, 1);
    }
    long y = (groups + maxX - 1) / maxX;
    if (y > caps.maxWorkgroupCount()[1]) {
      throw new IllegalArgumentException(
          "dispatch of " + invocations + " invocations exceeds the device's workgroup limits");
    }
    return new Grid(maxX, (int) y, 1);
  }
}
