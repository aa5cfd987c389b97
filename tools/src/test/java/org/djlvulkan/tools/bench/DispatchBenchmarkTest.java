package org.djlvulkan.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.djlvulkan.backend.graph.ComputeGraph;
import org.djlvulkan.backend.graph.ExecutionContext;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VulkanExtension.class)
class DispatchBenchmarkTest {
  @Test
  void aChainOfFiftyDependentDispatchesGivesTheRightAnswer() {
    try (ComputeGraph graph = DispatchBenchmark.chain(VulkanExtension.device(), 50);
        ExecutionContext ctx = graph.newContext()) {
      ctx.run();
      int[] y = new int[64];
      ctx.read("y").asIntBuffer().get(y);
      assertThat(y).containsOnly(50);
      // fill, 50 increments and the copy all depend on their predecessor.
      assertThat(graph.barrierCount()).isEqualTo(51);
    }
  }
}
