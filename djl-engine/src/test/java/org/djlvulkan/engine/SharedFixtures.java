package org.djlvulkan.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared test fixtures (models, images) beside the checkout, found through the {@code
 * djl.vulkan.shared.dir} property the build sets. A missing fixture skips the test, except under
 * {@code CI=true}, where it fails it.
 */
final class SharedFixtures {
  private SharedFixtures() {}

  /**
   * Returns a fixture, skipping (or under CI failing) the test when it is missing.
   *
   * @param relative the path inside the shared folder, e.g. {@code images/chelsea.png}
   * @return the absolute path
   */
  static Path require(String relative) {
    String dir = System.getProperty("djl.vulkan.shared.dir", "../../shared");
    Path file = Path.of(dir).resolve(relative).toAbsolutePath().normalize();
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      assertThat(file).as("shared fixture (CI=true)").exists();
    } else {
      assumeThat(Files.exists(file)).as("shared fixture " + file).isTrue();
    }
    return file;
  }
}
