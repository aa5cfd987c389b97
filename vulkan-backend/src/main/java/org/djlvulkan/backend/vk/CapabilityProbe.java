package org.djlvulkan.backend.vk;

import static org.lwjgl.vulkan.KHRCooperativeMatrix.*;
import static org.lwjgl.vulkan.VK10.*;
import static org.lwjgl.vulkan.VK11.*;
import static org.lwjgl.vulkan.VK12.*;
import static org.lwjgl.vulkan.VK13.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.djlvulkan.backend.vk.errors.VkResults;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.KHRShaderIntegerDotProduct;
import org.lwjgl.vulkan.VkCooperativeMatrixPropertiesKHR;
import org.lwjgl.vulkan.VkExtensionProperties;
import org.lwjgl.vulkan.VkPhysicalDevice;
import org.lwjgl.vulkan.VkPhysicalDeviceFeatures2;
import org.lwjgl.vulkan.VkPhysicalDeviceLimits;
import org.lwjgl.vulkan.VkPhysicalDeviceMemoryProperties;
import org.lwjgl.vulkan.VkPhysicalDeviceProperties;
import org.lwjgl.vulkan.VkPhysicalDeviceProperties2;
import org.lwjgl.vulkan.VkPhysicalDeviceShaderIntegerDotProductFeatures;
import org.lwjgl.vulkan.VkPhysicalDeviceShaderIntegerDotProductProperties;
import org.lwjgl.vulkan.VkPhysicalDeviceVulkan11Features;
import org.lwjgl.vulkan.VkPhysicalDeviceVulkan11Properties;
import org.lwjgl.vulkan.VkPhysicalDeviceVulkan12Features;

/** Reads a physical device's properties, features and limits into a {@link DeviceInfo}. */
final class CapabilityProbe {
  private CapabilityProbe() {}

  /** Returns the names of the device extensions the driver offers. */
  static Set<String> extensions(VkPhysicalDevice device) {
    try (MemoryStack stack = MemoryStack.stackPush()) {
      var count = stack.mallocInt(1);
      VkResults.check(
          vkEnumerateDeviceExtensionProperties(device, (String) null, count, null),
          "vkEnumerateDeviceExtensionProperties");
      var props = VkExtensionProperties.malloc(count.get(0), stack);
      VkResults.check(
          vkEnumerateDeviceExtensionProperties(device, (String) null, count, props),
          "vkEnumerateDeviceExtensionProperties");
      Set<String> names = new HashSet<>();
      for (int i = 0; i < props.capacity(); i++) {
        names.add(props.get(i).extensionNameString());
      }
      return names;
    }
  }

  /** Returns whether integer dot product is available through core 1.3 or the extension. */
  static boolean hasIntegerDotProductApi(int apiVersion, Set<String> extensions) {
    return apiVersion >= VK_API_VERSION_1_3
        || extensions.contains(
            KHRShaderIntegerDotProduct.VK_KHR_SHADER_INTEGER_DOT_PRODUCT_EXTENSION_NAME);
  }

  /**
   * Probes one device.
   *
   * @param index enumeration index
   * @param device the physical device
   * @return the device's description
   */
  static DeviceInfo probe(int index, VkPhysicalDevice device) {
    try (MemoryStack stack = MemoryStack.stackPush()) {
      VkPhysicalDeviceProperties props = VkPhysicalDeviceProperties.malloc(stack);
      vkGetPhysicalDeviceProperties(device, props);
      int api = props.apiVersion();
      Set<String> extensions = extensions(device);
      VkPhysicalDeviceLimits limits = props.limits();

      boolean modern = api >= VK_API_VERSION_1_2;
      boolean dotApi = modern && hasIntegerDotProductApi(api, extensions);
      var v11f = VkPhysicalDeviceVulkan11Features.calloc(stack).sType$Default();
      var v12f = VkPhysicalDeviceVulkan12Features.calloc(stack).sType$Default();
      var dotf = VkPhysicalDeviceShaderIntegerDotProductFeatures.calloc(stack).sType$Default();
      var features = VkPhysicalDeviceFeatures2.calloc(stack).sType$Default();
      var v11p = VkPhysicalDeviceVulkan11Properties.calloc(stack).sType$Default();
      var dotp = VkPhysicalDeviceShaderIntegerDotProductProperties.calloc(stack).sType$Default();
      var props2 = VkPhysicalDeviceProperties2.calloc(stack).sType$Default();
      if (modern) {
        features.pNext(v11f).pNext(v12f);
        props2.pNext(v11p);
        if (dotApi) {
          features.pNext(dotf);
          props2.pNext(dotp);
        }
        vkGetPhysicalDeviceFeatures2(device, features);
        vkGetPhysicalDeviceProperties2(device, props2);
      } else {
        vkGetPhysicalDeviceFeatures(device, features.features());
      }

      // Cooperative matrix shaders (GL_KHR_cooperative_matrix) use the Vulkan memory model.
      List<String> coopShapes =
          modern
                  && v12f.vulkanMemoryModel()
                  && extensions.contains(VK_KHR_COOPERATIVE_MATRIX_EXTENSION_NAME)
              ? cooperativeMatrixShapes(device, stack)
              : List.of();

      int[] maxCount = new int[3];
      for (int i = 0; i < 3; i++) {
        maxCount[i] = limits.maxComputeWorkGroupCount(i);
      }
      float timestampPeriod = limits.timestampComputeAndGraphics() ? limits.timestampPeriod() : 0f;
      int subgroupOps = modern ? v11p.subgroupSupportedOperations() : 0;
      boolean subgroupCompute =
          modern && (v11p.subgroupSupportedStages() & VK_SHADER_STAGE_COMPUTE_BIT) != 0;

      DeviceCapabilities caps =
          new DeviceCapabilities(
              modern && v12f.storageBuffer8BitAccess(),
              modern && v11f.storageBuffer16BitAccess(),
              modern && v12f.shaderInt8(),
              features.features().shaderInt16(),
              modern && v12f.shaderFloat16(),
              features.features().shaderFloat64(),
              dotApi && dotf.shaderIntegerDotProduct(),
              dotApi && dotp.integerDotProduct4x8BitPackedSignedAccelerated(),
              modern ? v11p.subgroupSize() : 1,
              subgroupCompute && (subgroupOps & VK_SUBGROUP_FEATURE_ARITHMETIC_BIT) != 0,
              coopShapes,
              Integer.toUnsignedLong(limits.maxStorageBufferRange()),
              maxCount,
              limits.maxComputeWorkGroupInvocations(),
              limits.maxComputeSharedMemorySize(),
              limits.maxPushConstantsSize(),
              limits.minStorageBufferOffsetAlignment(),
              timestampPeriod,
              largestDeviceLocalHeap(device, stack));
      return new DeviceInfo(
          index,
          props.deviceNameString(),
          DeviceType.of(props.deviceType()),
          api,
          props.driverVersion(),
          props.vendorID(),
          caps);
    }
  }

  private static long largestDeviceLocalHeap(VkPhysicalDevice device, MemoryStack stack) {
    VkPhysicalDeviceMemoryProperties mem = VkPhysicalDeviceMemoryProperties.malloc(stack);
    vkGetPhysicalDeviceMemoryProperties(device, mem);
    long best = 0;
    for (int i = 0; i < mem.memoryHeapCount(); i++) {
      if ((mem.memoryHeaps(i).flags() & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT) != 0) {
        best = Math.max(best, mem.memoryHeaps(i).size());
      }
    }
    return best;
  }

  private static List<String> cooperativeMatrixShapes(VkPhysicalDevice device, MemoryStack stack) {
    var count = stack.mallocInt(1);
    if (vkGetPhysicalDeviceCooperativeMatrixPropertiesKHR(device, count, null) != VK_SUCCESS) {
      return List.of();
    }
    var all = VkCooperativeMatrixPropertiesKHR.calloc(count.get(0), stack);
    for (int i = 0; i < all.capacity(); i++) {
      all.get(i).sType$Default();
    }
    if (vkGetPhysicalDeviceCooperativeMatrixPropertiesKHR(device, count, all) != VK_SUCCESS) {
      return List.of();
    }
    List<String> shapes = new ArrayList<>();
    for (int i = 0; i < count.get(0); i++) {
      var p = all.get(i);
      if (p.scope() != VK_SCOPE_SUBGROUP_KHR) {
        continue;
      }
      shapes.add(
          componentName(p.AType())
              + "x"
              + componentName(p.BType())
              + "->"
              + componentName(p.ResultType())
              + " "
              + p.MSize()
              + "x"
              + p.NSize()
              + "x"
              + p.KSize());
    }
    return shapes;
  }

  private static String componentName(int type) {
    switch (type) {
      case VK_COMPONENT_TYPE_FLOAT16_KHR:
        return "f16";
      case VK_COMPONENT_TYPE_FLOAT32_KHR:
        return "f32";
      case VK_COMPONENT_TYPE_SINT8_KHR:
        return "s8";
      case VK_COMPONENT_TYPE_UINT8_KHR:
        return "u8";
      case VK_COMPONENT_TYPE_SINT32_KHR:
        return "s32";
      case VK_COMPONENT_TYPE_UINT32_KHR:
        return "u32";
      default:
        return "t" + type;
    }
  }
}
