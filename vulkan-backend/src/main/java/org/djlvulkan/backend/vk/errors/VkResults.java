package org.djlvulkan.backend.vk.errors;

import static org.lwjgl.vulkan.VK10.*;

import org.lwjgl.vulkan.EXTDebugReport;
import org.lwjgl.vulkan.KHRSurface;

/** Turns {@code VkResult} codes into names and exceptions. */
public final class VkResults {
  private VkResults() {}

  /**
   * Throws the matching exception unless {@code result} is {@code VK_SUCCESS}.
   *
   * @param result the code a Vulkan call returned
   * @param what the call, named for the message
   */
  public static void check(int result, String what) {
    if (result == VK_SUCCESS) {
      return;
    }
    String message = what + " failed: " + name(result);
    switch (result) {
      case VK_ERROR_DEVICE_LOST:
        throw new DeviceLostException(what);
      case VK_ERROR_OUT_OF_DEVICE_MEMORY:
      case VK_ERROR_OUT_OF_HOST_MEMORY:
        throw new OutOfDeviceMemoryException(message, result);
      case VK_ERROR_INCOMPATIBLE_DRIVER:
      case VK_ERROR_INITIALIZATION_FAILED:
        throw new VulkanUnavailableException(message, null);
      default:
        throw new VulkanException(message, result);
    }
  }

  /**
   * Returns the symbolic name of a result code.
   *
   * @param result a {@code VkResult}
   * @return its name, for example {@code VK_ERROR_DEVICE_LOST}
   */
  public static String name(int result) {
    switch (result) {
      case VK_SUCCESS:
        return "VK_SUCCESS";
      case VK_NOT_READY:
        return "VK_NOT_READY";
      case VK_TIMEOUT:
        return "VK_TIMEOUT";
      case VK_INCOMPLETE:
        return "VK_INCOMPLETE";
      case VK_ERROR_OUT_OF_HOST_MEMORY:
        return "VK_ERROR_OUT_OF_HOST_MEMORY";
      case VK_ERROR_OUT_OF_DEVICE_MEMORY:
        return "VK_ERROR_OUT_OF_DEVICE_MEMORY";
      case VK_ERROR_INITIALIZATION_FAILED:
        return "VK_ERROR_INITIALIZATION_FAILED";
      case VK_ERROR_DEVICE_LOST:
        return "VK_ERROR_DEVICE_LOST";
      case VK_ERROR_MEMORY_MAP_FAILED:
        return "VK_ERROR_MEMORY_MAP_FAILED";
      case VK_ERROR_LAYER_NOT_PRESENT:
        return "VK_ERROR_LAYER_NOT_PRESENT";
      case VK_ERROR_EXTENSION_NOT_PRESENT:
        return "VK_ERROR_EXTENSION_NOT_PRESENT";
      case VK_ERROR_FEATURE_NOT_PRESENT:
        return "VK_ERROR_FEATURE_NOT_PRESENT";
      case VK_ERROR_INCOMPATIBLE_DRIVER:
        return "VK_ERROR_INCOMPATIBLE_DRIVER";
      case VK_ERROR_TOO_MANY_OBJECTS:
        return "VK_ERROR_TOO_MANY_OBJECTS";
      case VK_ERROR_FORMAT_NOT_SUPPORTED:
        return "VK_ERROR_FORMAT_NOT_SUPPORTED";
      case VK_ERROR_FRAGMENTED_POOL:
        return "VK_ERROR_FRAGMENTED_POOL";
      case KHRSurface.VK_ERROR_SURFACE_LOST_KHR:
        return "VK_ERROR_SURFACE_LOST_KHR";
      case EXTDebugReport.VK_ERROR_VALIDATION_FAILED_EXT:
        return "VK_ERROR_VALIDATION_FAILED_EXT";
      default:
        return "VkResult " + result;
    }
  }
}
