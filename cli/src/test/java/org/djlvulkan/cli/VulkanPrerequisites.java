package org.djlvulkan.cli;

import static org.junit.jupiter.api.Assertions.fail;

import org.djlvulkan.backend.config.Settings;
import org.djlvulkan.backend.vk.VulkanInstance;
import org.djlvulkan.backend.vk.errors.VulkanException;
import org.junit.jupiter.api.Assumptions;

/**
 * Checks, once per test JVM, that a Vulkan device exists and, when the build asks for validation,
 * that the Khronos layer is installed. Under {@code CI=true} either missing fails the tests.
 * Elsewhere a missing device skips them, and a missing layer lets them run unvalidated (the backend
 * logs a warning), as the backend's own tests do.
 */
final class VulkanPrerequisites {
  private static final String LAYER_MISSING = "validation requested but ";
  private static String problem;
  private static boolean checked;

  private VulkanPrerequisites() {}

  /** Skips (or, under CI, fails) the calling test when Vulkan or the requested layer is missing. */
  static synchronized void require() {
    if (!checked) {
      checked = true;
      problem = findProblem();
    }
    if (problem == null) {
      return;
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("CI=true: " + problem);
    }
    if (!problem.startsWith(LAYER_MISSING)) {
      Assumptions.abort(problem);
    }
  }

  private static String findProblem() {
    boolean validation = Settings.VALIDATION.isOn();
    try (VulkanInstance instance = VulkanInstance.create(validation)) {
      if (instance.devices().isEmpty()) {
        return "no Vulkan device (apt-get install mesa-vulkan-drivers)";
      }
      if (validation && !instance.validationActive()) {
        return LAYER_MISSING
            + VulkanInstance.VALIDATION_LAYER
            + " is not installed (apt-get install vulkan-validationlayers)";
      }
      return null;
    } catch (VulkanException e) {
      return "no Vulkan: " + e.getMessage();
    }
  }
}
