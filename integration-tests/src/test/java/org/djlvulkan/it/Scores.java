package org.djlvulkan.it;

import ai.djl.modality.Classifications;
import java.util.List;

/** The top class of a score vector or a classification. */
final class Scores {
  private Scores() {}

  /** Returns the index of the largest value (the first one on ties). */
  static int argmax(float[] scores) {
    int best = 0;
    for (int i = 1; i < scores.length; i++) {
      if (scores[i] > scores[best]) {
        best = i;
      }
    }
    return best;
  }

  /** Returns the class index of the highest probability (the first one on ties). */
  static int top1(Classifications classifications) {
    List<Double> p = classifications.getProbabilities();
    int best = 0;
    for (int i = 1; i < p.size(); i++) {
      if (p.get(i) > p.get(best)) {
        best = i;
      }
    }
    return best;
  }
}
