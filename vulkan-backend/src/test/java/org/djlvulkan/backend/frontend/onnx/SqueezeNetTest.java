package org.djlvulkan.backend.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.djlvulkan.backend.model.ElementType;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.InferenceSession;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.tensor.Float16;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.djlvulkan.testfixtures.Scores;
import org.djlvulkan.testfixtures.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SqueezeNet 1.0 in float16 (old IR: weights listed as inputs too; opset 7 Softmax) against ONNX
 * Runtime on the same bytes. The engine computes in fp32, so it differs from ONNX Runtime's float16
 * arithmetic by float16 rounding; the output is a softmax, compared in absolute terms.
 */
@ExtendWith(VulkanExtension.class)
class SqueezeNetTest {
  @Test
  void float16ModelMatchesOnnxRuntime() throws IOException {
    Path file =
        SharedFixtures.require(SharedFixtures.sharedDir().resolve("models/squeezenet-fp16.onnx"));
    byte[] bytes = Files.readAllBytes(file);
    float[] x = OpRunner.random(3 * 224 * 224, 7);
    HostTensor in =
        new HostTensor(ElementType.FLOAT16, new long[] {1, 3, 224, 224}, Float16.narrow(x));
    try (InferenceModel model =
            OnnxModels.load(VulkanExtension.device(), file, ModelOptions.DEFAULT);
        InferenceSession session = model.newSession()) {
      assertThat(model.inputs()).hasSize(1);
      assertThat(model.inputs().get(0).name()).isEqualTo("data_0");
      HostTensor ours = session.run(List.of(in)).get(0);
      HostTensor ref = OrtReference.run(bytes, List.of("data_0"), List.of(in)).get(0);
      assertThat(ours.type()).isEqualTo(ElementType.FLOAT16);
      assertThat(ours.shape()).containsExactly(ref.shape());
      float[] a = Float16.toFloats(ours.data().asShortBuffer());
      float[] b = Float16.toFloats(ref.data().asShortBuffer());
      double maxDiff = Scores.maxAbsDiff(a, b);
      double sum = 0;
      for (float v : a) {
        sum += v;
      }
      int top = Scores.argmax(b);
      System.out.printf(
          Locale.ROOT,
          "[accuracy] squeezenet fp16 vs ORT: max|diff| %.3e, top probability %.4f (ORT %.4f)%n",
          maxDiff,
          a[top],
          b[top]);
      assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
      assertThat(maxDiff).isLessThanOrEqualTo(2e-3);
      assertThat(Scores.argmax(a)).as("top-1 class").isEqualTo(top);
    }
  }
}
