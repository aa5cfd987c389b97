package org.djlvulkan.backend.testing;

import java.util.List;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives tests the shared device and fails any test during which the validation layer reported an
 * error. Use with {@code @ExtendWith(VulkanExtension.class)} and {@link #device()}.
 */
public final class VulkanExtension implements BeforeEachCallback, AfterEachCallback {
  /** Returns the shared device. */
  public static VulkanDevice device() {
    return TestDevice.get();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    TestDevice.get().instance().validationMessages().drain();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    List<String> errors = TestDevice.get().instance().validationMessages().drain();
    if (!errors.isEmpty()) {
      throw new AssertionError(
          "Vulkan validation reported "
              + errors.size()
              + " error(s) in "
              + context.getDisplayName()
              + ":\n"
              + String.join("\n", errors));
    }
  }
}
