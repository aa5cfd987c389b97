package org.djlvulkan.backend.vk;

/**
 * One Vulkan physical device as enumerated.
 *
 * @param index position in the driver's enumeration order (what {@code DJL_VULKAN_DEVICE} names)
 * @param name the device name
 * @param type discrete, integrated, virtual, CPU
 * @param apiVersion the packed Vulkan API version the device supports
 * @param driverVersion the vendor-specific driver version
 * @param vendorId the PCI vendor id
 * @param capabilities features and limits
 */
public record DeviceInfo(
    int index,
    String name,
    DeviceType type,
    int apiVersion,
    int driverVersion,
    int vendorId,
    DeviceCapabilities capabilities) {

  /** Returns the API version as {@code major.minor.patch}. */
  public String apiVersionString() {
    return (apiVersion >>> 22 & 0x7F)
        + "."
        + (apiVersion >>> 12 & 0x3FF)
        + "."
        + (apiVersion & 0xFFF);
  }

  /** Returns one line for listings: index, name, type, API version, then the features. */
  public String describe() {
    return index
        + ": "
        + name
        + " ["
        + type
        + "] Vulkan "
        + apiVersionString()
        + " "
        + capabilities.summary();
  }
}
