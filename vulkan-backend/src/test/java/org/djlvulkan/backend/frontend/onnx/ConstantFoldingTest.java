package org.djlvulkan.backend.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.FLOAT;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.i;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.ints;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.t;

import java.util.List;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.IrGraph;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.passes.Passes;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Constant subgraphs (Slice, Transpose, Gather, Cast, per-axis DequantizeLinear, QuantizeLinear
 * ties, ConstantOfShape, Neg) are folded on the host at load; ONNX Runtime evaluates the same
 * subgraphs at run time, and the outputs that add them to the inputs must agree.
 */
@ExtendWith(VulkanExtension.class)
class ConstantFoldingTest {
  private static byte[] model() {
    double[] data = new double[24];
    for (int k = 0; k < data.length; k++) {
      data[k] = k * 1.75 - 20;
    }
    return new OnnxWriter(17)
        .input("x1", FLOAT, 2, 2, 1, 2)
        .input("x2", FLOAT, 3, 2)
        .output("y1", FLOAT, 2, 2, 1, 2)
        .output("y2", FLOAT, 3, 2)
        .output("y3", FLOAT, 2, 2, 1, 2)
        .initializer("data", TensorData.ofDoubles(DataType.FLOAT, data, 2, 3, 4))
        .initializer("starts", TensorData.ofLongs(new long[] {-1, 0}, 2))
        .initializer("ends", TensorData.ofLongs(new long[] {-10, 4}, 2))
        .initializer("axes", TensorData.ofLongs(new long[] {0, 2}, 2))
        .initializer("steps", TensorData.ofLongs(new long[] {-1, 2}, 2))
        .initializer("idx", TensorData.ofLongs(new long[] {1, -2}, 1, 2))
        .initializer(
            "q", TensorData.ofDoubles(DataType.INT8, new double[] {-128, 127, 5, -7, 0, 64}, 3, 2))
        .initializer("qs", TensorData.ofFloats(new float[] {0.5f, 0.25f, 2f}, 3))
        .initializer("qz", TensorData.ofDoubles(DataType.INT8, new double[] {1, -3, 0}, 3))
        .initializer(
            "ties", TensorData.ofFloats(new float[] {0.5f, 1.5f, 2.5f, -0.5f, 3f, 7f}, 3, 2))
        .initializer("one", TensorData.ofFloats(new float[] {1f}))
        .initializer("zp", TensorData.ofDoubles(DataType.UINT8, new double[] {3}))
        .node("Slice", List.of("data", "starts", "ends", "axes", "steps"), List.of("s"))
        .node("Transpose", List.of("s"), List.of("tr"), ints("perm", 2, 0, 1))
        .node("Gather", List.of("tr", "idx"), List.of("g"), i("axis", 2))
        .node("Cast", List.of("g"), List.of("gi"), i("to", OnnxWriter.INT64))
        .node("Cast", List.of("gi"), List.of("gf"), i("to", FLOAT))
        .node("Reshape", List.of("gf", "shape1"), List.of("gr"))
        .node(
            "Constant",
            List.of(),
            List.of("shape1"),
            t("value", TensorData.ofLongs(new long[] {2, 2, 1, 2}, 4)))
        .node("Add", List.of("x1", "gr"), List.of("y1"))
        .node("DequantizeLinear", List.of("q", "qs", "qz"), List.of("dq"), i("axis", 0))
        .node("QuantizeLinear", List.of("ties", "one", "zp"), List.of("tq"))
        .node("DequantizeLinear", List.of("tq", "one", "zp"), List.of("td"))
        .node("Neg", List.of("td"), List.of("tn"))
        .node("Add", List.of("x2", "dq"), List.of("a2"))
        .node("Add", List.of("a2", "tn"), List.of("y2"))
        .node("Shape", List.of("x1"), List.of("shape"))
        .node(
            "ConstantOfShape",
            List.of("shape"),
            List.of("k"),
            t("value", TensorData.ofFloats(new float[] {2.5f}, 1)))
        .node("Mul", List.of("x1", "k"), List.of("y3"))
        .build();
  }

  @Test
  void constantSubgraphsFoldOnTheHost() {
    IrGraph g = Passes.prepare(OnnxModels.importGraph(model(), "folding", null));
    assertThat(g.nodes().stream().map(IrNode::op).toList())
        .as("only the runtime ops remain (x1's shape is fixed, so Shape folds too)")
        .containsExactlyInAnyOrder(Op.ADD, Op.ADD, Op.ADD, Op.MUL);
  }

  @Test
  void foldedConstantsMatchOnnxRuntime() {
    HostTensor x1 = HostTensor.ofFloats(OpRunner.random(8, 1), 2, 2, 1, 2);
    HostTensor x2 = HostTensor.ofFloats(OpRunner.random(6, 2), 3, 2);
    OrtComparison.assertMatches("constant folding", model(), List.of("x1", "x2"), List.of(x1, x2));
  }

  /**
   * torch.onnx's expand pattern: {@code Expand(x, Where(Equal(t, -1), 1, t))}, plus a Less/Or/Not
   * mask that selects between two constants; every comparison folds on the host.
   */
  private static byte[] expandModel() {
    return new OnnxWriter(13)
        .input("x", FLOAT, 2, 3, 1, 4)
        .output("y", FLOAT, 2, 3, 5, 4)
        .output("z", FLOAT, 4)
        .initializer("t", TensorData.ofLongs(new long[] {2, -1, 5, 4}, 4))
        .initializer("m1", TensorData.ofLongs(new long[] {-1}, 1))
        .initializer("one", TensorData.ofLongs(new long[] {1, 1, 1, 1}, 4))
        .initializer("two", TensorData.ofLongs(new long[] {3}, 1))
        .initializer("a", TensorData.ofFloats(new float[] {1.5f, -2f, 3f, 0.25f}, 4))
        .initializer("b", TensorData.ofFloats(new float[] {-1f, 7f, -3f, 9f}, 4))
        .node("Equal", List.of("t", "m1"), List.of("e"))
        .node("Where", List.of("e", "one", "t"), List.of("s"))
        .node("Expand", List.of("x", "s"), List.of("y"))
        .node("Less", List.of("t", "two"), List.of("lt"))
        .node("Not", List.of("e"), List.of("ne"))
        .node("Or", List.of("lt", "ne"), List.of("mask"))
        .node("Where", List.of("mask", "a", "b"), List.of("z"))
        .build();
  }

  @Test
  void comparisonsAndWhereOnConstantsFoldAndMatchOnnxRuntime() {
    IrGraph g = Passes.prepare(OnnxModels.importGraph(expandModel(), "expand", null));
    assertThat(g.nodes().stream().map(IrNode::op).toList())
        .as("only the Expand of the input remains")
        .containsExactly(Op.EXPAND);
    HostTensor x = HostTensor.ofFloats(OpRunner.random(24, 3), 2, 3, 1, 4);
    OrtComparison.assertMatches("expand pattern", expandModel(), List.of("x"), List.of(x));
  }
}
