package org.djlvulkan.backend.testing;

import org.djlvulkan.backend.vk.DeviceCapabilities;

/** A device's capabilities with one fact changed, for selector tests of other devices. */
public final class CapabilityEdits {
  private CapabilityEdits() {}

  /**
   * Returns the capabilities with another largest storage buffer range.
   *
   * @param c the device's capabilities
   * @param range the range in bytes
   * @return the edited copy
   */
  public static DeviceCapabilities withMaxStorageBufferRange(DeviceCapabilities c, long range) {
    return copy(
        c,
        c.integerDotProduct(),
        c.integerDotProductAccelerated(),
        range,
        c.maxSharedMemoryBytes());
  }

  /**
   * Returns the capabilities with another limit of shared memory per workgroup.
   *
   * @param c the device's capabilities
   * @param bytes the limit in bytes
   * @return the edited copy
   */
  public static DeviceCapabilities withMaxSharedMemory(DeviceCapabilities c, int bytes) {
    return copy(
        c,
        c.integerDotProduct(),
        c.integerDotProductAccelerated(),
        c.maxStorageBufferRange(),
        bytes);
  }

  /**
   * Returns the capabilities without the packed int8 dot product.
   *
   * @param c the device's capabilities
   * @return the edited copy
   */
  public static DeviceCapabilities withoutIntegerDotProduct(DeviceCapabilities c) {
    return copy(c, false, false, c.maxStorageBufferRange(), c.maxSharedMemoryBytes());
  }

  private static DeviceCapabilities copy(
      DeviceCapabilities c,
      boolean dot,
      boolean dotAccelerated,
      long storageRange,
      int sharedBytes) {
    return new DeviceCapabilities(
        c.storage8Bit(),
        c.storage16Bit(),
        c.shaderInt8(),
        c.shaderInt16(),
        c.shaderFloat16(),
        c.shaderFloat64(),
        dot,
        dotAccelerated,
        c.subgroupSize(),
        c.subgroupArithmetic(),
        c.cooperativeMatrixShapes(),
        storageRange,
        c.maxWorkgroupCount(),
        c.maxWorkgroupInvocations(),
        sharedBytes,
        c.maxPushConstantsSize(),
        c.minStorageBufferOffsetAlignment(),
        c.timestampPeriodNs(),
        c.deviceLocalBytes());
  }
}
