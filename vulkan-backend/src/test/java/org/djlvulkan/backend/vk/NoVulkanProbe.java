package org.djlvulkan.backend.vk;

/**
 * Opens the default device and prints the exception's class and message; run in a child JVM by
 * {@link FailureModesTest} with a missing loader or driver.
 */
public final class NoVulkanProbe {
  private NoVulkanProbe() {}

  /**
   * Entry point.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    try (VulkanDevice device = VulkanDevice.open(DeviceOptions.fromSettings())) {
      System.out.println("opened " + device.info().name());
    } catch (RuntimeException e) {
      System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
