package org.djlvulkan.backend.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.model.ElementType;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.InferenceSession;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Graph outputs that are constants of a variant (the folded {@code Shape} of an input, a Constant
 * node, an initializer) come from the host in their declared type, beside the device's outputs, and
 * a model of constants alone runs without a dispatch.
 */
@ExtendWith(VulkanExtension.class)
class ConstantOutputsTest {

  @Test
  void aShapeAndAConstantBesideADeviceOutputMatchOnnxRuntime() {
    OnnxWriter w =
        new OnnxWriter(15)
            .input("x", OnnxWriter.FLOAT, 2, 3, 4, 5)
            .output("s", OnnxWriter.INT64, 4)
            .output("y", OnnxWriter.FLOAT, 2, 3, 4, 5)
            .output("k", OnnxWriter.FLOAT, 3)
            .node("Shape", List.of("x"), List.of("s"))
            .node("Relu", List.of("x"), List.of("y"))
            .node(
                "Constant",
                List.of(),
                List.of("k"),
                OnnxWriter.t("value", TensorData.ofFloats(new float[] {7f, -1f, 40f}, 3)));
    List<HostTensor> ours =
        OrtComparison.assertSameBytes(
            "constant outputs",
            w.build(),
            List.of("x"),
            List.of(OrtComparison.randomInput(3, 2, 3, 4, 5)));
    assertThat(ours.get(0).type()).isEqualTo(ElementType.INT64);
  }

  @Test
  void aModelOfConstantsAloneRunsWithoutInputs() {
    OnnxWriter w =
        new OnnxWriter(15)
            .output("k", OnnxWriter.FLOAT, 2, 2)
            .node(
                "Constant",
                List.of(),
                List.of("k"),
                OnnxWriter.t("value", TensorData.ofFloats(new float[] {1.5f, -2f, 0f, 8f}, 2, 2)));
    try (InferenceModel m =
            OnnxModels.load(
                VulkanExtension.device(), w.build(), "constants", ModelOptions.DEFAULT);
        InferenceSession s = m.newSession()) {
      assertThat(m.inputs()).isEmpty();
      HostTensor k = s.run(List.of()).get(0);
      assertThat(k.shape()).containsExactly(2, 2);
      assertThat(k.toFloats()).containsExactly(1.5f, -2f, 0f, 8f);
      // A second run of the same session gives the same constant.
      assertThat(s.run(List.of()).get(0).toFloats()).containsExactly(1.5f, -2f, 0f, 8f);
    }
  }
}
