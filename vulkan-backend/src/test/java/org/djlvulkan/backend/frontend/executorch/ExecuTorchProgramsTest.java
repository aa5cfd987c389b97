package org.djlvulkan.backend.frontend.executorch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.djlvulkan.backend.frontend.ModelLoader;
import org.djlvulkan.backend.frontend.onnx.OnnxModels;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.InferenceSession;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.djlvulkan.testfixtures.Scores;
import org.djlvulkan.testfixtures.SharedFixtures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ExecuTorch programs of the shared fixtures ({@code models/pte}, lowered by ExecuTorch's own
 * exporter) against their reference outputs, every test data set. fp32 programs match the PyTorch
 * module within 1e-3 of the largest logit. The int8 references are PyTorch's quantized reference
 * (float arithmetic between quantize and dequantize), which an integer implementation follows to
 * within rounding: one-step differences of single activations compound through a network with
 * seeded weights (a float emulation of the same graph that divides instead of multiplying by the
 * inverse scale lands 0.04 of the largest logit away from itself), so int8 is checked to 0.1 of the
 * largest logit and the same top-1 class. ResNet50 runs under {@code -Pslow}.
 */
@ExtendWith(VulkanExtension.class)
class ExecuTorchProgramsTest {
  private static final double FP32_TOLERANCE = 1e-3;
  private static final double INT8_TOLERANCE = 0.1;

  static Stream<String> programs() {
    return Stream.of(
        "squeezenet-trained-fp32",
        "mobilenet_v2-fp32",
        "mobilenet_v2-portable",
        "squeezenet-trained-int8",
        "mobilenet_v2-int8",
        "resnet50-int8");
  }

  @ParameterizedTest
  @MethodSource("programs")
  void programMatchesItsReferences(String name) throws IOException {
    boolean slow = "true".equals(System.getProperty("djl.vulkan.slow"));
    Assumptions.assumeTrue(
        slow || !name.startsWith("resnet50"), "ResNet50 runs in the long suite (-Pslow)");
    Path dir = SharedFixtures.sharedDir().resolve("models/pte");
    Path file = SharedFixtures.require(dir.resolve(name + ".pte"));
    assertThat(ModelLoader.format(file)).isEqualTo(ModelLoader.Format.EXECUTORCH);
    List<Path> sets = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir.resolve("testdata").resolve(name))) {
      s.filter(p -> p.getFileName().toString().startsWith("test_data_set_"))
          .sorted()
          .forEach(sets::add);
    }
    assertThat(sets).isNotEmpty();
    boolean int8 = name.endsWith("int8");
    try (InferenceModel model =
            ModelLoader.load(VulkanExtension.device(), file, ModelOptions.DEFAULT);
        InferenceSession session = model.newSession()) {
      assertThat(model.inputs()).hasSize(1);
      assertThat(model.inputs().get(0).name()).isEqualTo("input_0");
      for (Path set : sets) {
        HostTensor in = OnnxModels.readTensor(set.resolve("input_0.pb")).toHostTensor();
        float[] ref = OnnxModels.readTensor(set.resolve("output_0.pb")).toFloats();
        HostTensor out = session.run(List.of(in)).get(0);
        float[] got = out.toFloats();
        assertThat(got).hasSameSizeAs(ref);
        double max = Scores.maxAbs(ref);
        double diff = Scores.maxAbsDiff(ref, got);
        int argRef = Scores.argmax(ref);
        int argGot = Scores.argmax(got);
        System.out.printf(
            Locale.ROOT,
            "[accuracy] %s %s: max|diff| / max|ref| = %.4f, top-1 %d (reference %d)%n",
            name,
            set.getFileName(),
            diff / max,
            argGot,
            argRef);
        assertThat(diff / max).isLessThanOrEqualTo(int8 ? INT8_TOLERANCE : FP32_TOLERANCE);
        assertThat(argGot).as("top-1 class").isEqualTo(argRef);
      }
    }
  }
}
