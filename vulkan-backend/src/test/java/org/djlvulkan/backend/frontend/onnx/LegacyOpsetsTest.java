package org.djlvulkan.backend.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.f;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.i;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.ints;

import java.util.List;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.InferenceSession;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.model.UnsupportedModelException;
import org.djlvulkan.backend.testing.Accuracy;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Models of ONNX operator sets 1 to 6 run with their operator set 7 meaning: each legacy model here
 * is compared with ONNX Runtime running the same computation written for operator set 13 (ONNX
 * Runtime refuses the legacy files).
 */
@ExtendWith(VulkanExtension.class)
class LegacyOpsetsTest {
  private static final int FLOAT = 1;
  private static final long[] SHAPE = {2, 3, 4, 5};

  private static HostTensor input() {
    return HostTensor.ofFloats(OpRunner.random(OpRunner.count(SHAPE), 5), SHAPE);
  }

  private static float[] ours(byte[] model, HostTensor x) {
    try (InferenceModel m =
            OnnxModels.load(VulkanExtension.device(), model, "legacy", ModelOptions.DEFAULT);
        InferenceSession s = m.newSession()) {
      return s.run(List.of(x)).get(0).toFloats();
    }
  }

  private static float[] onnxRuntime(byte[] model, HostTensor x) {
    return OrtReference.run(model, List.of("x"), List.of(x)).get(0).toFloats();
  }

  private static double[] widen(float[] v) {
    double[] d = new double[v.length];
    for (int k = 0; k < v.length; k++) {
      d[k] = v[k];
    }
    return d;
  }

  /** Batch-norm constants of 3 channels, shared by both forms. */
  private static OnnxWriter batchNormConstants(OnnxWriter w) {
    return w.initializer("scale", new float[] {1.5f, 0.5f, -1f}, 3)
        .initializer("bias", new float[] {0.1f, -0.2f, 0.3f}, 3)
        .initializer("mean", new float[] {0.05f, -0.1f, 0.2f}, 3)
        .initializer("var", new float[] {0.9f, 1.2f, 0.4f}, 3);
  }

  @Test
  void broadcastAtAnAxisAndTestModeBatchNormMeanWhatOpset13Says() {
    float[] b = {0.5f, -1f, 2f};
    byte[] legacy =
        batchNormConstants(
                new OnnxWriter(6)
                    .input("x", FLOAT, SHAPE)
                    .output("y", FLOAT, SHAPE)
                    .initializer("b", b, 3))
            .node("Add", List.of("x", "b"), List.of("a"), i("broadcast", 1), i("axis", 1))
            .node(
                "BatchNormalization",
                List.of("a", "scale", "bias", "mean", "var"),
                List.of("y"),
                i("is_test", 1),
                i("spatial", 1),
                f("epsilon", 1e-3f))
            .build();
    byte[] modern =
        batchNormConstants(
                new OnnxWriter(13)
                    .input("x", FLOAT, SHAPE)
                    .output("y", FLOAT, SHAPE)
                    .initializer("b", b, 3, 1, 1))
            .node("Add", List.of("x", "b"), List.of("a"))
            .node(
                "BatchNormalization",
                List.of("a", "scale", "bias", "mean", "var"),
                List.of("y"),
                f("epsilon", 1e-3f))
            .build();
    HostTensor x = input();
    Accuracy.assertClose(
        "opset 6 add(axis 1) + batch norm vs opset 13 in ORT",
        ours(legacy, x),
        widen(onnxRuntime(modern, x)));
  }

  @Test
  void reshapeWithAShapeAttributeTakesItAsItsSecondInput() {
    byte[] legacy =
        new OnnxWriter(4)
            .input("x", FLOAT, SHAPE)
            .output("y", FLOAT, 6, 20)
            .node("Reshape", List.of("x"), List.of("y"), ints("shape", 6, -1))
            .build();
    byte[] modern =
        new OnnxWriter(13)
            .input("x", FLOAT, SHAPE)
            .output("y", FLOAT, 6, 20)
            .initializer("s", TensorData.ofLongs(new long[] {6, -1}, 2))
            .node("Reshape", List.of("x", "s"), List.of("y"))
            .build();
    HostTensor x = input();
    assertThat(ours(legacy, x)).containsExactly(onnxRuntime(modern, x));
  }

  @Test
  void perActivationBatchNormHasNoOpset7FormAndSaysSo() {
    byte[] legacy =
        batchNormConstants(new OnnxWriter(6).input("x", FLOAT, SHAPE).output("y", FLOAT, SHAPE))
            .node(
                "BatchNormalization",
                List.of("x", "scale", "bias", "mean", "var"),
                List.of("y"),
                i("spatial", 0))
            .build();
    assertThatThrownBy(() -> ours(legacy, input()))
        .isInstanceOf(UnsupportedModelException.class)
        .hasMessageContaining("BatchNormalization")
        .hasMessageContaining("spatial = 0");
  }
}
