package org.djlvulkan.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.djlvulkan.engine.EngineValidationExtension;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Public CNN architectures exported by {@code scripts/make_cnn_fixtures.py} (torchvision, seeded
 * weights, fp32 and ONNX Runtime int8 QDQ) run through DJL on the Vulkan engine and match ONNX
 * Runtime's outputs stored beside them: fp32 within 1e-3 of the largest logit, int8 within the
 * output's quantization steps ({@link OutputTolerance}) or, beyond that, no farther than ONNX
 * Runtime's fused int8 kernels are from its own float emulation of the same graph; classifiers'
 * top-1 equal (segmentation maps are compared by value). Opt-in, since the fixtures are made on the
 * machine: {@code mvn verify -pl integration-tests -Dtest=RealModelsTest -Dcnn.fixtures.dir=DIR}.
 */
@ExtendWith(EngineValidationExtension.class)
@EnabledIfSystemProperty(named = "cnn.fixtures.dir", matches = ".+")
class RealModelsTest {
  static Stream<Path> cases() throws IOException {
    Path root = Path.of(System.getProperty("cnn.fixtures.dir"));
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs
          .filter(d -> Files.isRegularFile(d.resolve("model.onnx")))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesOnnxRuntime(Path dir) throws Exception {
    Path model = dir.resolve("model.onnx");
    String name = dir.getFileName().toString();
    ModelInput x = ModelInput.testData(dir.resolve("test_data_set_0/input_0.pb"));
    ModelInput expected = ModelInput.testData(dir.resolve("test_data_set_0/output_0.pb"));
    float[] reference = expected.values();
    // A classifier's top-1 must agree; a dense map (segmentation) is compared by value only.
    boolean classifier = expected.shape().length == 2;
    float[] ours;
    try (ZooModel<NDList, NDList> m =
        Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optModelPath(model)
            .optEngine("Vulkan")
            .build()
            .loadModel()) {
      ours = Forward.first(m, x);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.out.printf(
        "[real model] %s: top-1 %d (ONNX Runtime %d)%n",
        name, Scores.argmax(ours), Scores.argmax(reference));
    if (classifier) {
      assertThat(Scores.argmax(ours)).as(name + " top-1").isEqualTo(Scores.argmax(reference));
    }
    Path unfused = dir.resolve("test_data_set_0/output_0_unfused.pb");
    if (!Files.isRegularFile(unfused)) {
      OutputTolerance.of(model).assertMatches(name + " vs ONNX Runtime", ours, reference);
      return;
    }
    // int8: ONNX Runtime's fused integer kernels and its own float emulation of the same QDQ graph
    // differ; that distance is the reference's noise floor, which ours may reach but not exceed.
    float[] ortUnfused = ModelInput.testData(unfused).values();
    double floor = maxAbsDiff(ortUnfused, reference);
    double ourDistance = maxAbsDiff(ours, reference);
    System.out.printf(
        "[real model] %s: max |diff| %.3g, ONNX Runtime fused vs unfused %.3g%n",
        name, ourDistance, floor);
    try {
      OutputTolerance.of(model).assertMatches(name + " vs ONNX Runtime", ours, reference);
    } catch (AssertionError beyondSteps) {
      assertThat(ourDistance)
          .as(name + ": beyond the step rule, within ONNX Runtime's own fused/unfused distance")
          .isLessThanOrEqualTo(floor);
    }
  }

  private static double maxAbsDiff(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs((double) a[i] - b[i]));
    }
    return max;
  }
}
