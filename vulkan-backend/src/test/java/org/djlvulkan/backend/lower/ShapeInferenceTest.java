package org.djlvulkan.backend.lower;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.ir.IrGraph;
import org.djlvulkan.backend.model.Precision;
import org.djlvulkan.backend.passes.ShapeInference;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.djlvulkan.testfixtures.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Shape inference gives every value the shape the lowering gives it: the lowering is the oracle, on
 * the shared models (ONNX and ExecuTorch), the ExecuTorch operator fixtures and ONNX's own backend
 * node tests ({@link LoweringCorpus}).
 */
@ExtendWith(VulkanExtension.class)
class ShapeInferenceTest {
  @Test
  void theSharedModelsValuesHaveTheShapesTheLoweringGives() throws IOException {
    List<LoweringCorpus.Case> cases = LoweringCorpus.sharedModels();
    assertThat(cases).hasSizeGreaterThan(6);
    Tally t = new Tally();
    cases.forEach(c -> t.check(c, Precision.AUTO));
    IrGraph resnet =
        LoweringCorpus.prepared(SharedFixtures.model("resnet50/resnet50-int8-qdq.onnx"));
    t.check(new LoweringCorpus.Case("resnet50 int8", resnet, Map.of()), Precision.FP32);
    t.check(
        new LoweringCorpus.Case("resnet50 int8 batch 3", resnet, LoweringCorpus.batch(resnet, 3)),
        Precision.AUTO);
    t.assertAgreed(700);
  }

  @Test
  void theExecuTorchFixturesValuesHaveTheShapesTheLoweringGives() throws IOException {
    Tally t = new Tally();
    LoweringCorpus.executorchFixtures().forEach(c -> t.check(c, Precision.AUTO));
    t.assertAgreed(250);
  }

  @Test
  void onnxNodeTestsValuesHaveTheShapesTheLoweringGives() throws IOException {
    if (!LoweringCorpus.hasNodeTests()) {
      assertThat(SharedFixtures.underCi()).as("libonnx-testdata is installed in CI").isFalse();
      return;
    }
    Tally t = new Tally();
    LoweringCorpus.onnxNodeTests().forEach(c -> t.check(c, Precision.AUTO));
    t.assertAgreed(2000);
  }

  /** Counts the values compared and collects the disagreements. */
  private static final class Tally {
    private final List<String> mismatches = new ArrayList<>();
    private int agreed;

    void check(LoweringCorpus.Case c, Precision precision) {
      IrGraph ir = c.ir();
      Map<String, long[]> shapes = LoweringCorpus.batch(ir, 1);
      shapes.putAll(c.inputs());
      Map<String, long[]> lowered;
      try {
        lowered =
            VariantLowering.inspect(
                    ir, new GraphBuilder(VulkanExtension.device()), shapes, precision, true)
                .shapes();
      } catch (RuntimeException e) {
        throw new AssertionError(c.name() + ": " + e, e);
      }
      ShapeInference.Result inferred = ShapeInference.infer(ir, shapes);
      Set<String> values = new HashSet<>(shapes.keySet());
      ir.nodes().forEach(n -> values.addAll(n.outputs()));
      lowered.forEach(
          (value, shape) -> {
            if (ir.isConstant(value) || !values.contains(value)) {
              return; // a graph constant, or a value the lowering made for itself
            }
            long[] s = inferred.shape(value);
            if (Arrays.equals(s, shape)) {
              agreed++;
            } else {
              mismatches.add(
                  c.name()
                      + ": "
                      + value
                      + " lowered "
                      + Arrays.toString(shape)
                      + ", inferred "
                      + Arrays.toString(s)
                      + (s == null ? " " + inferred.unknown() : ""));
            }
          });
    }

    void assertAgreed(int atLeast) {
      System.out.println("shape inference: " + agreed + " values agree with the lowering");
      assertThat(mismatches).isEmpty();
      assertThat(agreed).isGreaterThanOrEqualTo(atLeast);
    }
  }
}
