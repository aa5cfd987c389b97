package org.djlvulkan.backend.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.FLOAT;

import java.util.List;
import org.djlvulkan.backend.lower.CompiledModel;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.InferenceSession;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.ops.fp.ConvPlan;
import org.djlvulkan.backend.plan.NodePlan;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A compiled model plans each convolution once per input spec: a variant for a new batch size adds
 * plans for its convolutions, a variant built again (or a run of one already built) adds none, and
 * the plans are what ran.
 */
@ExtendWith(VulkanExtension.class)
class KernelPlansTest {
  private static byte[] twoConvolutions() {
    return new OnnxWriter(13)
        .input("x", FLOAT, -1, 8, 10, 10)
        .output("y", FLOAT, -1, 16, 5, 5)
        .initializer("w1", OpRunner.random(16 * 8 * 9, 1), 16, 8, 3, 3)
        .initializer("w2", OpRunner.random(16 * 16, 2), 16, 16, 1, 1)
        .node(
            "Conv",
            List.of("x", "w1"),
            List.of("h"),
            OnnxWriter.ints("pads", 1, 1, 1, 1),
            OnnxWriter.ints("strides", 2, 2))
        .node("Conv", List.of("h", "w2"), List.of("y"))
        .build();
  }

  private static HostTensor input(int batch) {
    return HostTensor.ofFloats(OpRunner.random(batch * 8 * 100, 3), batch, 8, 10, 10);
  }

  @Test
  void eachConvolutionIsPlannedOncePerInputSpec() {
    try (InferenceModel m =
            OnnxModels.load(
                VulkanExtension.device(), twoConvolutions(), "plans.onnx", ModelOptions.DEFAULT);
        InferenceSession s = m.newSession()) {
      CompiledModel model = (CompiledModel) m;
      s.run(List.of(input(1)));
      s.run(List.of(input(1)));
      assertThat(model.kernelPlans())
          .extracting(NodePlan::value, p -> p.input().n())
          .containsExactly(tuple("h", 1), tuple("y", 1));
      s.run(List.of(input(3)));
      s.run(List.of(input(1)));
      assertThat(model.kernelPlans())
          .extracting(NodePlan::value, p -> p.input().n())
          .containsExactly(tuple("h", 1), tuple("y", 1), tuple("h", 3), tuple("y", 3));
      ConvPlan first = (ConvPlan) model.kernelPlans().get(0).plan();
      assertThat(first.outH()).isEqualTo(5);
      assertThat(first.outW()).isEqualTo(5);
      assertThat(model.kernelPlans().get(1).input().c()).isEqualTo(16);
    }
  }
}
