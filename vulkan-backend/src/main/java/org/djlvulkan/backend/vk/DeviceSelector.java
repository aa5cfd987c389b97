package org.djlvulkan.backend.vk;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.djlvulkan.backend.vk.errors.VulkanUnavailableException;
import org.lwjgl.vulkan.VK12;

/**
 * Picks the device to run on: the one the setting names (an index, or a name substring), else the
 * first of discrete, integrated, virtual GPU, then CPU drivers. Devices without Vulkan 1.2 are
 * never picked.
 */
public final class DeviceSelector {
  private DeviceSelector() {}

  /**
   * Selects a device.
   *
   * @param devices the devices in enumeration order
   * @param request the setting's value: an index or a name substring; empty for the default
   * @return the chosen device
   * @throws VulkanUnavailableException when there is no usable device
   * @throws IllegalArgumentException when the request names no device
   */
  public static DeviceInfo select(List<DeviceInfo> devices, Optional<String> request) {
    List<DeviceInfo> usable =
        devices.stream().filter(d -> d.apiVersion() >= VK12.VK_API_VERSION_1_2).toList();
    if (request.isPresent()) {
      String r = request.get().trim();
      if (r.matches("\\d+")) {
        int index = Integer.parseInt(r);
        return devices.stream()
            .filter(d -> d.index() == index)
            .findFirst()
            .orElseThrow(() -> unknown(devices, r));
      }
      String needle = r.toLowerCase(Locale.ROOT);
      return devices.stream()
          .filter(d -> d.name().toLowerCase(Locale.ROOT).contains(needle))
          .findFirst()
          .orElseThrow(() -> unknown(devices, r));
    }
    return usable.stream()
        .min(Comparator.comparingInt((DeviceInfo d) -> d.type().ordinal()))
        .orElseThrow(
            () ->
                new VulkanUnavailableException(
                    devices.isEmpty()
                        ? "no Vulkan device found"
                        : "no Vulkan 1.2 device found among " + devices.size() + " devices",
                    null));
  }

  private static IllegalArgumentException unknown(List<DeviceInfo> devices, String request) {
    StringBuilder sb = new StringBuilder("device '" + request + "' matches no device; devices:");
    devices.forEach(d -> sb.append(" [").append(d.index()).append("] ").append(d.name()));
    return new IllegalArgumentException(sb.toString());
  }
}
