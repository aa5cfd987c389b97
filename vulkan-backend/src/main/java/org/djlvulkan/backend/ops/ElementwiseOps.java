package org.djlvulkan.backend.ops;

import java.util.List;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;

/** Element-wise ops on NC4HW4 fp32 values: add/sub/mul with broadcasting, clamp and ReLU. */
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
    OpSupport.require(op.opName(), a, DType.F32, Layout.NC4HW4);
    OpSupport.require(op.opName(), b, DType.F32, Layout.NC4HW4);
    activation.requireClampOnly(op.opName());
    int[] da = OpSupport.dims4(a);
    int[] db = OpSupport.dims4(b);
    long[] out = new long[4];
    for (int i = 0; i < 4; i++) {
      if (da[i] != db[i] && da[i] != 1 && db[i] != 1) {
        throw new IllegalArgumentException(
            op.opName()
                + ": shapes of '"
                + a.name()
                + "' "
                + OpSupport.shape(da)
                + " and '"
                + b.name()
                + "' "
                + OpSupport.shape(db)
                + " do not broadcast (dimension "
                + i
                + ")");
      }
      out[i] = Math.max(da[i], db[i]);
    }
    Value result =
        g.intermediate(
            op.name().toLowerCase() + "(" + a.name() + "," + b.name() + ")",
            TensorSpec.of(DType.F32, Layout.NC4HW4, out));
    PushConstants pc = PushConstants.words(15);
    for (long d : out) {
      pc.i((int) d);
    }
    for (int d : da) {
      pc.i(d);
    }
    for (int d : db) {
      pc.i(d);
    }
    pc.i(activation.clamp() ? 1 : 0).f(activation.lo()).f(activation.hi());
    g.dispatch(
        op.opName(),
        OpSupport.linearKernel(op.kernel()),
        List.of(Binding.write(result), Binding.read(a), Binding.read(b)),
        pc.build(),
        OpSupport.linearGrid(g, result.byteSize() / 16));
    return result;
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
    OpSupport.require(op, in, DType.F32, Layout.NC4HW4);
    Value out = g.intermediate(op + "(" + in.name() + ")", in.spec());
    long vec4s = in.byteSize() / 16;
    byte[] push =
        PushConstants.words(5)
            .i((int) vec4s)
            .i(in.spec().h() * in.spec().w())
            .i(in.spec().c())
            .f(act.lo())
            .f(act.hi())
            .build();
    g.dispatch(
        op,
        OpSupport.linearKernel("clamp_f32"),
        List.of(Binding.write(out), Binding.read(in)),
        push,
        OpSupport.linearGrid(g, vec4s));
    return out;
  }
}
