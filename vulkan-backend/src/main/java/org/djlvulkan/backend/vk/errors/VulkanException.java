package org.djlvulkan.backend.vk.errors;

/** A Vulkan call failed; the message names the call and the result code. */
public class VulkanException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int result;

  /**
   * Creates an exception for a failed Vulkan call.
   *
   * @param message what failed
   * @param result the {@code VkResult}, or 0 when the failure is not a Vulkan result code
   */
  public VulkanException(String message, int result) {
    super(message);
    this.result = result;
  }

  /**
   * Creates an exception with a cause.
   *
   * @param message what failed
   * @param cause the underlying error
   */
  public VulkanException(String message, Throwable cause) {
    super(message, cause);
    this.result = 0;
  }

  /** Returns the {@code VkResult} code, or 0 when not applicable. */
  public int result() {
    return result;
  }
}
