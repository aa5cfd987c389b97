package org.djlvulkan.cli.models;

import java.util.Optional;
import org.djlvulkan.backend.config.Settings;

/**
 * Hands the global {@code --device} option to the engine while a command runs: the engine reads the
 * device setting ({@code djl.vulkan.device}), so the option sets that system property and {@link
 * #close()} restores it.
 */
public final class DeviceRequest implements AutoCloseable {
  private final boolean applied;
  private final String previous;

  private DeviceRequest(boolean applied, String previous) {
    this.applied = applied;
    this.previous = previous;
  }

  /**
   * Applies {@code --device} when given.
   *
   * @param device the option's value, or empty to leave the setting alone
   * @return the request; close it when the command ends
   */
  public static DeviceRequest apply(Optional<String> device) {
    String property = Settings.DEVICE.systemProperty();
    if (device.isEmpty()) {
      return new DeviceRequest(false, null);
    }
    String previous = System.getProperty(property);
    System.setProperty(property, device.get());
    return new DeviceRequest(true, previous);
  }

  /** Restores the device setting as it was. */
  @Override
  public void close() {
    if (!applied) {
      return;
    }
    if (previous == null) {
      System.clearProperty(Settings.DEVICE.systemProperty());
    } else {
      System.setProperty(Settings.DEVICE.systemProperty(), previous);
    }
  }
}
