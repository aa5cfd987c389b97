package org.djlvulkan.backend.vk;

import static org.lwjgl.vulkan.VK10.*;

/** The kind of a Vulkan physical device, in the default order of preference. */
public enum DeviceType {
  /** A discrete GPU. */
  DISCRETE_GPU,
  /** A GPU integrated with the CPU. */
  INTEGRATED_GPU,
  /** A virtualized GPU. */
  VIRTUAL_GPU,
  /** A CPU driver such as Mesa's lavapipe. */
  CPU,
  /** Anything else. */
  OTHER;

  /**
   * Maps a {@code VkPhysicalDeviceType}.
   *
   * @param vkType the Vulkan enum value
   * @return the matching constant
   */
  public static DeviceType of(int vkType) {
    switch (vkType) {
      case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
        return DISCRETE_GPU;
      case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
        return INTEGRATED_GPU;
      case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
        return VIRTUAL_GPU;
      case VK_PHYSICAL_DEVICE_TYPE_CPU:
        return CPU;
      default:
        return OTHER;
    }
  }

  /** Returns true for GPUs of any kind (not CPU drivers). */
  public boolean isGpu() {
    return this == DISCRETE_GPU || this == INTEGRATED_GPU || this == VIRTUAL_GPU;
  }
}
