package org.djlvulkan.backend.ops.fp;

import java.util.List;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ops.OpSupport;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.shaders.KernelId;

/**
 * Reductions over one axis of an NC4HW4 fp32 value, keeping the axis with length 1: the value
 * reductions and the index of the extreme (ArgMax/ArgMin).
 */
public final class ReduceOps {
  /** What one axis reduces to (kernel {@code reduce/reduce_axis.comp}). */
  public enum Reduction {
    /** The sum. */
    SUM("aten.sum.dim_IntList", KernelId.REDUCE_SUM_F32),
    /** The maximum; NaN wins. */
    MAX("aten.amax.default", KernelId.REDUCE_MAX_F32),
    /** The minimum; NaN wins. */
    MIN("aten.amin.default", KernelId.REDUCE_MIN_F32),
    /** The product. */
    PROD("aten.prod.dim_int", KernelId.REDUCE_PROD_F32),
    /** The sum of squares. */
    SUM_SQUARE("reduce_sum_square", KernelId.REDUCE_SUMSQ_F32),
    /** The sum of absolute values. */
    SUM_ABS("reduce_sum_abs", KernelId.REDUCE_L1_F32),
    /**
     * {@code log(sum(exp(x)))}, computed as {@code m + log(sum(exp(x - m)))} with m the maximum.
     */
    LOG_SUM_EXP("aten.logsumexp.default", KernelId.REDUCE_LOGSUMEXP_F32);

    private final String opName;
    private final KernelId kernel;

    Reduction(String opName, KernelId kernel) {
      this.opName = opName;
      this.kernel = kernel;
    }
  }

  private ReduceOps() {}

  /**
   * Reduces one axis.
   *
   * @param g the graph
   * @param in an NC4HW4 value of rank at most 4
   * @param axis the axis, {@code 0 <= axis < rank}
   * @param r what the axis reduces to
   * @return the result: the input's shape with the axis set to 1, NC4HW4
   */
  public static Value reduce(GraphBuilder g, Value in, int axis, Reduction r) {
    return reduce(g, in, axis, r.opName, r.kernel);
  }

  /**
   * The sum over one axis (ONNX ReduceSum with one axis and keepdims).
   *
   * @param g the graph
   * @param in an NC4HW4 value of rank at most 4
   * @param axis the axis, {@code 0 <= axis < rank}
   * @return the result: the input's shape with the axis set to 1, NC4HW4
   */
  public static Value sum(GraphBuilder g, Value in, int axis) {
    return reduce(g, in, axis, Reduction.SUM);
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
    return reduce(g, in, axis, Reduction.MAX);
  }

  /**
   * The index of the maximum or minimum along one axis (ONNX ArgMax/ArgMin with keepdims), as a
   * float: exact for axes shorter than 2^24. NaN counts as the extreme; ties go to the first index,
   * or to the last with {@code selectLast}.
   *
   * @param g the graph
   * @param in an NC4HW4 value of rank at most 4
   * @param axis the axis, {@code 0 <= axis < rank}
   * @param max true for the maximum, false for the minimum
   * @param selectLast whether a tie returns the last index rather than the first
   * @return the indices: the input's shape with the axis set to 1, NC4HW4 fp32
   */
  public static Value argExtreme(
      GraphBuilder g, Value in, int axis, boolean max, boolean selectLast) {
    return max
        ? reduce(g, in, axis, "aten.argmax.default", KernelId.ARGMAX_F32, selectLast)
        : reduce(g, in, axis, "aten.argmin.default", KernelId.ARGMIN_F32, selectLast);
  }

  /** The two results of {@link #topK}: the values and their indices along the axis. */
  public record TopK(Value values, Value indices) {}

  /**
   * The k largest or smallest values along one axis, in order, with their indices (ONNX TopK with
   * {@code sorted = 1}): ties keep the lower index first, NaN counts as the largest value. The
   * indices are floats, exact for axes shorter than 2^24.
   *
   * @param g the graph
   * @param in an NC4HW4 value of rank at most 4
   * @param axis the axis, {@code 0 <= axis < rank}
   * @param k how many, {@code 1 <= k <= } the axis' length
   * @param largest true for the largest values, false for the smallest
   * @return the values and the indices: the input's shape with the axis set to k, NC4HW4 fp32
   */
  public static TopK topK(GraphBuilder g, Value in, int axis, int k, boolean largest) {
    String op = "aten.topk.default";
    long[] shape = checkedShape(op, in, axis);
    if (k < 1 || k > shape[axis]) {
      throw new IllegalArgumentException(
          op
              + ": k "
              + k
              + " out of range for axis "
              + axis
              + " of '"
              + in.name()
              + "' "
              + in.spec());
    }
    long[] outShape = shape.clone();
    outShape[axis] = k;
    TensorSpec spec = TensorSpec.of(DType.F32, Layout.NC4HW4, outShape);
    Value values = g.intermediate(op + "(" + in.name() + "," + axis + "," + k + ")", spec);
    Value indices = g.intermediate(values.name() + ".indices", spec);
    g.dispatch(
        op,
        OpSupport.linearKernel(largest ? KernelId.TOPK_LARGEST_F32 : KernelId.TOPK_SMALLEST_F32),
        List.of(Binding.write(values), Binding.write(indices), Binding.read(in)),
        axisParams(in, axis, k),
        OpSupport.linearGrid(g, in.byteSize() / 4));
    return new TopK(values, indices);
  }

  private static Value reduce(GraphBuilder g, Value in, int axis, String op, KernelId kernel) {
    return reduce(g, in, axis, op, kernel, false);
  }

  private static Value reduce(
      GraphBuilder g, Value in, int axis, String op, KernelId kernel, boolean selectLast) {
    long[] shape = checkedShape(op, in, axis);
    long[] outShape = shape.clone();
    outShape[axis] = 1;
    Value out =
        g.intermediate(
            op + "(" + in.name() + "," + axis + ")",
            TensorSpec.of(DType.F32, Layout.NC4HW4, outShape));
    g.dispatch(
        op,
        OpSupport.linearKernel(kernel),
        List.of(Binding.write(out), Binding.read(in)),
        axisParams(in, axis, selectLast ? 1 : 0),
        OpSupport.linearGrid(g, out.byteSize() / 4));
    return out;
  }

  /** Checks an F32 NC4HW4 input of rank at most 4 and an axis in it; returns its shape. */
  private static long[] checkedShape(String op, Value in, int axis) {
    OpSupport.require(op, in, DType.F32, Layout.NC4HW4);
    OpSupport.requireRank4(op, in);
    long[] shape = in.spec().shape();
    if (axis < 0 || axis >= shape.length) {
      throw new IllegalArgumentException(
          op + ": axis " + axis + " out of range for '" + in.name() + "' " + in.spec());
    }
    return shape;
  }

  /** The push constants of both kernels: the input's N, C, H, W, the axis and one more word. */
  private static byte[] axisParams(Value in, int axis, int extra) {
    PushConstants pc = PushConstants.words(6);
    for (int d : OpSupport.dims4(in)) {
      pc.i(d);
    }
    return pc.i(axis).i(extra).build();
  }
}
