package org.djlvulkan.backend.ops;

import java.util.List;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;

/** Sum and maximum over one axis of an NC4HW4 fp32 value, keeping the axis with length 1. */
public final class ReduceOps {
  private ReduceOps() {}

  /**
   * The sum over one axis (ONNX ReduceSum with one axis and keepdims).
   *
   * @param g the graph
   * @param in an NC4HW4 value of rank at most 4
   * @param axis the axis, {@code 0 <= axis < rank}
   * @return the result: the input's shape with the axis set to 1, NC4HW4
   */
  public static Value sum(GraphBuilder g, Value in, int axis) {
    return reduce(g, in, axis, "aten.sum.dim_IntList", "reduce_sum_f32");
  }

  /**
   * The maximum over one axis (ONNX ReduceMax with one axis and keepdims).
   *
   * @param g the graph
   * @param in an NC4HW4 value of rank at most 4
   * @param axis the axis, {@code 0 <= axis < rank}
   * @return the result: the input's shape with the axis set to 1, NC4HW4
   */
  public static Value max(GraphBuilder g, Value in, int axis) {
    return reduce(g, in, axis, "aten.amax.default", "reduce_max_f32");
  }

  private static Value reduce(GraphBuilder g, Value in, int axis, String op, String kernel) {
    OpSupport.require(op, in, DType.F32, Layout.NC4HW4);
    OpSupport.requireRank4(op, in);
    long[] shape = in.spec().shape();
    if (axis < 0 || axis >= shape.length) {
      throw new IllegalArgumentException(
          op + ": axis " + axis + " out of range for '" + in.name() + "' " + in.spec());
    }
    long[] outShape = shape.clone();
    outShape[axis] = 1;
    Value out =
        g.intermediate(
            op + "(" + in.name() + "," + axis + ")",
            TensorSpec.of(DType.F32, Layout.NC4HW4, outShape));
    PushConstants pc = PushConstants.words(5);
    for (int d : OpSupport.dims4(in)) {
      pc.i(d);
    }
    pc.i(axis);
    g.dispatch(
        op,
        OpSupport.linearKernel(kernel),
        List.of(Binding.write(out), Binding.read(in)),
        pc.build(),
        OpSupport.linearGrid(g, out.byteSize() / 4));
    return out;
  }
}
