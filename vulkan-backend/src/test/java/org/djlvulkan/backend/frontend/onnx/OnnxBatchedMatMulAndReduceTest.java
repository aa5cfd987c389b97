package org.djlvulkan.backend.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.FLOAT;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.i;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.ints;
import static org.djlvulkan.backend.frontend.onnx.OrtComparison.check;
import static org.djlvulkan.backend.frontend.onnx.OrtComparison.randomInput;
import static org.djlvulkan.backend.frontend.onnx.TestTensors.rnd;

import java.util.List;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.ModelFormatException;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Batched MatMul (3-D/4-D and runtime operands), Div, Exp, ReduceMax and ReduceSum, written in Java
 * and run here and in ONNX Runtime on the same bytes and inputs.
 */
@ExtendWith(VulkanExtension.class)
class OnnxBatchedMatMulAndReduceTest {
  @Test
  void runtimeOperandsBroadcastTheBatchDimensions() {
    // A [2, 3, 4, 5] times a runtime B [3, 5, 6]: B's missing leading dimension broadcasts, and the
    // batch dimension 3 sits in the channel axis (one padded lane).
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", FLOAT, 2, 3, 4, 5)
            .input("y", FLOAT, 3, 5, 6)
            .output("r", FLOAT, 2, 3, 4, 6)
            .node("MatMul", List.of("x", "y"), List.of("r"));
    check("matmul [2,3,4,5] x [3,5,6]", w, randomInput(1, 2, 3, 4, 5), randomInput(2, 3, 5, 6));
  }

  @Test
  void constantOperandsOfOtherRanks() {
    // 3-D A with a 2-D constant B, and a 2-D product with a 3-D constant B broadcasting A.
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", FLOAT, 2, 5, 7)
            .output("r", FLOAT, 2, 5, 3)
            .output("s", FLOAT, 2, 5, 6)
            .initializer("b", rnd(7 * 3, 3), 7, 3)
            .initializer("a2", rnd(5 * 7, 4), 5, 7)
            .initializer("b3", rnd(2 * 7 * 6, 5), 2, 7, 6)
            .node("MatMul", List.of("x", "b"), List.of("r"))
            .initializer("b7", rnd(7 * 6, 6), 7, 6)
            .node("MatMul", List.of("a2", "b3"), List.of("p"))
            .node("MatMul", List.of("x", "b7"), List.of("x2"))
            .node("Add", List.of("p", "x2"), List.of("s"));
    check("matmul 3-D x 2-D, 2-D x 3-D", w, randomInput(7, 2, 5, 7));
  }

  @Test
  void softmaxExpandedOverEachAxis() {
    // The function body of Softmax: ReduceMax (axes attribute, opset 13), Sub, Exp, ReduceSum
    // (axes input), Div, over the batch, channel, height and width axes of a 4-D input.
    OnnxWriter w = new OnnxWriter(13).input("x", FLOAT, 2, 5, 3, 4);
    for (int axis = 0; axis < 4; axis++) {
      String a = "a" + axis;
      w.initializer(a + "axes", TensorData.ofLongs(new long[] {axis}, 1))
          .output(a + "y", FLOAT, 2, 5, 3, 4)
          .node("ReduceMax", List.of("x"), List.of(a + "max"), ints("axes", axis), i("keepdims", 1))
          .node("Sub", List.of("x", a + "max"), List.of(a + "sub"))
          .node("Exp", List.of(a + "sub"), List.of(a + "exp"))
          .node("ReduceSum", List.of(a + "exp", a + "axes"), List.of(a + "sum"), i("keepdims", 1))
          .node("Div", List.of(a + "exp", a + "sum"), List.of(a + "y"));
    }
    check("softmax expanded, axes 0 to 3", w, randomInput(8, 2, 5, 3, 4));
  }

  @Test
  void reductionsOverSeveralAxesWithoutKeepdims() {
    // ReduceSum over two axes dropped, ReduceMax of opset 18 (axes input) over a negative axis, and
    // ReduceSum with no axes (every axis).
    OnnxWriter w =
        new OnnxWriter(18)
            .input("x", FLOAT, 3, 6, 5)
            .output("s", FLOAT, 6)
            .output("m", FLOAT, 3, 6)
            .output("t", FLOAT, 1, 1, 1)
            .initializer("ax02", TensorData.ofLongs(new long[] {0, 2}, 2))
            .initializer("axm1", TensorData.ofLongs(new long[] {-1}, 1))
            .node("ReduceSum", List.of("x", "ax02"), List.of("s"), i("keepdims", 0))
            .node("ReduceMax", List.of("x", "axm1"), List.of("m"), i("keepdims", 0))
            .node("ReduceSum", List.of("x"), List.of("t"));
    check("reduce sum/max, keepdims 0, all axes", w, randomInput(9, 3, 6, 5));
  }

  @Test
  void divBroadcastsAColumnOverChannels() {
    // The divisor is kept away from zero.
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", FLOAT, 2, 6, 3)
            .input("y", FLOAT, 2, 1, 3)
            .output("r", FLOAT, 2, 6, 3)
            .node("Div", List.of("x", "y"), List.of("r"));
    float[] d = rnd(6, 11);
    for (int k = 0; k < d.length; k++) {
      d[k] = 0.5f + Math.abs(d[k]);
    }
    check("div with broadcast", w, randomInput(10, 2, 6, 3), HostTensor.ofFloats(d, 2, 1, 3));
  }

  @Test
  void repeatedAxesNameTheNode() {
    // (A 1-D MatMul operand, refused here before, now follows NumPy: VectorMatMulTest.)
    byte[] repeated =
        new OnnxWriter(13)
            .input("x", FLOAT, 2, 3)
            .output("r", FLOAT, 1, 1)
            .node("ReduceMax", List.of("x"), List.of("r"), ints("axes", 1, -1))
            .build();
    assertThatThrownBy(() -> load(repeated))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("node 'reducemax_0' (ReduceMax)")
        .hasMessageContaining("out of range or repeated");
  }

  private static void load(byte[] bytes) {
    OnnxModels.load(VulkanExtension.device(), bytes, "test.onnx", ModelOptions.DEFAULT).close();
  }
}
