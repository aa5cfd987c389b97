package org.djlvulkan.zoo.translator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.modality.Classifications;
import java.util.List;
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

  @Test
  void asksForMoreThanThereAreGivesAll() {
    assertThat(RankedClass.top(FIVE, 9)).hasSize(5).last().isEqualTo(new RankedClass(2, "c", 0.05));
    assertThatThrownBy(() -> RankedClass.top(FIVE, 0)).hasMessage("k must be at least 1, got 0");
  }
}
