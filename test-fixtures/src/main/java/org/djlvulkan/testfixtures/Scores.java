package org.djlvulkan.testfixtures;

import java.util.List;

/** The top class of a vector of scores (logits or probabilities), and how far two are apart. */
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

  /**
   * Returns the largest absolute value.
   *
   * @param scores the scores
   * @return {@code max |scores[i]|}, 0 for none
   */
  public static double maxAbs(float[] scores) {
    double max = 0;
    for (float v : scores) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }

  /**
   * Returns the largest absolute difference of two vectors of the same length.
   *
   * @param a one vector
   * @param b the other
   * @return {@code max |a[i] - b[i]|}
   */
  public static double maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("lengths differ: " + a.length + " and " + b.length);
    }
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
