package org.djlvulkan.engine;

import ai.djl.engine.Engine;
import org.djlvulkan.testfixtures.ValidationReport;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails any test during which the Vulkan validation layer reported an error on the engine's
 * instance (the layer is on when the build's {@code djl.vulkan.validation} property says so).
 */
public final class EngineValidationExtension implements BeforeEachCallback, AfterEachCallback {
  /** Returns the engine under test. */
  public static VkEngine engine() {
    return (VkEngine) Engine.getEngine(VkEngine.ENGINE_NAME);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    engine().devices().instance().validationMessages().drain();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    ValidationReport.failOnErrors(
        engine().devices().instance().validationMessages().drain(), context.getDisplayName());
  }
}
