package org.djlvulkan.backend.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.djlvulkan.backend.model.ElementType;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.InferenceSession;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.model.Precision;
import org.djlvulkan.backend.tensor.Float16;
import org.djlvulkan.backend.testing.Accuracy;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.VulkanExtension;

/** Loads a test model, runs it here and in ONNX Runtime, and compares every output. */
final class OrtComparison {
  private OrtComparison() {}

  static float[] floats(HostTensor t) {
    if (t.type() == ElementType.FLOAT16) {
      return Float16.toFloats(
          t.data().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN).asShortBuffer());
    }
    return t.toFloats();
  }

  /** Runs both and returns {ours, reference} per output. */
  static List<HostTensor[]> runBoth(
      String label, byte[] model, List<String> names, List<HostTensor> inputs, ModelOptions opts) {
    List<HostTensor> ref = OrtReference.run(model, names, inputs);
    try (InferenceModel m = OnnxModels.load(VulkanExtension.device(), model, label, opts);
        InferenceSession s = m.newSession()) {
      List<HostTensor> ours = s.run(inputs);
      assertThat(ours).as(label + ": output count").hasSameSizeAs(ref);
      List<HostTensor[]> pairs = new ArrayList<>();
      for (int i = 0; i < ref.size(); i++) {
        assertThat(ours.get(i).shape()).as(label + ": shape").containsExactly(ref.get(i).shape());
        assertThat(ours.get(i).type()).as(label + ": type").isEqualTo(ref.get(i).type());
        pairs.add(new HostTensor[] {ours.get(i), ref.get(i)});
      }
      return pairs;
    }
  }

  /** Asserts every output within {@link Accuracy}'s float tolerance of ONNX Runtime's. */
  /**
   * Runs a one- or two-input model (inputs named x and y) here and in ONNX Runtime and compares.
   *
   * @param label what is checked, for messages
   * @param w the model
   * @param inputs its inputs, in order
   */
  static void check(String label, OnnxWriter w, HostTensor... inputs) {
    List<String> names = inputs.length == 1 ? List.of("x") : List.of("x", "y");
    assertMatches(label, w.build(), names, List.of(inputs));
  }

  /**
   * Returns a float tensor of seeded random values.
   *
   * @param seed the seed
   * @param shape its dimensions
   * @return the tensor
   */
  static HostTensor randomInput(long seed, long... shape) {
    return HostTensor.ofFloats(OpRunner.random(OpRunner.count(shape), seed), shape);
  }

  static void assertMatches(String label, byte[] model, List<String> names, List<HostTensor> in) {
    for (HostTensor[] p : runBoth(label, model, names, in, ModelOptions.DEFAULT)) {
      float[] ref = floats(p[1]);
      double[] expected = new double[ref.length];
      for (int i = 0; i < ref.length; i++) {
        expected[i] = ref[i];
      }
      Accuracy.assertClose(label + " vs ORT", floats(p[0]), expected);
    }
  }

  /**
   * Asserts, in both precisions (int8 kernels and fp32), every (float, dequantized) output within
   * {@code steps} quantization steps of ONNX Runtime's and reports how many elements differ at all.
   */
  static void assertWithinSteps(
      String label, byte[] model, List<String> names, List<HostTensor> in, float step, int steps) {
    for (Precision precision : Precision.values()) {
      assertWithinSteps(
          label + " " + precision,
          model,
          names,
          in,
          step,
          steps,
          ModelOptions.DEFAULT.withPrecision(precision));
    }
  }

  /**
   * Asserts, in both precisions, every output of a model with one input {@code x} (seeded random
   * values of the given shape) within one quantization step of ONNX Runtime's.
   */
  static void assertWithinOneStep(
      String label, OnnxWriter w, long seed, float step, long... shape) {
    assertWithinSteps(label, w.build(), List.of("x"), List.of(randomInput(seed, shape)), step, 1);
  }

  /** Asserts every output within {@code steps} steps of ONNX Runtime's with the given options. */
  static void assertWithinSteps(
      String label,
      byte[] model,
      List<String> names,
      List<HostTensor> in,
      float step,
      int steps,
      ModelOptions options) {
    for (HostTensor[] p : runBoth(label, model, names, in, options)) {
      float[] a = floats(p[0]);
      float[] b = floats(p[1]);
      double maxDiff = 0;
      int differ = 0;
      for (int i = 0; i < a.length; i++) {
        double d = Math.abs(a[i] - b[i]);
        maxDiff = Math.max(maxDiff, d);
        differ += d > step * 1e-3 ? 1 : 0;
      }
      System.out.printf(
          Locale.ROOT,
          "[accuracy] %-60s max|diff| %.2f steps, %d of %d elements differ%n",
          label + " vs ORT",
          maxDiff / step,
          differ,
          a.length);
      assertThat(maxDiff).as(label).isLessThanOrEqualTo(steps * step * (1 + 1e-4));
    }
  }

  /**
   * Runs a model here (default options) and in ONNX Runtime and asserts every output byte for byte
   * equal; returns ours.
   */
  static List<HostTensor> assertSameBytes(
      String label, byte[] model, List<String> names, List<HostTensor> in) {
    List<HostTensor> ours = new ArrayList<>();
    for (HostTensor[] p : runBoth(label, model, names, in, ModelOptions.DEFAULT)) {
      assertThat(p[0].data())
          .as("%s output of type %s vs ORT", label, p[1].type())
          .isEqualTo(p[1].data());
      ours.add(p[0]);
    }
    return ours;
  }

  /** Asserts, in both precisions, every output byte for byte equal to ONNX Runtime's. */
  static void assertIdentical(String label, byte[] model, List<String> names, List<HostTensor> in) {
    for (Precision precision : Precision.values()) {
      ModelOptions options = ModelOptions.DEFAULT.withPrecision(precision);
      for (HostTensor[] p : runBoth(label + " " + precision, model, names, in, options)) {
        assertThat(p[0].data()).as(label + " " + precision + " vs ORT").isEqualTo(p[1].data());
      }
    }
  }
}
