package org.djlvulkan.backend.vk.errors;

/** A device or host memory allocation failed. Whatever was being built has been released. */
public class OutOfDeviceMemoryException extends VulkanException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what could not be allocated, with its size
   * @param result the {@code VkResult}
   */
  public OutOfDeviceMemoryException(String message, int result) {
    super(message, result);
  }
}
