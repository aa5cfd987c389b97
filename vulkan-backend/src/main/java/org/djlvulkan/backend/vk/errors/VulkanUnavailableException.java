package org.djlvulkan.backend.vk.errors;

/** No Vulkan loader, no driver, or no usable device: says what to install. */
public class VulkanUnavailableException extends VulkanException {
  private static final long serialVersionUID = 1L;

  /** The Debian/Ubuntu packages that provide a loader and a CPU driver. */
  public static final String INSTALL_HINT =
      "install a Vulkan loader and driver, for example on Debian/Ubuntu: "
          + "apt-get install libvulkan1 mesa-vulkan-drivers (lavapipe CPU driver), "
          + "or your GPU vendor's Vulkan driver";

  /**
   * Creates the exception.
   *
   * @param what what is missing
   * @param cause the underlying error, may be null
   */
  public VulkanUnavailableException(String what, Throwable cause) {
    super(what + "; " + INSTALL_HINT, cause);
  }
}
