package org.djlvulkan.backend.vk;

import java.util.ArrayList;
import java.util.List;
import org.djlvulkan.shaders.KernelFeature;

/**
 * What a device can do, as far as the kernels care: optional features, subgroup size and limits.
 *
 * @param storage8Bit {@code storageBuffer8BitAccess}
 * @param storage16Bit {@code storageBuffer16BitAccess}
 * @param shaderInt8 {@code shaderInt8}
 * @param shaderInt16 {@code shaderInt16}
 * @param shaderFloat16 {@code shaderFloat16}
 * @param shaderFloat64 {@code shaderFloat64}
 * @param integerDotProduct {@code shaderIntegerDotProduct} (Vulkan 1.3 or the KHR extension)
 * @param integerDotProductAccelerated 4x8-bit packed signed dot product is accelerated
 * @param subgroupSize the default subgroup size
 * @param subgroupArithmetic subgroup arithmetic operations in compute shaders
 * @param cooperativeMatrixShapes {@code VK_KHR_cooperative_matrix} shapes, e.g. "s8xs8->s32
 *     16x16x32"
 * @param maxStorageBufferRange the largest storage buffer binding in bytes
 * @param maxWorkgroupCount the largest dispatch in x, y, z
 * @param maxWorkgroupInvocations the largest workgroup
 * @param maxSharedMemoryBytes the most shared memory a compute workgroup may declare
 * @param maxPushConstantsSize push constant bytes
 * @param minStorageBufferOffsetAlignment alignment of storage buffer binding offsets
 * @param timestampPeriodNs nanoseconds per timestamp tick, 0 when timestamps are unsupported
 * @param deviceLocalBytes the size of the largest device-local heap
 */
public record DeviceCapabilities(
    boolean storage8Bit,
    boolean storage16Bit,
    boolean shaderInt8,
    boolean shaderInt16,
    boolean shaderFloat16,
    boolean shaderFloat64,
    boolean integerDotProduct,
    boolean integerDotProductAccelerated,
    int subgroupSize,
    boolean subgroupArithmetic,
    List<String> cooperativeMatrixShapes,
    long maxStorageBufferRange,
    int[] maxWorkgroupCount,
    int maxWorkgroupInvocations,
    int maxSharedMemoryBytes,
    int maxPushConstantsSize,
    long minStorageBufferOffsetAlignment,
    float timestampPeriodNs,
    long deviceLocalBytes) {

  /** The cooperative matrix shape that {@link KernelFeature#COOPERATIVE_MATRIX_F16} stands for. */
  public static final String F16_COOPERATIVE_MATRIX_SHAPE = "f16xf16->f32 16x16x16";

  /** The cooperative matrix shape that {@link KernelFeature#COOPERATIVE_MATRIX_S8} stands for. */
  public static final String S8_COOPERATIVE_MATRIX_SHAPE = "s8xs8->s32 16x16x32";

  /**
   * Returns whether the device has a kernel feature.
   *
   * @param feature a feature a kernel declares in the shader index
   * @return true if the device supports it
   */
  public boolean supports(KernelFeature feature) {
    switch (feature) {
      case INT8_STORAGE:
        return storage8Bit;
      case INT16_STORAGE:
      case FLOAT16_STORAGE:
        return storage16Bit;
      case SHADER_INT8:
        return shaderInt8;
      case SHADER_INT16:
        return shaderInt16;
      case SHADER_FLOAT16:
        return shaderFloat16;
      case SHADER_FLOAT64:
        return shaderFloat64;
      case INTEGER_DOT_PRODUCT:
        return integerDotProduct;
      case SUBGROUP_ARITHMETIC:
        return subgroupArithmetic;
      case COOPERATIVE_MATRIX:
        return !cooperativeMatrixShapes.isEmpty();
      case COOPERATIVE_MATRIX_S8:
        return cooperativeMatrixShapes.contains(S8_COOPERATIVE_MATRIX_SHAPE);
      case COOPERATIVE_MATRIX_F16:
        return cooperativeMatrixShapes.contains(F16_COOPERATIVE_MATRIX_SHAPE);
      default:
        return false;
    }
  }

  /** Returns a one-line summary of the features and limits, for {@code devices} listings. */
  public String summary() {
    List<String> parts = new ArrayList<>();
    List<String> features = new ArrayList<>();
    if (storage8Bit) {
      features.add("storage8");
    }
    if (storage16Bit) {
      features.add("storage16");
    }
    if (shaderInt8) {
      features.add("int8");
    }
    if (shaderInt16) {
      features.add("int16");
    }
    if (shaderFloat16) {
      features.add("fp16");
    }
    if (shaderFloat64) {
      features.add("fp64");
    }
    if (integerDotProduct) {
      features.add(integerDotProductAccelerated ? "int8dot(accelerated)" : "int8dot");
    }
    if (subgroupArithmetic) {
      features.add("subgroup-arith");
    }
    parts.add("features=" + (features.isEmpty() ? "none" : String.join(",", features)));
    parts.add("subgroup=" + subgroupSize);
    parts.add(
        "coopmat="
            + (cooperativeMatrixShapes.isEmpty()
                ? "none"
                : String.join(";", cooperativeMatrixShapes)));
    parts.add("maxStorageBufferRange=" + maxStorageBufferRange);
    parts.add(
        "maxWorkgroupCount="
            + maxWorkgroupCount[0]
            + "x"
            + maxWorkgroupCount[1]
            + "x"
            + maxWorkgroupCount[2]);
    parts.add("maxSharedMemory=" + maxSharedMemoryBytes);
    parts.add("deviceLocalMiB=" + (deviceLocalBytes >> 20));
    return String.join(" ", parts);
  }
}
