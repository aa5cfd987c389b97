package org.djlvulkan.backend.vk;

import java.util.ArrayList;
import java.util.List;

/**
 * Messages the Khronos validation layer reported through {@code VK_EXT_debug_utils}. Errors are
 * kept so that tests can fail on them; the layer's callback may run on any thread.
 */
public final class ValidationMessages {
  /**
   * The one false positive of the validation layer that the project's tests run with (Khronos layer
   * 1.3.239, Debian 12): it rejects the SPIR-V capabilities of the packed int8 dot product ({@code
   * DotProductKHR}, {@code DotProductInput4x8BitPackedKHR}) although {@code
   * shaderIntegerDotProduct} is enabled, through either its own feature struct or {@code
   * VkPhysicalDeviceVulkan13Features} (checked with both). {@link VulkanDevice} enables the feature
   * whenever the device has it, and kernels that use it are refused on other devices, so the
   * requirement the message names holds.
   */
  private static final String DOT_CAPABILITY_VUID = "VUID-VkShaderModuleCreateInfo-pCode-01091";

  private final List<String> errors = new ArrayList<>();
  private int total;

  /**
   * Returns whether a message is the layer's known false positive about the dot-product
   * capabilities (see {@link #DOT_CAPABILITY_VUID}).
   *
   * @param message the layer's text
   * @return true for that message
   */
  static boolean isKnownFalsePositive(String message) {
    return message.contains(DOT_CAPABILITY_VUID)
        && (message.contains("SPIR-V Capability (DotProductKHR)")
            || message.contains("SPIR-V Capability (DotProductInput4x8BitPackedKHR)"));
  }

  /**
   * Records one validation error.
   *
   * @param message the layer's text
   */
  synchronized void addError(String message) {
    errors.add(message);
    total++;
  }

  /** Returns the number of errors reported since the instance was created. */
  public synchronized int errorCount() {
    return total;
  }

  /** Returns and forgets the errors kept so far. */
  public synchronized List<String> drain() {
    List<String> copy = new ArrayList<>(errors);
    errors.clear();
    return copy;
  }
}
