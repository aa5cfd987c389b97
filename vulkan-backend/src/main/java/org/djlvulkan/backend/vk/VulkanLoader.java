package org.djlvulkan.backend.vk;

import org.djlvulkan.backend.vk.errors.VulkanUnavailableException;
import org.lwjgl.vulkan.VK;

/** Loads the system's Vulkan loader ({@code libvulkan.so.1}) once per process. */
final class VulkanLoader {
  private static boolean loaded;

  private VulkanLoader() {}

  /**
   * Loads the loader library if that has not happened yet.
   *
   * @throws VulkanUnavailableException when no loader library can be found
   */
  static synchronized void ensureLoaded() {
    if (loaded) {
      return;
    }
    try {
      // LWJGL loads the library when VK is first touched, unless explicit init is configured.
      if (VK.getFunctionProvider() == null) {
        VK.create();
      }
      loaded = true;
    } catch (Throwable e) {
      throw new VulkanUnavailableException(
          "the Vulkan loader (libvulkan.so.1) could not be loaded: " + e.getMessage(), e);
    }
  }
}
