package org.djlvulkan.backend.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.FLOAT;

import java.util.List;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.InferenceSession;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.model.NodeTiming;
import org.djlvulkan.backend.testing.Accuracy;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An add runs in the last pass of the convolution that feeds it only where nothing else reads that
 * convolution's output (MobileNetV2's pattern: a block's output feeds the next block's convolution
 * and its residual add): no convolution runs twice, and the result is ONNX Runtime's.
 */
@ExtendWith(VulkanExtension.class)
class ResidualAddLoweringTest {
  @Test
  void anOperandWithAnotherReaderIsNotRecomputed() {
    // a = Conv(x) is read by Conv(a) -> c and by a + b; b = Conv(x) only by the add; y = s + c.
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", FLOAT, 1, 8, 6, 6)
            .output("y", FLOAT, 1, 8, 6, 6)
            .initializer("w1", OpRunner.random(8 * 8, 71), 8, 8, 1, 1)
            .initializer("w2", OpRunner.random(8 * 8, 72), 8, 8, 1, 1)
            .initializer("w3", OpRunner.random(8 * 8, 73), 8, 8, 1, 1)
            .node("Conv", List.of("x", "w1"), List.of("a"))
            .node("Conv", List.of("a", "w2"), List.of("c"))
            .node("Conv", List.of("x", "w3"), List.of("b"))
            .node("Add", List.of("a", "b"), List.of("s"))
            .node("Add", List.of("s", "c"), List.of("y"));
    byte[] model = w.build();
    HostTensor x = OrtComparison.randomInput(74, 1, 8, 6, 6);
    float[] ref = OrtReference.run(model, List.of("x"), List.of(x)).get(0).toFloats();
    try (InferenceModel m =
            OnnxModels.load(
                VulkanExtension.device(),
                model,
                "residual readers",
                ModelOptions.DEFAULT.withProfiling(true));
        InferenceSession s = m.newSession()) {
      float[] got = s.run(List.of(x)).get(0).toFloats();
      Accuracy.assertWithinRelative("against ONNX Runtime", got, ref, 1e-4);
      List<String> kernels = s.lastProfile().stream().map(NodeTiming::kernel).toList();
      // Three convolutions, three GEMM passes: both adds run in the passes of b's and c's GEMMs.
      assertThat(kernels).filteredOn(k -> k.startsWith("gemm_")).hasSize(3);
      assertThat(kernels).filteredOn(k -> k.startsWith("gemm_tiled_add_")).hasSize(2);
      assertThat(kernels).noneMatch(k -> k.startsWith("binary_"));
    }
  }
}
