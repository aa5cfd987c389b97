package org.djlvulkan.testfixtures;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The project's shared fixtures: models and images in the folder the build names with the system
 * property {@code djl.vulkan.shared.dir} ({@code ../shared} beside the checkout). A missing fixture
 * skips the calling test on a developer machine and fails it under {@code CI=true}.
 */
public final class SharedFixtures {
  /** The system property that names the shared folder (set by the parent pom's Surefire setup). */
  public static final String SHARED_DIR = "djl.vulkan.shared.dir";

  private static final String MIRROR = "djl.vulkan.model.mirror";

  private SharedFixtures() {}

  /**
   * Returns the shared folder, whether or not it exists.
   *
   * @return the absolute, normalized path
   */
  public static Path sharedDir() {
    String dir = System.getProperty(SHARED_DIR);
    Path p = dir == null ? Path.of("..", "..", "shared") : Path.of(dir);
    return p.toAbsolutePath().normalize();
  }

  /**
   * Returns the models folder, laid out as a zoo mirror, after checking that it exists.
   *
   * @return the folder
   */
  public static Path models() {
    return require(sharedDir().resolve("models"));
  }

  /**
   * Returns a file below the models folder, after checking that it exists.
   *
   * @param relative such as {@code resnet50/resnet50-fp32.onnx}
   * @return the file
   */
  public static Path model(String relative) {
    return require(sharedDir().resolve("models").resolve(relative));
  }

  /**
   * Returns a test image, after checking that it exists.
   *
   * @param name such as {@code chelsea.png}
   * @return the file
   */
  public static Path image(String name) {
    return require(sharedDir().resolve("images").resolve(name));
  }

  /**
   * Returns a file below the shared folder, after checking that it exists.
   *
   * @param relative such as {@code images/chelsea.png}
   * @return the file
   */
  public static Path file(String relative) {
    return require(sharedDir().resolve(relative));
  }

  /**
   * Returns whether a fixture exists; under {@code CI=true} a missing one fails the test instead.
   *
   * @param file the fixture
   * @return true when it exists
   */
  public static boolean present(Path file) {
    if (Files.exists(file)) {
      return true;
    }
    if (underCi()) {
      throw new AssertionError("CI=true but the shared fixture " + file + " is missing");
    }
    return false;
  }

  /**
   * Returns the fixture, skipping the test when it is missing (failing it under {@code CI=true}).
   *
   * @param file the fixture
   * @return the same path
   */
  public static Path require(Path file) {
    Assumptions.assumeTrue(present(file), () -> "shared fixture missing: " + file);
    return file;
  }

  /** Points the model zoo at the shared models folder; {@link #releaseMirror()} undoes it. */
  public static void useModelsAsMirror() {
    System.setProperty(MIRROR, models().toString());
  }

  /** Clears the model-mirror setting that {@link #useModelsAsMirror()} made. */
  public static void releaseMirror() {
    System.clearProperty(MIRROR);
  }

  /**
   * Returns whether the longer variants run ({@code -Pslow} sets {@code djl.vulkan.slow}).
   *
   * @return true under {@code -Pslow}
   */
  public static boolean slow() {
    return Boolean.getBoolean("djl.vulkan.slow");
  }

  /**
   * Returns whether the tests run under CI ({@code CI=true}), where missing fixtures fail.
   *
   * @return true under CI
   */
  public static boolean underCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }
}
