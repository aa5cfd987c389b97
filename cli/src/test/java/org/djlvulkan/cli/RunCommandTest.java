package org.djlvulkan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.djlvulkan.backend.frontend.onnx.OnnxModels;
import org.djlvulkan.tools.testcase.OutputComparison;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} on cases of Debian's libonnx-testdata (the written output against the case's {@code
 * output_0.pb}) and on bad command lines.
 */
class RunCommandTest {
  private static final Path NODE = Path.of("/usr/share/libonnx-testdata/data/node");

  /** Returns a case folder; skips the test without the data, fails under {@code CI=true}. */
  private static Path testCase(String name) {
    Path dir = NODE.resolve(name);
    if (!Files.isDirectory(dir)) {
      String problem = "no ONNX test data at " + dir + " (apt-get install libonnx-testdata)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("CI=true: " + problem);
      }
      Assumptions.abort(problem);
    }
    return dir;
  }

  /** A node test's folder, its first data set and where the test writes the output. */
  private record NodeCase(Path dir, Path data, Path out) {
    String model() {
      return dir.resolve("model.onnx").toString();
    }

    /** Checks that the run succeeded, said what it wrote, and wrote the expected values. */
    void assertWritten(CliRun r, String described) {
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.outLines()).containsExactly(out + ": " + described);
      assertWrittenMatches(out, data.resolve("output_0.pb"));
    }
  }

  private static NodeCase nodeCase(String name, Path tmp) {
    Path dir = testCase(name);
    VulkanPrerequisites.require();
    return new NodeCase(dir, dir.resolve("test_data_set_0"), tmp.resolve("y.pb"));
  }

  private static void assertWrittenMatches(Path written, Path expected) {
    OutputComparison c =
        OutputComparison.compare(OnnxModels.readTensor(expected), OnnxModels.readTensor(written));
    assertThat(c.matches()).as(c.problem()).isTrue();
  }

  @Test
  void runsANodeTestWithFrozenWeightsAndWritesItsOutput(@TempDir Path tmp) {
    NodeCase c = nodeCase("test_conv_with_strides_padding", tmp);
    c.assertWritten(CliRun.of(frozenConv(c)), "y FLOAT32[1, 1, 4, 3]");
  }

  /** The arguments that run the strided convolution case with its weights frozen, then extra. */
  private static String[] frozenConv(NodeCase c, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                c.model(),
                "--input",
                c.data().resolve("input_0.pb").toString(),
                "--input",
                c.data().resolve("input_1.pb").toString(),
                "--output",
                c.out().toString(),
                "--freeze-inputs"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  @Test
  void runsAModelWithOneInputWithoutFreezing(@TempDir Path tmp) {
    NodeCase c = nodeCase("test_relu", tmp);
    Path data = c.data();
    Path out = c.out();
    CliRun r =
        CliRun.of("run", c.model(), "--input=" + data.resolve("input_0.pb"), "--output=" + out);
    c.assertWritten(r, "y FLOAT32[3, 4, 5]");
  }

  @Test
  void runsInTheFp16ModeAndRejectsAnUnknownPrecision(@TempDir Path tmp) {
    NodeCase c = nodeCase("test_conv_with_strides_padding", tmp);
    // The case's values are small integers, exact in fp16: the output matches as in fp32.
    c.assertWritten(CliRun.of(frozenConv(c, "--precision", "fp16")), "y FLOAT32[1, 1, 4, 3]");
    CliRun r = CliRun.of(frozenConv(c, "--precision", "bf16"));
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.errLines().get(0))
        .isEqualTo("error: --precision: expected auto, fp32 or fp16, got 'bf16'");
  }

  @Test
  void aWrongNumberOfInputsIsAUsageError(@TempDir Path tmp) {
    Path dir = testCase("test_conv_with_strides_padding");
    VulkanPrerequisites.require();
    Path model = dir.resolve("model.onnx");
    CliRun r =
        CliRun.of(
            "run",
            model.toString(),
            "--input",
            dir.resolve("test_data_set_0/input_0.pb").toString(),
            "--output",
            tmp.resolve("y.pb").toString(),
            "--freeze-inputs");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.errLines().get(0))
        .startsWith("error: " + model + " has 2 inputs [x: FLOAT32[1, 1, 7, 5], W: ")
        .endsWith(", got 1 --input");
    assertThat(r.err()).contains("usage: djl-vulkan run MODEL --input");
    assertThat(tmp.resolve("y.pb")).doesNotExist();
  }

  @Test
  void missingFilesAreOneErrorLine(@TempDir Path tmp) {
    Path dir = testCase("test_relu");
    String model = dir.resolve("model.onnx").toString();
    String out = tmp.resolve("y.pb").toString();

    CliRun noInput = CliRun.of("run", model, "--input", "/no/such/input_0.pb", "--output", out);
    assertThat(noInput.exitCode()).isEqualTo(Main.EXIT_ERROR);
    assertThat(noInput.err()).isEqualTo("error: no input file /no/such/input_0.pb\n");

    CliRun noModel = CliRun.of("run", "/no/such/model.onnx", "--output", out);
    assertThat(noModel.exitCode()).isEqualTo(Main.EXIT_ERROR);
    assertThat(noModel.err()).isEqualTo("error: no model file /no/such/model.onnx\n");
  }

  @Test
  void usageErrorsNameTheProblem() {
    CliRun noModel = CliRun.of("run", "--output", "y.pb");
    assertThat(noModel.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(noModel.errLines().get(0)).isEqualTo("error: run needs MODEL (.onnx or .pte)");

    CliRun noOutput = CliRun.of("run", "m.onnx", "--input", "x.pb");
    assertThat(noOutput.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(noOutput.errLines().get(0)).isEqualTo("error: run needs at least one --output FILE");

    CliRun twoModels = CliRun.of("run", "a.onnx", "b.onnx", "--output", "y.pb");
    assertThat(twoModels.errLines().get(0))
        .isEqualTo("error: unexpected argument 'b.onnx' for run");
  }
}
