package org.djlvulkan.tools.testcase;

import java.util.ArrayList;
import java.util.List;
import org.djlvulkan.backend.frontend.onnx.OnnxModels;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.InferenceSession;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.model.Precision;
import org.djlvulkan.backend.model.UnsupportedModelException;
import org.djlvulkan.backend.vk.VulkanDevice;

/**
 * Runs ONNX backend test cases on a device. Each data set loads the model afresh with {@link
 * ModelOptions#freezeInputsAfterFirst()}: the node tests feed weights, scales and zero points as
 * graph inputs, so the values of every input after the first are bound as constants, the way a
 * model file would hold them. Outputs are compared with {@link OutputComparison} ({@link Tolerance}
 * per element type). An {@link UnsupportedModelException} makes the case skipped with its message
 * (without the model's path in front); any other exception fails it.
 */
public final class TestCaseRunner {
  /** The options every case loads with: file precision, inputs after the first frozen. */
  public static final ModelOptions OPTIONS = new ModelOptions(Precision.AUTO, false, 1, true);

  private final VulkanDevice device;

  /**
   * Creates a runner.
   *
   * @param device the device the cases run on
   */
  public TestCaseRunner(VulkanDevice device) {
    this.device = device;
  }

  /** Returns the report's header lines: how inputs are bound and the tolerances. */
  public static List<String> header() {
    return List.of(
        "inputs: input_0 is fed at run time; the values of every later input are bound as"
            + " constants (ModelOptions.freezeInputsAfterFirst)",
        "tolerance: |actual - expected| <= atol + rtol * |expected|; float32/float64: "
            + Tolerance.FLOAT32.describe()
            + "; float16: "
            + Tolerance.FLOAT16.describe()
            + "; integer types: exact");
  }

  /**
   * Runs every data set of a case.
   *
   * @param testCase the case
   * @return passed when every output of every data set matched
   */
  public CaseResult run(OnnxTestCase testCase) {
    List<TestDataSet> sets = testCase.dataSets();
    if (sets.isEmpty()) {
      return CaseResult.failed(testCase.name(), 0, "no test_data_set_* folder");
    }
    double maxDiff = 0;
    for (TestDataSet set : sets) {
      String where = set.dir().getFileName().toString();
      try {
        List<TensorData> actual = runModel(testCase, set);
        if (actual.size() != set.outputs().size()) {
          return CaseResult.failed(
              testCase.name(),
              maxDiff,
              where
                  + ": the model has "
                  + actual.size()
                  + " outputs, the data set "
                  + set.outputs().size());
        }
        for (int i = 0; i < actual.size(); i++) {
          TensorData expected = OnnxModels.readTensor(set.outputs().get(i));
          OutputComparison c = OutputComparison.compare(expected, actual.get(i));
          maxDiff = Math.max(maxDiff, c.maxDiff());
          if (!c.matches()) {
            return CaseResult.failed(
                testCase.name(), maxDiff, where + " output " + i + ": " + c.problem());
          }
        }
      } catch (UnsupportedModelException e) {
        return CaseResult.skipped(testCase.name(), withoutModelPath(e.getMessage(), testCase));
      } catch (RuntimeException e) {
        return CaseResult.failed(
            testCase.name(),
            maxDiff,
            where + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
    return CaseResult.passed(testCase.name(), maxDiff);
  }

  private List<TensorData> runModel(OnnxTestCase testCase, TestDataSet set) {
    List<HostTensor> inputs = new ArrayList<>();
    for (var file : set.inputs()) {
      inputs.add(hostTensor(OnnxModels.readTensor(file), testCase));
    }
    try (InferenceModel model = OnnxModels.load(device, testCase.model(), OPTIONS);
        InferenceSession session = model.newSession()) {
      List<TensorData> out = new ArrayList<>();
      for (HostTensor t : session.run(inputs)) {
        out.add(TensorData.of(t));
      }
      return out;
    }
  }

  private static HostTensor hostTensor(TensorData t, OnnxTestCase testCase) {
    try {
      return t.toHostTensor();
    } catch (IllegalArgumentException e) {
      throw new UnsupportedModelException(
          testCase.model().toString(), "a " + t + " input: " + e.getMessage());
    }
  }

  /** Drops the model's path in front of a message, so that reasons read the same everywhere. */
  private static String withoutModelPath(String message, OnnxTestCase testCase) {
    String prefix = testCase.model() + ": ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }
}
