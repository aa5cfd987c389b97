package org.djlvulkan.engine;

import ai.djl.engine.Engine;

/**
 * Starts the engine and prints the outcome (the exception's class and message); run in a child JVM
 * by {@link EngineStartupTest} with a broken Vulkan setup.
 */
public final class EngineStartupProbe {
  private EngineStartupProbe() {}

  /**
   * Entry point.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    try {
      Engine engine = Engine.getEngine("Vulkan");
      System.out.println("started " + engine.getEngineName());
    } catch (RuntimeException e) {
      System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
