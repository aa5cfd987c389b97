package org.djlvulkan.it;

import java.nio.file.Path;
import org.djlvulkan.engine.EngineValidationExtension;
import org.djlvulkan.testfixtures.SharedFixtures;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The three ResNet50 files through DJL ({@code Predictor<NDList, NDList>}), each loaded once per
 * JVM: against ONNX Runtime's stored outputs (one test data set, all three under {@code -Pslow}),
 * and against ONNX Runtime Java on a seeded random input. The weights are untrained: numbers are
 * compared, never labels.
 */
@ExtendWith(EngineValidationExtension.class)
class ResNet50ModelTest {
  private static final long SEED = 50;

  private static Path file(String model) {
    return SharedFixtures.model("resnet50/" + model + ".onnx");
  }

  @ParameterizedTest
  @ValueSource(strings = {"resnet50-fp32", "resnet50-int8-qdq", "resnet50-int8-qop"})
  void matchesTheStoredOutputs(String model) throws Exception {
    Path file = file(model);
    OutputTolerance tolerance = OutputTolerance.of(file);
    int sets = SharedFixtures.slow() ? 3 : 1;
    for (int set = 0; set < sets; set++) {
      Path dir = SharedFixtures.model("resnet50/testdata/" + model + "/test_data_set_" + set);
      float[] ours = VulkanModels.run(file, ModelInput.testData(dir.resolve("input_0.pb")));
      float[] stored = ModelInput.testData(dir.resolve("output_0.pb")).values();
      tolerance.assertMatches(model + " test_data_set_" + set, ours, stored);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"resnet50-fp32", "resnet50-int8-qdq", "resnet50-int8-qop"})
  void matchesOnnxRuntimeOnARandomInput(String model) throws Exception {
    Path file = file(model);
    ModelInput random = ModelInput.random(SEED, false, 1, 3, 224, 224);
    OutputTolerance.of(file)
        .assertMatches(
            model + " random input vs ORT",
            VulkanModels.run(file, random),
            OrtReference.run(file, random));
  }
}
