package org.djlvulkan.backend.testing;

import java.util.List;
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

  /**
   * Returns the capabilities of a GPU with int8 and fp16 cooperative matrices, 32-wide subgroups
   * and {@code invocations} per workgroup at most, the rest as the device's (for planning only).
   *
   * @param c the device's capabilities
   * @param invocations the workgroup limit
   * @return the edited copy
   */
  public static DeviceCapabilities asCooperativeMatrixGpu(DeviceCapabilities c, int invocations) {
    return new DeviceCapabilities(
        c.storage8Bit(),
        c.storage16Bit(),
        true,
        c.shaderInt16(),
        true,
        c.shaderFloat64(),
        c.integerDotProduct(),
        c.integerDotProductAccelerated(),
        32,
        c.subgroupArithmetic(),
        List.of(
            DeviceCapabilities.S8_COOPERATIVE_MATRIX_SHAPE,
            DeviceCapabilities.F16_COOPERATIVE_MATRIX_SHAPE),
        c.maxStorageBufferRange(),
        c.maxWorkgroupCount(),
        invocations,
        c.maxSharedMemoryBytes(),
        c.maxPushConstantsSize(),
        c.minStorageBufferOffsetAlignment(),
        c.timestampPeriodNs(),
        c.deviceLocalBytes());
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
