package org.djlvulkan.backend.ops.fp;

import java.util.List;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ops.BinaryOp;
import org.djlvulkan.backend.ops.OpSupport;
import org.djlvulkan.backend.ops.ResidualFusion;
import org.djlvulkan.backend.ops.UnaryFunction;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.shaders.KernelId;

/**
 * Element-wise ops on NC4HW4 fp32 values: add/sub/mul/div with broadcasting, n-ary sum, clamp and
 * ReLU, sigmoid, hard sigmoid, hard swish and exp.
 */
public final class ElementwiseOps {
  private ElementwiseOps() {}

  /**
   * Adds a broadcasting binary op with an optional fused activation (the residual add with ReLU).
   * Each dimension of the 4-D views must be equal or 1 in one of the operands.
   *
   * @param g the graph
   * @param op the operator
   * @param a left operand, NC4HW4
   * @param b right operand, NC4HW4
   * @param activation fused activation
   * @return the result, NC4HW4, of the broadcast shape
   */
  public static Value binary(GraphBuilder g, BinaryOp op, Value a, Value b, Activation activation) {
    if (a.spec().dtype() != b.spec().dtype()) {
      // An fp16 operand meets an fp32 one (a constant, say): the op runs in fp32.
      a = FloatStorage.as(g, a, DType.F32);
      b = FloatStorage.as(g, b, DType.F32);
    }
    DType storage = FloatStorage.common(op.opName(), List.of(a, b));
    activation.requireClampOnly(op.opName());
    long[] out = OpSupport.broadcastDims4(op.opName(), a, b);
    int[] da = OpSupport.dims4(a);
    int[] db = OpSupport.dims4(b);
    Value result =
        g.intermediate(
            op.name().toLowerCase() + "(" + a.name() + "," + b.name() + ")",
            TensorSpec.of(storage, Layout.NC4HW4, out));
    PushConstants pc = PushConstants.words(15);
    OpSupport.pushDims(pc, out, da, db);
    pc.i(activation.clamp() ? 1 : 0).f(activation.lo()).f(activation.hi());
    g.dispatch(
        op.opName(),
        OpSupport.linearKernel(FloatStorage.kernel(op.kernel(), storage)),
        List.of(Binding.write(result), Binding.read(a), Binding.read(b)),
        pc.build(),
        OpSupport.linearGrid(g, FloatStorage.vec4s(result)));
    return result;
  }

  /**
   * Adds {@code a + b} (same shape, layout and storage) as the last passes of the GEMM convolution
   * that produced one operand ({@link ResidualFusion}), with the add's activation: ResNet's
   * residual add and ReLU without a pass of their own. In fp32 the sum is the one {@link #binary}
   * computes; in the fp16 mode the convolution's result is not rounded to fp16 before the add.
   *
   * @param g the graph
   * @param a left operand
   * @param b right operand
   * @param activation the add's fused activation (a clamp, or none)
   * @return the sum, or null when neither operand came from passes with a residual form
   */
  public static Value residualAdd(GraphBuilder g, Value a, Value b, Activation activation) {
    if (activation.hardSwish()) {
      return null;
    }
    ResidualFusion.Candidate c = ResidualFusion.find(g, a, b, TiledGemm::residualForm);
    if (c == null) {
      return null;
    }
    Value sum = g.intermediate("add(" + a.name() + "," + b.name() + ")", a.spec());
    ResidualFusion.replay(
        g,
        BinaryOp.ADD.opName(),
        c,
        sum,
        TiledGemm::residualForm,
        3,
        pc -> pc.i(activation.kernelCode()).f(activation.lo()).f(activation.hi()));
    return sum;
  }

  /**
   * ONNX Sum: the element-wise sum of one or more values with broadcasting, as a chain of binary
   * adds ({@code ((a + b) + c) + ...}, one dispatch each) with the activation fused into the last.
   *
   * @param g the graph
   * @param inputs one or more NC4HW4 values whose shapes broadcast together
   * @param activation fused activation
   * @return the sum; a single input without activation is returned as is
   */
  public static Value sum(GraphBuilder g, List<Value> inputs, Activation activation) {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("aten.add.Tensor (Sum): needs at least one input");
    }
    if (inputs.size() == 1) {
      Value only = inputs.get(0);
      FloatStorage.require("aten.add.Tensor", only);
      return activation.clamp() ? clamp(g, only, activation, "aten.clamp.default") : only;
    }
    Value acc = inputs.get(0);
    for (int i = 1; i < inputs.size(); i++) {
      boolean last = i == inputs.size() - 1;
      acc = binary(g, BinaryOp.ADD, acc, inputs.get(i), last ? activation : Activation.NONE);
    }
    return acc;
  }

  /**
   * Sigmoid: {@code 1 / (1 + exp(-x))}.
   *
   * @param g the graph
   * @param in an NC4HW4 value
   * @return the result
   */
  public static Value sigmoid(GraphBuilder g, Value in) {
    return unary(g, in, UnaryFunction.SIGMOID, 0f, 0f);
  }

  /**
   * ONNX HardSigmoid: {@code max(0, min(1, alpha * x + beta))} (ONNX defaults 0.2 and 0.5;
   * PyTorch's hardsigmoid is alpha 1/6, beta 0.5).
   *
   * @param g the graph
   * @param in an NC4HW4 value
   * @param alpha slope
   * @param beta offset
   * @return the result
   */
  public static Value hardSigmoid(GraphBuilder g, Value in, float alpha, float beta) {
    return unary(g, in, UnaryFunction.HARD_SIGMOID, alpha, beta);
  }

  /**
   * HardSwish (ONNX and PyTorch): {@code x * max(0, min(1, x / 6 + 0.5))}.
   *
   * @param g the graph
   * @param in an NC4HW4 value
   * @return the result
   */
  public static Value hardSwish(GraphBuilder g, Value in) {
    return unary(g, in, UnaryFunction.HARD_SWISH, 1f / 6f, 0.5f);
  }

  /**
   * Exp: {@code e^x}.
   *
   * @param g the graph
   * @param in an NC4HW4 value
   * @return the result
   */
  public static Value exp(GraphBuilder g, Value in) {
    return unary(g, in, UnaryFunction.EXP, 0f, 0f);
  }

  /**
   * Applies an element-wise function of one input.
   *
   * @param g the graph
   * @param in an NC4HW4 value
   * @param f the function
   * @param alpha its first parameter, where it has one
   * @param beta its second parameter, where it has one
   * @return the result, same shape
   */
  public static Value unary(GraphBuilder g, Value in, UnaryFunction f, float alpha, float beta) {
    return unary(g, in, f.opName(), f.kernel(), alpha, beta);
  }

  private static Value unary(
      GraphBuilder g, Value in, String op, KernelId kernel, float alpha, float beta) {
    if (FloatStorage.hasHalf(kernel)) {
      FloatStorage.require(op, in);
    } else {
      OpSupport.require(op, in, DType.F32, Layout.NC4HW4);
    }
    Value out = g.intermediate(op + "(" + in.name() + ")", in.spec());
    long vec4s = FloatStorage.vec4s(in);
    byte[] push =
        PushConstants.words(5)
            .i((int) vec4s)
            .i(in.spec().h() * in.spec().w())
            .i(in.spec().c())
            .f(alpha)
            .f(beta)
            .build();
    return OpSupport.unary(
        g, op, FloatStorage.kernel(kernel, in.spec().dtype()), out, in, push, vec4s);
  }

  /**
   * Clamps every element to {@code [lo, hi]}.
   *
   * @param g the graph
   * @param in an NC4HW4 value
   * @param lo lower bound
   * @param hi upper bound
   * @return the result
   */
  public static Value clamp(GraphBuilder g, Value in, float lo, float hi) {
    return clamp(g, in, Activation.clamp(lo, hi), "aten.clamp.default");
  }

  /**
   * ReLU: {@code max(x, 0)}.
   *
   * @param g the graph
   * @param in an NC4HW4 value
   * @return the result
   */
  public static Value relu(GraphBuilder g, Value in) {
    return clamp(g, in, Activation.RELU, "aten.relu.default");
  }

  private static Value clamp(GraphBuilder g, Value in, Activation act, String op) {
    return unary(g, in, op, KernelId.CLAMP_F32, act.lo(), act.hi());
  }
}
