package org.djlvulkan.engine;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineProvider;

/**
 * Registers the {@code Vulkan} engine with DJL (through {@code META-INF/services}). The engine
 * starts on first use; a start-up failure is thrown again on every later use.
 */
public final class VkEngineProvider implements EngineProvider {
  private volatile VkEngine engine;
  private RuntimeException failure;

  @Override
  public String getEngineName() {
    return VkEngine.ENGINE_NAME;
  }

  @Override
  public int getEngineRank() {
    return VkEngine.RANK;
  }

  @Override
  public Engine getEngine() {
    VkEngine e = engine;
    if (e != null) {
      return e;
    }
    synchronized (this) {
      if (engine == null) {
        if (failure != null) {
          throw failure;
        }
        try {
          engine = VkEngine.start();
        } catch (RuntimeException startFailure) {
          failure = startFailure;
          throw startFailure;
        }
      }
      return engine;
    }
  }
}
