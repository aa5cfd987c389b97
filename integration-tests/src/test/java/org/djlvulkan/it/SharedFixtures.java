package org.djlvulkan.it;

import java.nio.file.Path;
import org.djlvulkan.backend.testing.TestDevice;

/**
 * The project's shared fixtures (system property {@code djl.vulkan.shared.dir}, set by the build):
 * models and images. A missing file skips the calling test, or fails it under {@code CI=true}.
 */
final class SharedFixtures {
  private SharedFixtures() {}

  /** Returns the shared folder. */
  static Path sharedDir() {
    return TestDevice.sharedDir();
  }

  /** Returns a file below the models folder, after checking that it exists. */
  static Path model(String relative) {
    return require(sharedDir().resolve("models").resolve(relative));
  }

  /** Returns a test image, after checking that it exists. */
  static Path image(String name) {
    return require(sharedDir().resolve("images").resolve(name));
  }

  /** Returns whether the longer variants run ({@code -Pslow} sets {@code djl.vulkan.slow}). */
  static boolean slow() {
    return Boolean.getBoolean("djl.vulkan.slow");
  }

  private static Path require(Path path) {
    return TestDevice.requireFixture(path);
  }
}
