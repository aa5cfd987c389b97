package org.djlvulkan.it;

import ai.djl.engine.Engine;
import java.util.List;
import org.djlvulkan.engine.VkEngine;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test during which the Vulkan validation layer reported an error on the engine's instance
 * (the layer is on when the build's {@code djl.vulkan.validation} property says so).
 */
final class ValidationCheck implements BeforeEachCallback, AfterEachCallback {
  private static VkEngine engine() {
    return (VkEngine) Engine.getEngine(VkEngine.ENGINE_NAME);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    engine().devices().instance().validationMessages().drain();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    List<String> errors = engine().devices().instance().validationMessages().drain();
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
