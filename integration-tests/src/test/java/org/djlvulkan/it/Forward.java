package org.djlvulkan.it;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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
    // The outputs belong to the input's manager: a sub-manager frees both.
    try (Predictor<NDList, NDList> predictor = model.newPredictor();
        NDManager manager = model.getNDManager().newSubManager()) {
      return ClassScores.read(predictor.predict(new NDList(input.toNDArray(manager))).head());
    }
  }
}
