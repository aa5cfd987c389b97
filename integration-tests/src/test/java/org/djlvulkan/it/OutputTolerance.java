package org.djlvulkan.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.djlvulkan.backend.frontend.onnx.proto.GraphProto;
import org.djlvulkan.backend.frontend.onnx.proto.NodeProto;
import org.djlvulkan.backend.frontend.onnx.proto.OnnxDecoder;
import org.djlvulkan.backend.frontend.onnx.proto.TensorProto;
import org.djlvulkan.backend.frontend.onnx.proto.TensorProtoData;
import org.djlvulkan.backend.ir.TensorData;

/**
 * How close a model's output must be to ONNX Runtime's, read from the model file. A float output
 * must be within {@code 1e-3 * max|reference|}; an output that a {@code DequantizeLinear} produces
 * is compared in units of its quantization step (its scale): at least 99% of the values within 1
 * step and none beyond 4.
 *
 * @param model names the model in messages
 * @param step the output's quantization step, or 0 for a float output
 */
record OutputTolerance(String model, double step) {
  /** The float rule: max |diff| relative to max |reference|. */
  static final double RELATIVE = 1e-3;

  /** The share of quantized outputs that must lie within one step. */
  static final double WITHIN_ONE_STEP = 0.99;

  /** No quantized output may differ by more than this many steps. */
  static final int MAX_STEPS = 4;

  /**
   * Reads the rule of a model's first output.
   *
   * @param file the {@code .onnx} file
   * @return the rule
   * @throws IllegalArgumentException when the output's scale is not a constant scalar
   */
  static OutputTolerance of(Path file) throws IOException {
    String name = file.getFileName().toString();
    GraphProto graph = OnnxDecoder.decodeModel(Files.readAllBytes(file), name).graph();
    String output = graph.outputs().get(0).name();
    NodeProto producer =
        graph.nodes().stream()
            .filter(n -> n.outputs().contains(output))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException(name + ": no node produces " + output));
    if (!producer.opType().equals("DequantizeLinear")) {
      return new OutputTolerance(name, 0);
    }
    String scaleName = producer.inputs().get(1);
    TensorProto scale =
        graph.initializers().stream()
            .filter(t -> t.name().equals(scaleName))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        name
                            + ": the scale "
                            + scaleName
                            + " of output "
                            + output
                            + " is not an initializer"));
    TensorData data = TensorProtoData.resolve(scale, name, file.toAbsolutePath().getParent());
    if (data.count() != 1) {
      throw new IllegalArgumentException(
          name + ": output " + output + " is quantized per channel; expected one scale");
    }
    return new OutputTolerance(name, data.getDouble(0));
  }

  /** Returns whether the output is quantized. */
  boolean quantized() {
    return step > 0;
  }

  /**
   * Asserts that our output matches the reference under this rule, printing the comparison.
   *
   * @param label what ran, for messages
   * @param ours the Vulkan engine's values
   * @param reference ONNX Runtime's values
   */
  void assertMatches(String label, float[] ours, float[] reference) {
    assertThat(ours).as(label + ": output size").hasSameSizeAs(reference);
    if (quantized()) {
      assertWithinSteps(label, ours, reference);
    } else {
      assertRelative(label, ours, reference, RELATIVE);
    }
  }

  /**
   * Asserts {@code max |ours - reference| <= relative * max |reference|}, printing both.
   *
   * @param label what ran, for messages
   * @param ours the Vulkan engine's values
   * @param reference the reference values
   * @param relative the bound relative to the largest reference value
   */
  static void assertRelative(String label, float[] ours, float[] reference, double relative) {
    double maxRef = 0;
    double maxDiff = 0;
    for (int i = 0; i < reference.length; i++) {
      maxRef = Math.max(maxRef, Math.abs(reference[i]));
      maxDiff = Math.max(maxDiff, Math.abs(ours[i] - reference[i]));
    }
    System.out.printf(
        Locale.ROOT, "[accuracy] %-50s max|diff| %.3e, max|ref| %.4f%n", label, maxDiff, maxRef);
    assertThat(maxDiff)
        .as(label + ": max|diff| vs max|ref| " + maxRef)
        .isLessThanOrEqualTo(relative * maxRef);
  }

  private void assertWithinSteps(String label, float[] ours, float[] reference) {
    int[] histogram = new int[MAX_STEPS + 2];
    double maxSteps = 0;
    for (int i = 0; i < reference.length; i++) {
      double steps = Math.abs(ours[i] - reference[i]) / step;
      maxSteps = Math.max(maxSteps, steps);
      // 1e-3 of a step absorbs float rounding of the dequantized values.
      int bucket = (int) Math.ceil(steps - 1e-3);
      histogram[Math.min(Math.max(bucket, 0), MAX_STEPS + 1)]++;
    }
    StringBuilder text = new StringBuilder();
    for (int b = 0; b <= MAX_STEPS; b++) {
      text.append(b).append(':').append(histogram[b]).append(' ');
    }
    text.append('>').append(MAX_STEPS).append(':').append(histogram[MAX_STEPS + 1]);
    System.out.printf(
        Locale.ROOT,
        "[accuracy] %-50s steps of %.4g: %s (max %.2f)%n",
        label,
        step,
        text,
        maxSteps);
    int withinOne = histogram[0] + histogram[1];
    assertThat(withinOne)
        .as(label + ": values within 1 step (" + text + ")")
        .isGreaterThanOrEqualTo((int) Math.ceil(WITHIN_ONE_STEP * reference.length));
    assertThat(histogram[MAX_STEPS + 1])
        .as(label + ": values beyond " + MAX_STEPS + " steps (" + text + ")")
        .isZero();
  }
}
