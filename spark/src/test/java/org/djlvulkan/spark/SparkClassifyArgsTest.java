package org.djlvulkan.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** spark-classify's command line: usage errors exit with 2 and say what is wrong. */
class SparkClassifyArgsTest {
  private static String run(int expectedStatus, String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    assertThat(SparkClassify.run(args, out, out)).isEqualTo(expectedStatus);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void usageErrorsNameTheProblem() {
    assertThat(run(2, "in")).contains("needs INPUT_DIR and OUTPUT_DIR").contains("usage:");
    assertThat(run(2, "--batch", "0", "in", "out"))
        .contains("--batch needs a positive integer, got '0'");
    assertThat(run(2, "--frobnicate", "1", "in", "out")).contains("unknown option --frobnicate");
    assertThat(run(2, "--resize-on", "gpu", "in", "out"))
        .contains("--resize-on needs host, device or auto, got 'gpu'");
    assertThat(run(2, "in", "out", "--model")).contains("--model needs a value");
    assertThat(run(2, "--model", "nosuchnet", "in", "out"))
        .contains("--model 'nosuchnet' is neither a zoo model");
    assertThat(run(2, "/no/such/folder", "out")).contains("no folder /no/such/folder");
  }

  @Test
  void helpPrintsTheUsage() {
    assertThat(run(0, "--help")).startsWith("usage: djl-vulkan spark-classify");
  }
}
