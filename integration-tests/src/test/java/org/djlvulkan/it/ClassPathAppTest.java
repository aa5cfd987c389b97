package org.djlvulkan.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.djlvulkan.testfixtures.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app with only the project's jars (djl-engine, vulkan-backend, shaders, model-zoo) and their
 * runtime dependencies (DJL's api, LWJGL, protobuf, gson, slf4j) on its class path runs all five
 * shared models through {@code Predictor<NDList, NDList>}: {@link FiveModelsApp} in a child JVM
 * whose class path is this test's, less ONNX Runtime, DJL's OnnxRuntime engine and the test
 * libraries.
 */
class ClassPathAppTest {
  /** Class path entries the app must not see: ONNX Runtime and everything only tests use. */
  private static final List<String> EXCLUDED =
      List.of(
          "onnxruntime",
          "junit",
          "opentest4j",
          "apiguardian",
          "assertj",
          "byte-buddy",
          "surefire",
          "test-classes",
          "-tests.jar");

  private static final long TIMEOUT_MINUTES = 5;

  @TempDir Path appClasses;

  /** Returns this JVM's class path without the excluded entries. */
  private static List<String> appClassPath() {
    List<String> kept = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String lower = entry.toLowerCase(Locale.ROOT);
      if (!entry.isBlank() && EXCLUDED.stream().noneMatch(lower::contains)) {
        kept.add(entry);
      }
    }
    return kept;
  }

  /** Copies the app's class file alone into a folder, away from the tests and their imports. */
  private Path copyApp() throws IOException {
    String resource = FiveModelsApp.class.getName().replace('.', '/') + ".class";
    Path target = appClasses.resolve(resource);
    Files.createDirectories(target.getParent());
    try (InputStream in = FiveModelsApp.class.getClassLoader().getResourceAsStream(resource)) {
      Files.copy(in, target);
    }
    return appClasses;
  }

  @Test
  void runsTheFiveModelsWithoutOnnxRuntimeOnTheClassPath() throws Exception {
    Path models = SharedFixtures.model("");
    for (String model : FiveModelsApp.MODELS) {
      SharedFixtures.model(model);
    }
    List<String> classPath = appClassPath();
    assertThat(classPath)
        .as("the app's class path")
        .anyMatch(e -> e.contains("djl-engine"))
        .anyMatch(e -> e.contains("vulkan-backend"))
        .anyMatch(e -> e.contains("shaders"))
        .anyMatch(e -> e.contains("model-zoo"))
        .anyMatch(e -> e.contains("api-"))
        .noneMatch(e -> e.toLowerCase(Locale.ROOT).contains("onnxruntime"));
    classPath.add(copyApp().toString());
    System.out.println("[app] class path:\n  " + String.join("\n  ", classPath));

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        Arrays.asList(
            "-Dorg.lwjgl.system.stackSize=1024",
            "-Xss4m",
            "-Ddjl.vulkan.validation=" + System.getProperty("djl.vulkan.validation", "off"),
            "-Dai.djl.offline=true"));
    String cache = System.getProperty("djl.vulkan.cache.dir");
    if (cache != null) {
      command.add("-Ddjl.vulkan.cache.dir=" + cache);
    }
    command.addAll(
        List.of(
            "-cp",
            String.join(File.pathSeparator, classPath),
            FiveModelsApp.class.getName(),
            models.toString()));
    Path log = appClasses.resolve("app.log");
    Process child =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean ended = child.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
    if (!ended) {
      child.destroyForcibly().waitFor();
    }
    List<String> output = Files.readAllLines(log, StandardCharsets.UTF_8);
    System.out.println("[app] output:\n  " + String.join("\n  ", output));
    assertThat(ended).as("the app ended within %d minutes", TIMEOUT_MINUTES).isTrue();
    assertThat(child.exitValue()).as("exit status; output:\n" + String.join("\n", output)).isZero();
    List<String> results = output.stream().filter(l -> l.contains(".onnx -> ")).toList();
    assertThat(results).hasSize(FiveModelsApp.MODELS.size());
    for (int i = 0; i < results.size(); i++) {
      assertThat(results.get(i)).startsWith(FiveModelsApp.MODELS.get(i) + " -> [(");
    }
  }
}
