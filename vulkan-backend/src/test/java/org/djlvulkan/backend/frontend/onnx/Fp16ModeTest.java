package org.djlvulkan.backend.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.FLOAT;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.ints;

import java.util.List;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.InferenceSession;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.model.NodeTiming;
import org.djlvulkan.backend.model.Precision;
import org.djlvulkan.backend.testing.Accuracy;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fp16 mode's boundaries: an operator without fp16 kernels (Sigmoid) between fp16 ones reads an
 * fp32 copy made once and hands an fp16 copy on, and the result stays within fp16 rounding of ONNX
 * Runtime's.
 */
@ExtendWith(VulkanExtension.class)
class Fp16ModeTest {
  @Test
  void anOperatorWithoutFp16KernelsIsFramedByOneConversionEachWay() {
    // x -> Conv 3x3 -> a; Sigmoid(a) -> Conv 1x1 -> b; y = a + b (a read in both storages).
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", FLOAT, 1, 8, 6, 6)
            .output("y", FLOAT, 1, 8, 6, 6)
            .initializer("w1", OpRunner.random(8 * 8 * 9, 61), 8, 8, 3, 3)
            .initializer("w2", OpRunner.random(8 * 8, 62), 8, 8, 1, 1)
            .node("Conv", List.of("x", "w1"), List.of("a"), ints("pads", 1, 1, 1, 1))
            .node("Sigmoid", List.of("a"), List.of("s"))
            .node("Conv", List.of("s", "w2"), List.of("b"))
            .node("Add", List.of("a", "b"), List.of("y"));
    byte[] model = w.build();
    HostTensor x = OrtComparison.randomInput(63, 1, 8, 6, 6);
    float[] ref = OrtReference.run(model, List.of("x"), List.of(x)).get(0).toFloats();
    ModelOptions fp16 = ModelOptions.DEFAULT.withPrecision(Precision.FP16).withProfiling(true);
    try (InferenceModel m = OnnxModels.load(VulkanExtension.device(), model, "fp16 frame", fp16);
        InferenceSession s = m.newSession()) {
      float[] got = s.run(List.of(x)).get(0).toFloats();
      Accuracy.assertWithinRelative("fp16 mode vs ORT fp32", got, ref, 4e-3);
      List<String> kernels = s.lastProfile().stream().map(NodeTiming::kernel).toList();
      assertThat(kernels).containsOnlyOnce("nc4hw4_f16_to_f32", "nc4hw4_f32_to_f16");
      // The add runs in the pass of the 1x1 convolution that feeds it (a has a second reader).
      assertThat(kernels).contains("unary_sigmoid_f32");
      assertThat(kernels).anyMatch(k -> k.startsWith("gemm_tiled_add_") && k.endsWith("_f16"));
      assertThat(kernels.indexOf("nc4hw4_f16_to_f32"))
          .isLessThan(kernels.indexOf("unary_sigmoid_f32"));
      assertThat(kernels.indexOf("nc4hw4_f32_to_f16"))
          .isGreaterThan(kernels.indexOf("unary_sigmoid_f32"));
      assertThat(kernels)
          .filteredOn(k -> !k.startsWith("nc4hw4_f") && !k.equals("unary_sigmoid_f32"))
          .allMatch(k -> k.endsWith("_f16") || k.equals("nchw_to_nc4hw4_f16"), "fp16 builds");
    }
  }
}
