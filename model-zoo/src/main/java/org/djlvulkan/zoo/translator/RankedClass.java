package org.djlvulkan.zoo.translator;

import ai.djl.modality.Classifications;
import java.util.ArrayList;
import java.util.Comparator;
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
    List<RankedClass> all = new ArrayList<>(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      all.add(new RankedClass(i, labels.get(i), probabilities.get(i)));
    }
    all.sort(
        Comparator.comparingDouble(RankedClass::probability)
            .reversed()
            .thenComparingInt(RankedClass::index));
    return List.copyOf(all.subList(0, Math.min(k, all.size())));
  }
}
