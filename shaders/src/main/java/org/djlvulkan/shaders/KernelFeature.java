package org.djlvulkan.shaders;

/**
 * An optional Vulkan device capability that a kernel needs. A kernel that lists a feature in its
 * {@code requires} may only be used on a device that supports and enables it.
 */
public enum KernelFeature {
  /**
   * 8-bit integer types in storage buffers: {@code storageBuffer8BitAccess} of {@code
   * VkPhysicalDevice8BitStorageFeatures} (core in Vulkan 1.2, {@code VK_KHR_8bit_storage}).
   */
  INT8_STORAGE,
  /**
   * 16-bit integer types in storage buffers: {@code storageBuffer16BitAccess} of {@code
   * VkPhysicalDevice16BitStorageFeatures} (core in Vulkan 1.1, {@code VK_KHR_16bit_storage}). The
   * same Vulkan feature as {@link #FLOAT16_STORAGE}.
   */
  INT16_STORAGE,
  /**
   * 8-bit integer arithmetic in shaders: {@code shaderInt8} of {@code
   * VkPhysicalDeviceShaderFloat16Int8Features} (core in Vulkan 1.2, {@code
   * VK_KHR_shader_float16_int8}).
   */
  SHADER_INT8,
  /**
   * 16-bit integer arithmetic in shaders: {@code shaderInt16} of {@code VkPhysicalDeviceFeatures}.
   */
  SHADER_INT16,
  /**
   * 16-bit float arithmetic in shaders: {@code shaderFloat16} of {@code
   * VkPhysicalDeviceShaderFloat16Int8Features} (core in Vulkan 1.2, {@code
   * VK_KHR_shader_float16_int8}).
   */
  SHADER_FLOAT16,
  /**
   * 16-bit float types in storage buffers: {@code storageBuffer16BitAccess} of {@code
   * VkPhysicalDevice16BitStorageFeatures} (core in Vulkan 1.1, {@code VK_KHR_16bit_storage}). The
   * same Vulkan feature as {@link #INT16_STORAGE}.
   */
  FLOAT16_STORAGE,
  /**
   * Packed integer dot products ({@code OpSDot} and friends): {@code shaderIntegerDotProduct} of
   * {@code VkPhysicalDeviceShaderIntegerDotProductFeatures} (core in Vulkan 1.3, {@code
   * VK_KHR_shader_integer_dot_product}).
   */
  INTEGER_DOT_PRODUCT,
  /**
   * Subgroup arithmetic operations ({@code subgroupAdd}, {@code subgroupMax}, ...) in compute
   * shaders: {@code VK_SUBGROUP_FEATURE_ARITHMETIC_BIT} in {@code supportedOperations} and {@code
   * VK_SHADER_STAGE_COMPUTE_BIT} in {@code supportedStages} of {@code
   * VkPhysicalDeviceSubgroupProperties} (core in Vulkan 1.1; a property, not a feature bit).
   */
  SUBGROUP_ARITHMETIC,
  /**
   * Cooperative matrices: {@code cooperativeMatrix} of {@code
   * VkPhysicalDeviceCooperativeMatrixFeaturesKHR} ({@code VK_KHR_cooperative_matrix}), plus a
   * matching entry from {@code vkGetPhysicalDeviceCooperativeMatrixPropertiesKHR}.
   */
  COOPERATIVE_MATRIX,
  /**
   * Signed 8-bit cooperative matrices: {@link #COOPERATIVE_MATRIX} with a subgroup-scope entry
   * {@code A = B = VK_COMPONENT_TYPE_SINT8_KHR}, {@code C = Result = VK_COMPONENT_TYPE_SINT32_KHR},
   * {@code M = N = 16}, {@code K = 32} (the shape of the q8ta cooperative-matrix GEMM).
   */
  COOPERATIVE_MATRIX_S8,
  /**
   * Half-precision cooperative matrices: {@link #COOPERATIVE_MATRIX} with a subgroup-scope entry
   * {@code A = B = VK_COMPONENT_TYPE_FLOAT16_KHR}, {@code C = Result =
   * VK_COMPONENT_TYPE_FLOAT32_KHR}, {@code M = N = K = 16} (the shape of the fp16-mode GEMM).
   */
  COOPERATIVE_MATRIX_F16,
  /**
   * 64-bit float arithmetic in shaders: {@code shaderFloat64} of {@code VkPhysicalDeviceFeatures}.
   */
  SHADER_FLOAT64
}
