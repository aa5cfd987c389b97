package org.djlvulkan.backend.vk.errors;

import static org.lwjgl.vulkan.VK10.VK_ERROR_DEVICE_LOST;

/** {@code VK_ERROR_DEVICE_LOST}: the execution context that saw it is no longer usable. */
public class DeviceLostException extends VulkanException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param what the call that reported the lost device
   */
  public DeviceLostException(String what) {
    super(
        what
            + " failed: VK_ERROR_DEVICE_LOST (the GPU reset or the driver crashed); this"
            + " execution context is unusable, close it and create a new one",
        VK_ERROR_DEVICE_LOST);
  }
}
