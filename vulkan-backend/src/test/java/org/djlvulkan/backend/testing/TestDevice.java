package org.djlvulkan.backend.testing;

import java.nio.file.Path;
import java.util.Optional;
import org.djlvulkan.backend.config.Settings;
import org.djlvulkan.backend.vk.DeviceOptions;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.djlvulkan.backend.vk.VulkanInstance;
import org.djlvulkan.testfixtures.SharedFixtures;

/**
 * The one device tests share in a JVM (opening devices is slow on lavapipe). Validation follows the
 * {@code djl.vulkan.validation} property the build sets; under {@code CI=true} a requested layer
 * that is missing fails instead of being skipped silently.
 */
public final class TestDevice {
  private static VulkanDevice device;

  private TestDevice() {}

  /** Returns the options tests open devices with (pipeline cache in a temp folder). */
  public static DeviceOptions options() {
    DeviceOptions base = DeviceOptions.fromSettings();
    Path cache = Path.of(System.getProperty("java.io.tmpdir"), "djl-vulkan-test-cache");
    return new DeviceOptions(
        base.validation(),
        base.deviceRequest(),
        0,
        Optional.of(cache),
        base.fenceTimeoutMillis(),
        base.kernelPolicy(),
        base.pipelineStatistics(),
        base.fenceWait());
  }

  /** Returns the shared device, opening it on first use. */
  public static synchronized VulkanDevice get() {
    if (device == null) {
      VulkanDevice opened = VulkanDevice.open(options());
      if (Settings.VALIDATION.isOn()
          && !opened.instance().validationActive()
          && SharedFixtures.underCi()) {
        opened.close();
        throw new IllegalStateException(
            "CI=true and validation requested, but "
                + VulkanInstance.VALIDATION_LAYER
                + " is not installed (apt-get install vulkan-validationlayers)");
      }
      device = opened;
      Runtime.getRuntime().addShutdownHook(new Thread(TestDevice::closeQuietly));
    }
    return device;
  }

  /** Closes the shared device if it is open; the next {@link #get()} opens a new one. */
  static synchronized void closeQuietly() {
    if (device != null) {
      device.close();
      device = null;
    }
  }
}
