package org.djlvulkan.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.djlvulkan.cli.CliRun;
import org.djlvulkan.cli.Main;
import org.djlvulkan.testfixtures.SharedFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code classify}: its usage errors, and a run through the zoo on DJL's ONNX Runtime engine (the
 * Vulkan engine is not in this module's tests yet) with the shared models folder as the mirror.
 */
class ClassifyCommandTest {
  @AfterEach
  void releaseMirror() {
    SharedFixtures.releaseMirror();
  }

  @Test
  void usageErrorsNameTheProblem() {
    CliRun none = CliRun.of("classify");
    assertThat(none.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(none.err()).startsWith("error: classify needs at least one IMAGE\n");
    assertThat(none.err()).contains("usage: djl-vulkan classify");

    assertThat(CliRun.of("classify", "--top", "0", "a.png").err())
        .startsWith("error: --top must be at least 1, got 0");
    assertThat(CliRun.of("classify", "--model", "vgg16", "a.png").err())
        .startsWith("error: --model: 'vgg16' is neither a zoo model");
    assertThat(CliRun.of("classify", "--precision", "fp32", "a.png").err())
        .startsWith("error: --precision: org.djlvulkan:mobilenetv2 has no precision 'fp32'");
    assertThat(CliRun.of("classify", "--synset", "/no/such/synset.txt", "a.png").err())
        .startsWith("error: --synset: no file /no/such/synset.txt");
  }

  @Test
  void runtimeErrorsAreOneLine() {
    CliRun missingImage = CliRun.of("classify", "--engine", "OnnxRuntime", "/no/such.png");
    assertThat(missingImage.exitCode()).isEqualTo(Main.EXIT_ERROR);
    assertThat(missingImage.err()).isEqualTo("error: no image file /no/such.png\n");

    Path image = SharedFixtures.image("chelsea.png");
    CliRun noEngine = CliRun.of("classify", "--engine", "NoSuchEngine", image.toString());
    assertThat(noEngine.exitCode()).isEqualTo(Main.EXIT_ERROR);
    assertThat(noEngine.err())
        .startsWith(
            "error: the DJL engine 'NoSuchEngine' is not on the class path; engines found:");
  }

  @Test
  void resizeOnNamesItsChoicesAndNeedsTheVulkanEngineForTheDevice() {
    String cat = SharedFixtures.image("chelsea.png").toString();
    assertThat(CliRun.of("classify", "--resize-on", "gpu", cat).err())
        .startsWith("error: --resize-on needs host, device or auto, got 'gpu'");
    assertThat(CliRun.of("classify", "--resize-on", "device", "--engine", "OnnxRuntime", cat).err())
        .startsWith("error: --resize-on device needs the Vulkan engine, not OnnxRuntime");
  }

  /**
   * On the Vulkan engine (lavapipe here) the images resized on the device give the host path's
   * lines: the device resamples with the host's float arithmetic, so the int8 model sees the same
   * values.
   */
  @Test
  void imagesResizedOnTheDevicePrintTheHostPathsLines() {
    SharedFixtures.useModelsAsMirror();
    String cat = SharedFixtures.image("chelsea.png").toString();
    CliRun host = CliRun.of("classify", "--resize-on", "host", "--top", "3", cat);
    CliRun device = CliRun.of("classify", "--resize-on", "device", "--top", "3", cat);
    assertThat(host.exitCode()).as(host.err()).isZero();
    assertThat(device.exitCode()).as(device.err()).isZero();
    assertThat(device.outLines().get(1)).matches("  1\\. Egyptian cat \\(285\\) 0\\.\\d{4}");
    // Everything but the time line.
    assertThat(device.outLines().subList(0, 4)).isEqualTo(host.outLines().subList(0, 4));
  }

  @Test
  void classifiesThroughTheZooAndPrintsRankedLines() {
    SharedFixtures.useModelsAsMirror();
    Path cat = SharedFixtures.image("chelsea.png");
    Path coffee = SharedFixtures.image("coffee.png");
    CliRun r =
        CliRun.of(
            "classify", "--engine", "OnnxRuntime", "--top", "3", cat.toString(), coffee.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.outLines()).hasSize(10);
    assertThat(r.outLines().get(0)).isEqualTo(cat.toString());
    assertThat(r.outLines().get(1)).matches("  1\\. Egyptian cat \\(285\\) 0\\.\\d{4}");
    assertThat(r.outLines().get(2)).matches("  2\\. .+ \\(\\d+\\) 0\\.\\d{4}");
    assertThat(r.outLines().get(4)).matches("  time: \\d+\\.\\d{2} ms");
    assertThat(r.outLines().get(5)).isEqualTo(coffee.toString());
    assertThat(r.outLines().get(6)).matches("  1\\. espresso \\(967\\) [01]\\.\\d{4}");
  }

  @Test
  void theSynsetOptionReplacesTheZoosLabels(@TempDir Path dir) throws IOException {
    SharedFixtures.useModelsAsMirror();
    StringBuilder labels = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      labels.append("class number ").append(i).append('\n');
    }
    Path synset = Files.writeString(dir.resolve("labels.txt"), labels);
    assertThat(topOneOfCoffee("--synset", synset.toString()))
        .startsWith("  1. class number 967 (967) ");
  }

  @Test
  void classifiesAnOnnxFileWithTheImageNetPreprocessing() {
    SharedFixtures.useModelsAsMirror();
    String file = System.getProperty("djl.vulkan.model.mirror") + "/mobilenetv2-12-int8.onnx";
    assertThat(topOneOfCoffee("--model", file)).startsWith("  1. espresso (967) ");
  }

  /**
   * Classifies the coffee photo with ONNX Runtime and more options, and returns the first class
   * line (the run must succeed).
   */
  private static String topOneOfCoffee(String... options) {
    List<String> args = new ArrayList<>(List.of("classify", "--engine", "OnnxRuntime"));
    args.addAll(List.of(options));
    args.addAll(List.of("--top", "1", SharedFixtures.image("coffee.png").toString()));
    CliRun r = CliRun.of(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.err()).isZero();
    return r.outLines().get(1);
  }
}
