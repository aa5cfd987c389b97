package org.djlvulkan.it;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An app that uses only DJL's API and the Vulkan engine: loads each of the five shared model files,
 * runs one forward on a zero input (dynamic dimensions set to 1) and prints one line per model with
 * its output shapes. {@link ClassPathAppTest} runs it in a child JVM.
 */
public final class FiveModelsApp {
  /** The five shared model files, relative to the models folder. */
  static final List<String> MODELS =
      List.of(
          "resnet50/resnet50-fp32.onnx",
          "resnet50/resnet50-int8-qdq.onnx",
          "resnet50/resnet50-int8-qop.onnx",
          "mobilenetv2-12-int8.onnx",
          "squeezenet-fp16.onnx");

  private FiveModelsApp() {}

  /**
   * Runs the five models.
   *
   * @param args the models folder
   * @throws Exception when a model fails to load or run
   */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    for (String model : MODELS) {
      System.out.println(model + " -> " + forward(dir.resolve(model)));
    }
  }

  private static List<Shape> forward(Path file) throws Exception {
    Criteria<NDList, NDList> criteria =
        Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optModelPath(file)
            .optEngine("Vulkan")
            .build();
    try (ZooModel<NDList, NDList> model = criteria.loadModel();
        Predictor<NDList, NDList> predictor = model.newPredictor();
        NDManager manager = model.getNDManager().newSubManager()) {
      NDList inputs = new NDList();
      for (Map.Entry<String, Shape> input : model.describeInput().toMap().entrySet()) {
        long[] dims = input.getValue().getShape();
        for (int i = 0; i < dims.length; i++) {
          dims[i] = Math.max(dims[i], 1);
        }
        NDArray zeros = manager.zeros(new Shape(dims));
        zeros.setName(input.getKey());
        inputs.add(zeros);
      }
      List<Shape> shapes = new ArrayList<>();
      for (NDArray output : predictor.predict(inputs)) {
        shapes.add(output.getShape());
      }
      return shapes;
    }
  }
}
