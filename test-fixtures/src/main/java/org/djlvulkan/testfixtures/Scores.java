package org.djlvulkan.testfixtures;

import java.util.List;

/** The top class of a vector of scores: logits or probabilities. */
public final class Scores {
  private Scores() {}

  /**
   * Returns the index of the largest value.
   *
   * @param scores the scores, at least one
   * @return the index (the first one on ties)
   */
  public static int argmax(float[] scores) {
    int best = 0;
    for (int i = 1; i < scores.length; i++) {
      if (scores[i] > scores[best]) {
        best = i;
      }
    }
    return best;
  }

  /**
   * Returns the index of the largest value.
   *
   * @param scores the scores, at least one
   * @return the index (the first one on ties)
   */
  public static int argmax(List<Double> scores) {
    int best = 0;
    for (int i = 1; i < scores.size(); i++) {
      if (scores.get(i) > scores.get(best)) {
        best = i;
      }
    }
    return best;
  }
}
