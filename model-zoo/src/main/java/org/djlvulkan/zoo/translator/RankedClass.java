package org.djlvulkan.zoo.translator;

import ai.djl.modality.Classifications;
import java.util.ArrayList;
import java.util.List;

/**
 * One of the most probable classes of an image.
 *
 * @param index the class index (the line of the synset)
 * @param label the class label
 * @param probability its probability
 */
public record RankedClass(int index, String label, double probability) {

  /**
   * Returns the {@code k} most probable classes, most probable first; equal probabilities in
   * class-index order.
   *
   * @param classifications every class's probability, in class-index order
   * @param k how many, at least 1; fewer when there are fewer classes
   * @return the classes
   */
  public static List<RankedClass> top(Classifications classifications, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    List<String> labels = classifications.getClassNames();
    List<Double> probabilities = classifications.getProbabilities();
    // A selection in one pass instead of sorting every class (a sort of 1,000 classes per image
    // took 18% of a Spark job's samples): the best k so far, best first; a class goes after those
    // it does not beat (Double.compare order, so equal ones keep class-index order).
    int n = Math.min(k, labels.size());
    int[] best = new int[n];
    double[] bestP = new double[n];
    int size = 0;
    for (int i = 0; i < labels.size(); i++) {
      double p = probabilities.get(i);
      if (size == n && Double.compare(p, bestP[n - 1]) <= 0) {
        continue;
      }
      int at = size == n ? n - 1 : size++;
      while (at > 0 && Double.compare(p, bestP[at - 1]) > 0) {
        best[at] = best[at - 1];
        bestP[at] = bestP[at - 1];
        at--;
      }
      best[at] = i;
      bestP[at] = p;
    }
    List<RankedClass> out = new ArrayList<>(size);
    for (int j = 0; j < size; j++) {
      out.add(new RankedClass(best[j], labels.get(best[j]), bestP[j]));
    }
    return List.copyOf(out);
  }
}
