package org.djlvulkan.it;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import org.djlvulkan.zoo.translator.ClassScores;

/** One forward of a {@code (NDList, NDList)} model on any engine, through a {@link Predictor}. */
final class Forward {
  private Forward() {}

  /**
   * Runs a one-input model and returns its first output as floats.
   *
   * @param model the model
   * @param input the input
   * @return the first output's values (float16 outputs widened)
   */
  static float[] first(ZooModel<NDList, NDList> model, ModelInput input) throws TranslateException {
    return run(model, input).values();
  }

  /**
   * Runs a one-input model and returns its first output's values and type.
   *
   * @param model the model
   * @param input the input
   * @return the first output
   */
  static Output run(ZooModel<NDList, NDList> model, ModelInput input) throws TranslateException {
    // The outputs belong to the input's manager: a sub-manager frees both.
    try (Predictor<NDList, NDList> predictor = model.newPredictor();
        NDManager manager = model.getNDManager().newSubManager()) {
      NDArray out = predictor.predict(new NDList(input.toNDArray(manager))).head();
      return new Output(ClassScores.read(out), out.getDataType());
    }
  }

  /**
   * A model output read back to the host.
   *
   * @param values the values as floats (float16 widened)
   * @param type the output's element type
   */
  record Output(float[] values, DataType type) {}
}
