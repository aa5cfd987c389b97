package org.djlvulkan.backend.vk.errors;

/** A kernel needs a device feature the selected device does not have. */
public class MissingFeatureException extends VulkanException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param kernel the kernel's name
   * @param feature the missing feature
   * @param device the device's name
   */
  public MissingFeatureException(String kernel, String feature, String device) {
    super(
        "kernel '"
            + kernel
            + "' requires device feature "
            + feature
            + ", which "
            + device
            + " does not support",
        0);
  }
}
