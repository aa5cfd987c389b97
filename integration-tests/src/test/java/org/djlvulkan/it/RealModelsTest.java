package org.djlvulkan.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.djlvulkan.backend.frontend.onnx.OnnxModels;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.engine.EngineValidationExtension;
import org.djlvulkan.testfixtures.Scores;
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
 * top-1 equal (segmentation maps are compared by value); models ending in TopK or ArgMax return
 * ONNX Runtime's int64 indices but for near-ties. Opt-in, since the fixtures are made on the
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
    Path first = dir.resolve("test_data_set_0/output_0.pb");
    if (OnnxModels.readTensor(first).type() == DataType.INT64) {
      indicesMatchOnnxRuntime(dir, model, x);
      return;
    }
    ModelInput expected = ModelInput.testData(first);
    float[] reference = expected.values();
    // A classifier's top-1 must agree; a dense map (segmentation) is compared by value only.
    boolean classifier = expected.shape().length == 2;
    float[] ours;
    try (ZooModel<NDList, NDList> m = loadOnVulkan(model)) {
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

  /** Loads a model file through DJL's Criteria on this engine, NDList in and out. */
  private static ZooModel<NDList, NDList> loadOnVulkan(Path model) throws Exception {
    return Criteria.builder()
        .setTypes(NDList.class, NDList.class)
        .optModelPath(model)
        .optEngine("Vulkan")
        .build()
        .loadModel();
  }

  /**
   * A model ending in TopK or ArgMax over the class axis (axis 1): its int64 indices (output 0)
   * equal ONNX Runtime's, except where the two indices' scores in ONNX Runtime's own output 1 are
   * within 1e-4 of the largest score (a near-tie that float summation order may flip); the scores
   * themselves match as an fp32 output does.
   */
  private static void indicesMatchOnnxRuntime(Path dir, Path model, ModelInput x) throws Exception {
    String name = dir.getFileName().toString();
    TensorData refIndices = OnnxModels.readTensor(dir.resolve("test_data_set_0/output_0.pb"));
    TensorData refScores = OnnxModels.readTensor(dir.resolve("test_data_set_0/output_1.pb"));
    long[] ours;
    float[] ourScores;
    try (ZooModel<NDList, NDList> m = loadOnVulkan(model);
        Predictor<NDList, NDList> predictor = m.newPredictor();
        NDManager manager = m.getNDManager().newSubManager()) {
      NDList out = predictor.predict(new NDList(x.toNDArray(manager)));
      assertThat(out.get(0).getDataType())
          .as(name + " indices type")
          .isEqualTo(ai.djl.ndarray.types.DataType.INT64);
      assertThat(out.get(0).getShape().getShape()).isEqualTo(refIndices.shape());
      ours = out.get(0).toLongArray();
      ourScores = out.get(1).toFloatArray();
    }
    float[] scores = refScores.toFloats();
    OutputTolerance.of(model).assertMatches(name + " scores vs ONNX Runtime", ourScores, scores);
    long[] ref = refIndices.toLongs();
    long[] s = refScores.shape();
    long classes = s[1];
    long inner = scores.length / (s[0] * classes);
    long perBatch = ref.length / s[0];
    double largest = 0;
    for (float v : scores) {
      largest = Math.max(largest, Math.abs(v));
    }
    int differing = 0;
    for (int i = 0; i < ref.length; i++) {
      if (ours[i] == ref[i]) {
        continue;
      }
      differing++;
      long batch = i / perBatch;
      long at = (i % perBatch) % inner;
      float a = scores[(int) ((batch * classes + ref[i]) * inner + at)];
      float b = scores[(int) ((batch * classes + ours[i]) * inner + at)];
      assertThat((double) Math.abs(a - b))
          .as(name + " index " + i + ": ours " + ours[i] + ", ONNX Runtime " + ref[i])
          .isLessThanOrEqualTo(1e-4 * largest);
    }
    System.out.printf(
        "[real model] %s: %d of %d indices equal ONNX Runtime's (the rest near-ties)%n",
        name, ref.length - differing, ref.length);
  }

  private static double maxAbsDiff(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs((double) a[i] - b[i]));
    }
    return max;
  }
}
