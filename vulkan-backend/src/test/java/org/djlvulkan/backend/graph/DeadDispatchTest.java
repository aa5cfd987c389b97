package org.djlvulkan.backend.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ops.BinaryOp;
import org.djlvulkan.backend.ops.LayoutOps;
import org.djlvulkan.backend.ops.fp.ElementwiseOps;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Conversions that reuse existing values, and dispatches that nothing reads dropped at build. */
@ExtendWith(VulkanExtension.class)
class DeadDispatchTest {
  private static final long[] SHAPE = {1, 6, 5, 3};

  @Test
  void convertingBackReturnsTheValueItCameFrom() {
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    Value x = g.input("x", TensorSpec.of(DType.F32, Layout.NCHW, SHAPE));
    Value packed = LayoutOps.toNc4hw4(g, x);
    assertThat(LayoutOps.toNc4hw4(g, x)).isSameAs(packed);
    assertThat(LayoutOps.toNchw(g, packed)).isSameAs(x);
    // A graph output must be a node's own value: the input is converted again for it.
    Value out = LayoutOps.toNchwOutput(g, packed);
    assertThat(out).isNotSameAs(x);
    assertThat(g.canBeOutput(out)).isTrue();
    assertThat(g.nodeCount()).isEqualTo(2);
  }

  @Test
  void dispatchesWhoseResultsNobodyReadsAreDroppedAndTheResultIsUnchanged() {
    float[] x = new float[90];
    Random r = new Random(3);
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat() * 4 - 2;
    }
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    Value in = OpRunner.nc4hw4Input(g, "x", SHAPE);
    Value used = ElementwiseOps.binary(g, BinaryOp.ADD, in, in, Activation.RELU);
    Value unused = ElementwiseOps.binary(g, BinaryOp.MUL, in, in, Activation.NONE);
    ElementwiseOps.binary(g, BinaryOp.ADD, unused, in, Activation.NONE);
    g.output("y", LayoutOps.toNchwOutput(g, used));
    assertThat(g.nodeCount()).isEqualTo(5);
    try (ComputeGraph graph = g.build();
        ExecutionContext ctx = graph.newContext()) {
      assertThat(graph.nodeCount()).isEqualTo(3);
      assertThat(graph.nodes()).extracting(DispatchNode::op).doesNotContain("aten.mul.Tensor");
      assertThat(graph.role(unused)).isEqualTo(ValueRole.UNUSED);
      assertThat(graph.role(used)).isEqualTo(ValueRole.INTERMEDIATE);
      ctx.write("x", x);
      ctx.run();
      float[] y = new float[x.length];
      ctx.read("y").order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(y);
      for (int i = 0; i < x.length; i++) {
        assertThat(y[i]).isEqualTo(Math.max(x[i] + x[i], 0f));
      }
    }
  }

  @Test
  void writtenSinceLooksAtTheNodesFromAnIndexOn() {
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    Value in = OpRunner.nc4hw4Input(g, "x", SHAPE);
    Value a = ElementwiseOps.binary(g, BinaryOp.ADD, in, in, Activation.NONE);
    assertThat(g.writtenSince(a, 0)).isTrue();
    assertThat(g.writtenSince(a, g.nodeCount())).isFalse();
    assertThat(g.writtenSince(in, 1)).isFalse();
  }
}
