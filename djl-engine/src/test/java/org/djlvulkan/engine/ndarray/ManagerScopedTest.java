package org.djlvulkan.engine.ndarray;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A test that gets a fresh base manager of the Vulkan engine per test method, closed after it. */
abstract class ManagerScopedTest {
  /** The manager of the running test method. */
  protected NDManager manager;

  @BeforeEach
  void openManager() {
    manager = Engine.getEngine("Vulkan").newBaseManager();
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }
}
