package org.djlvulkan.backend.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.djlvulkan.backend.graph.MemoryPlanner.Lifetime;
import org.junit.jupiter.api.Test;

class MemoryPlannerTest {

  @Test
  void valuesAliveAtTheSameTimeNeverOverlapInMemory() {
    Random r = new Random(42);
    for (int trial = 0; trial < 200; trial++) {
      List<Lifetime> lifetimes = new ArrayList<>();
      int count = 1 + r.nextInt(30);
      for (int i = 0; i < count; i++) {
        int first = r.nextInt(40);
        lifetimes.add(new Lifetime(i, 1 + r.nextInt(5000), first, first + r.nextInt(10)));
      }
      MemoryPlan plan = MemoryPlanner.plan(lifetimes, 64);
      for (Lifetime a : lifetimes) {
        long offA = plan.offsets().get(a.valueId());
        assertThat(offA % 64).isZero();
        assertThat(offA + a.bytes()).isLessThanOrEqualTo(plan.plannedBytes());
        for (Lifetime b : lifetimes) {
          if (a == b || !a.overlapsInTime(b)) {
            continue;
          }
          long offB = plan.offsets().get(b.valueId());
          boolean disjoint = offA + a.bytes() <= offB || offB + b.bytes() <= offA;
          assertThat(disjoint).as("trial %d: %s and %s", trial, a, b).isTrue();
        }
      }
      assertThat(plan.plannedBytes()).isLessThanOrEqualTo(plan.unsharedBytes());
    }
  }

  @Test
  void aChainReusesMemory() {
    // a -> b -> c -> d: each value dies one node after it is born.
    List<Lifetime> chain = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      chain.add(new Lifetime(i, 1000, i, i + 1));
    }
    MemoryPlan plan = MemoryPlanner.plan(chain, 16);
    assertThat(plan.unsharedBytes()).isEqualTo(4 * 1008);
    assertThat(plan.plannedBytes()).isEqualTo(2 * 1008);
  }
}
