package org.djlvulkan.cli.commands;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The project's shared fixtures (system property {@code djl.vulkan.shared.dir}, set by the build)
 * as the zoo's model mirror. A missing folder skips the calling test, or fails it under {@code
 * CI=true}.
 */
final class SharedModels {
  private static final String MIRROR = "djl.vulkan.model.mirror";

  private SharedModels() {}

  private static Path shared() {
    String dir = System.getProperty("djl.vulkan.shared.dir");
    return (dir == null ? Path.of("..", "..", "shared") : Path.of(dir))
        .toAbsolutePath()
        .normalize();
  }

  /** Points the zoo at the shared models folder; {@link #release()} undoes it. */
  static void useAsMirror() {
    System.setProperty(MIRROR, require(shared().resolve("models")).toString());
  }

  /** Clears the mirror setting. */
  static void release() {
    System.clearProperty(MIRROR);
  }

  /** Returns a shared test image, after checking that it exists. */
  static Path image(String name) {
    return require(shared().resolve("images").resolve(name));
  }

  private static Path require(Path path) {
    if (!Files.exists(path)) {
      String problem = "shared fixture missing: " + path;
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true: " + problem);
      }
      Assumptions.abort(problem);
    }
    return path;
  }
}
