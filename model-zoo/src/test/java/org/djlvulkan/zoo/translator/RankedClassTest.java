package org.djlvulkan.zoo.translator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.modality.Classifications;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RankedClassTest {
  private static final Classifications FIVE =
      new Classifications(List.of("a", "b", "c", "d", "e"), List.of(0.1, 0.3, 0.05, 0.3, 0.25));

  @Test
  void ranksByProbabilityThenByIndex() {
    assertThat(RankedClass.top(FIVE, 3))
        .containsExactly(
            new RankedClass(1, "b", 0.3),
            new RankedClass(3, "d", 0.3),
            new RankedClass(4, "e", 0.25));
  }

  /** The selection gives the head of the full sort, for random scores with many ties. */
  @Test
  void givesTheFirstKOfTheFullSort() {
    Random r = new Random(5);
    for (int round = 0; round < 50; round++) {
      int n = 1 + r.nextInt(40);
      List<String> labels = new ArrayList<>();
      List<Double> p = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        labels.add("c" + i);
        p.add(r.nextInt(6) / 5.0);
      }
      Classifications c = new Classifications(labels, p);
      List<RankedClass> sorted = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        sorted.add(new RankedClass(i, labels.get(i), p.get(i)));
      }
      sorted.sort(
          Comparator.comparingDouble(RankedClass::probability)
              .reversed()
              .thenComparingInt(RankedClass::index));
      for (int k : new int[] {1, 2, 5, n, n + 3}) {
        assertThat(RankedClass.top(c, k))
            .as("n %d, k %d", n, k)
            .isEqualTo(sorted.subList(0, Math.min(k, n)));
      }
    }
  }

  @Test
  void asksForMoreThanThereAreGivesAll() {
    assertThat(RankedClass.top(FIVE, 9)).hasSize(5).last().isEqualTo(new RankedClass(2, "c", 0.05));
    assertThatThrownBy(() -> RankedClass.top(FIVE, 0)).hasMessage("k must be at least 1, got 0");
  }
}
