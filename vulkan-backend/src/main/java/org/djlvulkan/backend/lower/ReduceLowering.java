package org.djlvulkan.backend.lower;

import java.util.Arrays;
import java.util.TreeSet;
import org.djlvulkan.backend.frontend.onnx.proto.TensorData;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.ops.ReduceOps;

/**
 * Lowers ReduceMax and ReduceSum: the axes (attribute, or constant input from opset 13 for
 * ReduceSum and 18 for ReduceMax), {@code keepdims} and {@code noop_with_empty_axes}; each axis is
 * one single-axis reduction.
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
        throw cx.unsupported(
            n, "axes " + Arrays.toString(axes) + " out of range or repeated for rank " + r);
      }
    }
    boolean max = n.op() == Op.REDUCE_MAX;
    Value v = x.value();
    try {
      for (int axis : reduced) {
        v = max ? ReduceOps.max(cx.builder(), v, axis) : ReduceOps.sum(cx.builder(), v, axis);
      }
    } catch (IllegalArgumentException e) {
      throw cx.unsupported(n, e.getMessage());
    }
    boolean keep = n.attrs().i("keepdims", 1) != 0;
    long[] in = x.shape();
    long[] out = new long[keep ? r : r - reduced.size()];
    for (int i = 0, o = 0; i < r; i++) {
      if (!reduced.contains(i)) {
        out[o++] = in[i];
      } else if (keep) {
        out[o++] = 1;
      }
    }
    return cx.shaped(n, v, out, null);
  }

  private long[] axes(IrNode n) {
    int inputFrom = n.op() == Op.REDUCE_MAX ? 18 : 13;
    if (cx.opset() >= inputFrom) {
      if (n.inputs().size() < 2) {
        return null;
      }
      TensorData t = cx.optionalConstant(n, 1, "axes");
      return t == null ? null : t.toLongs();
    }
    return n.attrs().ints("axes");
  }
}
