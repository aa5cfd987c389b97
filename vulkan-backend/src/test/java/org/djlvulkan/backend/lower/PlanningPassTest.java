package org.djlvulkan.backend.lower;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.djlvulkan.backend.graph.DispatchNode;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.model.Precision;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The planning pass changes nothing that runs: lowering after it gives the same dispatches (kernel,
 * specialization, bindings' specs, push constants, grid) as lowering that applies every rule as it
 * reaches the node; and on the shared models the lowering finds every choice made already.
 */
@ExtendWith(VulkanExtension.class)
class PlanningPassTest {
  @Test
  void theSharedModelsArePlannedBeforeLoweringAndLowerAsBefore() throws IOException {
    List<String> problems = new ArrayList<>();
    int planned = 0;
    for (LoweringCorpus.Case c : LoweringCorpus.sharedModels()) {
      for (Precision precision : Precision.values()) {
        Outcome o = compare(c, precision, problems);
        planned += o.planned();
        if (o.unforeseen() > 0) {
          problems.add(c.name() + " " + precision + ": " + o.unforeseen() + " choices unforeseen");
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(planned).as("choices the pass made").isGreaterThan(500);
  }

  @Test
  void theExecuTorchFixturesLowerAsWithoutThePass() throws IOException {
    List<String> problems = new ArrayList<>();
    for (LoweringCorpus.Case c : LoweringCorpus.executorchFixtures()) {
      compare(c, Precision.AUTO, problems);
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void onnxNodeTestsLowerAsWithoutThePass() throws IOException {
    List<String> problems = new ArrayList<>();
    for (LoweringCorpus.Case c : LoweringCorpus.onnxNodeTests()) {
      compare(c, Precision.AUTO, problems);
    }
    assertThat(problems).isEmpty();
  }

  private record Outcome(int planned, int unforeseen) {}

  private static Outcome compare(
      LoweringCorpus.Case c, Precision precision, List<String> problems) {
    Map<String, long[]> shapes = LoweringCorpus.batch(c.ir(), 1);
    shapes.putAll(c.inputs());
    GraphBuilder with = new GraphBuilder(VulkanExtension.device());
    GraphBuilder without = new GraphBuilder(VulkanExtension.device());
    VariantLowering.Inspection i = VariantLowering.inspect(c.ir(), with, shapes, precision, true);
    VariantLowering.inspect(c.ir(), without, shapes, precision, false);
    List<String> a = describe(with.dispatches());
    List<String> b = describe(without.dispatches());
    if (!a.equals(b)) {
      int k = 0;
      while (k < Math.min(a.size(), b.size()) && a.get(k).equals(b.get(k))) {
        k++;
      }
      problems.add(
          c.name()
              + " "
              + precision
              + ": dispatch "
              + k
              + " differs: "
              + (k < a.size() ? a.get(k) : "none")
              + " planned, "
              + (k < b.size() ? b.get(k) : "none")
              + " without the pass");
    }
    return new Outcome(i.planned(), i.unforeseen());
  }

  private static List<String> describe(List<DispatchNode> nodes) {
    return nodes.stream()
        .map(
            d ->
                d.op()
                    + " "
                    + d.pipeline()
                    + " "
                    + d.bindings().stream()
                        .map(b -> b.access() + ":" + b.value().spec())
                        .collect(Collectors.joining(","))
                    + " "
                    + d.grid()
                    + " "
                    + Arrays.toString(d.pushConstants()))
        .toList();
  }
}
