package org.djlvulkan.engine;

import ai.djl.Device;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.djlvulkan.backend.vk.DeviceInfo;
import org.djlvulkan.backend.vk.DeviceType;
import org.lwjgl.vulkan.VK12;

/**
 * Names Vulkan physical devices as DJL devices. {@code gpu(i)} is the i-th usable GPU (discrete,
 * then integrated, then virtual; enumeration order within a kind), so {@code gpu(0)} is the GPU the
 * default device selection picks. {@code cpu()} is the first CPU driver (Mesa's lavapipe): it still
 * runs on Vulkan. Devices without Vulkan 1.2 get no name.
 */
public final class DeviceMap {
  private final List<DeviceInfo> all;
  private final List<DeviceInfo> gpus;
  private final Optional<DeviceInfo> cpuDriver;

  /**
   * Builds the map.
   *
   * @param devices the physical devices in enumeration order
   */
  public DeviceMap(List<DeviceInfo> devices) {
    this.all = List.copyOf(devices);
    this.gpus =
        devices.stream()
            .filter(DeviceMap::usable)
            .filter(d -> d.type().isGpu())
            .sorted(Comparator.comparingInt(d -> d.type().ordinal()))
            .toList();
    this.cpuDriver =
        devices.stream()
            .filter(DeviceMap::usable)
            .filter(d -> d.type() == DeviceType.CPU)
            .findFirst();
  }

  private static boolean usable(DeviceInfo d) {
    return d.apiVersion() >= VK12.VK_API_VERSION_1_2;
  }

  /** Returns the number of usable Vulkan GPUs. */
  public int gpuCount() {
    return gpus.size();
  }

  /**
   * Returns the physical device a DJL device names.
   *
   * @param device {@code gpu(i)} or {@code cpu()}
   * @return the physical device
   * @throws IllegalArgumentException when no Vulkan device has that name
   */
  public DeviceInfo physical(Device device) {
    if (Device.Type.GPU.equals(device.getDeviceType())) {
      int id = device.getDeviceId();
      if (id >= 0 && id < gpus.size()) {
        return gpus.get(id);
      }
      throw new IllegalArgumentException(
          device + " is not a Vulkan GPU: " + gpus.size() + " usable GPU(s); " + listing());
    }
    if (Device.Type.CPU.equals(device.getDeviceType())) {
      return cpuDriver.orElseThrow(
          () ->
              new IllegalArgumentException(
                  "cpu() needs a Vulkan CPU driver (apt-get install mesa-vulkan-drivers for"
                      + " lavapipe); "
                      + listing()));
    }
    throw new IllegalArgumentException(
        "device type '" + device.getDeviceType() + "' is not supported by the Vulkan engine");
  }

  /**
   * Returns the DJL name of a physical device.
   *
   * @param info a device from the list this map was built from
   * @return {@code gpu(i)} or {@code cpu()}
   * @throws IllegalArgumentException for a device that is neither a usable GPU nor the CPU driver
   */
  public Device djlDevice(DeviceInfo info) {
    int gpu = gpus.indexOf(info);
    if (gpu >= 0) {
      return Device.gpu(gpu);
    }
    if (cpuDriver.isPresent() && cpuDriver.get().equals(info)) {
      return Device.cpu();
    }
    throw new IllegalArgumentException(
        "Vulkan device ["
            + info.index()
            + "] "
            + info.name()
            + " ("
            + info.type()
            + ", Vulkan "
            + info.apiVersionString()
            + ") has no DJL device name: only GPUs and the first CPU driver with Vulkan 1.2 do");
  }

  /** Returns one line listing every physical device with its DJL name. */
  public String listing() {
    StringBuilder sb = new StringBuilder("Vulkan devices:");
    if (all.isEmpty()) {
      sb.append(" none");
    }
    for (DeviceInfo d : all) {
      sb.append(" [").append(d.index()).append("] ").append(d.name()).append(" (");
      int gpu = gpus.indexOf(d);
      if (gpu >= 0) {
        sb.append("gpu(").append(gpu).append(')');
      } else if (cpuDriver.isPresent() && cpuDriver.get().equals(d)) {
        sb.append("cpu()");
      } else {
        sb.append("unused: ").append(d.type()).append(", Vulkan ").append(d.apiVersionString());
      }
      sb.append(')');
    }
    return sb.toString();
  }
}
