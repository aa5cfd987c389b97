package org.djlvulkan.backend.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PairwiseTest {
  @Test
  void everyPairOfValuesIsCoveredWithFarFewerCasesThanTheFullProduct() {
    int[] factors = {6, 2, 2, 2, 3, 2, 2, 2};
    List<int[]> cases = Pairwise.indices(11, factors);
    for (int a = 0; a < factors.length; a++) {
      for (int b = a + 1; b < factors.length; b++) {
        Set<Integer> seen = new HashSet<>();
        for (int[] c : cases) {
          seen.add(c[a] * factors[b] + c[b]);
        }
        assertThat(seen).as("factors %d and %d", a, b).hasSize(factors[a] * factors[b]);
      }
    }
    assertThat(cases.size()).isLessThanOrEqualTo(24).isGreaterThanOrEqualTo(18);
    assertThat(Pairwise.indices(11, factors)).usingRecursiveComparison().isEqualTo(cases);
  }

  @Test
  void oneFactorListsItsValues() {
    assertThat(Pairwise.indices(1, 3)).containsExactly(new int[] {0}, new int[] {1}, new int[] {2});
  }
}
