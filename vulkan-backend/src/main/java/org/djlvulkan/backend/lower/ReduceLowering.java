package org.djlvulkan.backend.lower;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.ops.UnaryFunction;
import org.djlvulkan.backend.ops.fp.ElementwiseOps;
import org.djlvulkan.backend.ops.fp.ReduceOps;
import org.djlvulkan.backend.ops.fp.ReduceOps.Reduction;

/**
 * Lowers the ONNX reductions (Sum, Mean, Max, Min, Prod, L1, L2, LogSum, LogSumExp, SumSquare; and
 * ArgMax/ArgMin, see {@link #argExtreme}): the axes (attribute, or constant input from opset 13 for
 * ReduceSum and 18 for the others), {@code keepdims} and {@code noop_with_empty_axes}. Each axis is
 * one single-axis reduction: the first one applies the element function (square, absolute value),
 * the later ones combine; Mean, L2 and LogSum finish with one element-wise step (scale by 1 /
 * count, sqrt, log).
 */
final class ReduceLowering {
  private final LoweringContext cx;

  ReduceLowering(LoweringContext cx) {
    this.cx = cx;
  }

  /**
   * Adds the reduction of node {@code n} over its input.
   *
   * @param n a ReduceMax or ReduceSum node
   * @param x its data input
   * @return the result, with the reduced axes kept as 1 or dropped per {@code keepdims}
   */
  DeviceTensor reduce(IrNode n, DeviceTensor x) {
    long[] axes = axes(n);
    int r = x.rank();
    if (axes == null || axes.length == 0) {
      if (n.attrs().i("noop_with_empty_axes", 0) != 0) {
        return x;
      }
      axes = new long[r];
      for (int i = 0; i < r; i++) {
        axes[i] = i;
      }
    }
    TreeSet<Integer> reduced = new TreeSet<>();
    for (long a : axes) {
      long axis = a < 0 ? a + r : a;
      if (axis < 0 || axis >= r || !reduced.add((int) axis)) {
        throw cx.malformed(
            n, "axes " + Arrays.toString(axes) + " out of range or repeated for rank " + r);
      }
    }
    Value v = x.value();
    long count = 1;
    try {
      boolean first = true;
      for (int axis : reduced) {
        v = ReduceOps.reduce(cx.builder(), v, axis, first ? firstStep(n) : laterStep(n));
        first = false;
        count *= x.shape()[axis];
      }
      v = finish(n, v, count);
    } catch (IllegalArgumentException e) {
      throw cx.unsupported(n, e.getMessage());
    }
    long[] out = reducedShape(x.shape(), reduced, n.attrs().i("keepdims", 1) != 0);
    return cx.shaped(n, v, out, null);
  }

  /**
   * Adds ArgMax or ArgMin of node {@code n}: attributes {@code axis} (default 0, negative counts
   * from the end), {@code keepdims} (default 1) and {@code select_last_index} (default 0). The
   * indices are held as floats, exact below 2^24; a graph output of type INT64 converts them on the
   * way out.
   *
   * @param n an ArgMax or ArgMin node
   * @param x its data input
   * @return the indices
   */
  DeviceTensor argExtreme(IrNode n, DeviceTensor x) {
    int r = x.rank();
    long a = n.attrs().i("axis", 0);
    long axis = a < 0 ? a + r : a;
    if (axis < 0 || axis >= r) {
      throw cx.unsupported(n, "axis " + a + " out of range for rank " + r);
    }
    if (x.shape()[(int) axis] >= 1 << 24) {
      throw cx.unsupported(
          n, "axis " + a + " has " + x.shape()[(int) axis] + " elements (at most 2^24 - 1)");
    }
    Value v;
    try {
      v =
          ReduceOps.argExtreme(
              cx.builder(),
              x.value(),
              (int) axis,
              n.op() == Op.ARG_MAX,
              n.attrs().i("select_last_index", 0) != 0);
    } catch (IllegalArgumentException e) {
      throw cx.unsupported(n, e.getMessage());
    }
    long[] out = reducedShape(x.shape(), Set.of((int) axis), n.attrs().i("keepdims", 1) != 0);
    return cx.shaped(n, v, out, null);
  }

  /**
   * Adds TopK of node {@code n}: K from the constant second input (opset 10) or the {@code k}
   * attribute (before), {@code axis} (default -1), {@code largest} (default 1); {@code sorted} is
   * honoured by always sorting. The values are the node's first output, the indices (floats,
   * converted by an INT64 graph output) its second.
   *
   * @param n a TopK node
   * @param x its data input
   * @return the values; the indices are stored under the second output
   */
  DeviceTensor topK(IrNode n, DeviceTensor x) {
    int r = x.rank();
    long a = n.attrs().i("axis", -1);
    long axis = a < 0 ? a + r : a;
    if (axis < 0 || axis >= r) {
      throw cx.unsupported(n, "axis " + a + " out of range for rank " + r);
    }
    long[] ks = cx.constant(n, 1, "K").toLongs();
    if (ks.length != 1) {
      throw cx.unsupported(n, "K must hold one value, holds " + ks.length);
    }
    long k = ks[0];
    long len = x.shape()[(int) axis];
    if (k < 1 || k > len) {
      throw cx.unsupported(
          n, "K " + k + " out of range for an axis of " + len + " (1 to " + len + ")");
    }
    if (len >= 1 << 24) {
      throw cx.unsupported(n, "axis " + a + " has " + len + " elements (at most 2^24 - 1)");
    }
    ReduceOps.TopK t;
    try {
      t =
          ReduceOps.topK(
              cx.builder(), x.value(), (int) axis, (int) k, n.attrs().i("largest", 1) != 0);
    } catch (IllegalArgumentException e) {
      throw cx.unsupported(n, e.getMessage());
    }
    long[] out = x.shape();
    out[(int) axis] = k;
    if (n.outputs().size() > 1 && !n.outputs().get(1).isEmpty()) {
      cx.put(n.outputs().get(1), cx.shaped(n, t.indices(), out, null));
    }
    return cx.shaped(n, t.values(), out, null);
  }

  private static long[] reducedShape(long[] in, Set<Integer> reduced, boolean keep) {
    int r = in.length;
    long[] out = new long[keep ? r : r - reduced.size()];
    for (int i = 0, o = 0; i < r; i++) {
      if (!reduced.contains(i)) {
        out[o++] = in[i];
      } else if (keep) {
        out[o++] = 1;
      }
    }
    return out;
  }

  /** The reduction of the first axis, which also applies the element function. */
  private static Reduction firstStep(IrNode n) {
    switch (n.op()) {
      case REDUCE_L1:
        return Reduction.SUM_ABS;
      case REDUCE_L2:
      case REDUCE_SUM_SQUARE:
        return Reduction.SUM_SQUARE;
      default:
        return laterStep(n);
    }
  }

  /** The reduction of every later axis. */
  private static Reduction laterStep(IrNode n) {
    switch (n.op()) {
      case REDUCE_MAX:
        return Reduction.MAX;
      case REDUCE_MIN:
        return Reduction.MIN;
      case REDUCE_PROD:
        return Reduction.PROD;
      case REDUCE_LOG_SUM_EXP:
        return Reduction.LOG_SUM_EXP;
      default:
        return Reduction.SUM;
    }
  }

  /** The element-wise step after the axes: Mean scales, L2 takes the root, LogSum the log. */
  private Value finish(IrNode n, Value v, long count) {
    switch (n.op()) {
      case REDUCE_MEAN:
        return ElementwiseOps.unary(cx.builder(), v, UnaryFunction.AFFINE, 1f / count, 0f);
      case REDUCE_L2:
        return ElementwiseOps.unary(cx.builder(), v, UnaryFunction.SQRT, 0f, 0f);
      case REDUCE_LOG_SUM:
        return ElementwiseOps.unary(cx.builder(), v, UnaryFunction.LOG, 0f, 0f);
      default:
        return v;
    }
  }

  /** The axes: the constant second input (older operator sets' attribute moved there on import). */
  private long[] axes(IrNode n) {
    if (n.inputs().size() < 2) {
      return null;
    }
    TensorData t = cx.optionalConstant(n, 1, "axes");
    return t == null ? null : t.toLongs();
  }
}
