package org.djlvulkan.backend.testing;

import org.djlvulkan.backend.vk.VulkanDevice;
import org.djlvulkan.testfixtures.ValidationReport;
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

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(VulkanExtension.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    // Close the shared device when the whole test run ends, while the JVM is fully alive: NVIDIA's
    // driver crashed at exit when the device was destroyed from a shutdown hook.
    context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            "device", key -> (ExtensionContext.Store.CloseableResource) TestDevice::closeQuietly);
    TestDevice.get().instance().validationMessages().drain();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    ValidationReport.failOnErrors(
        TestDevice.get().instance().validationMessages().drain(), context.getDisplayName());
  }
}
