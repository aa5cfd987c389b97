package org.djlvulkan.backend.lower;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ir.Attributes;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.ShapeRules;
import org.djlvulkan.backend.ops.BinaryOp;
import org.djlvulkan.backend.ops.UnaryFunction;
import org.djlvulkan.backend.ops.fp.ElementwiseOps;

/**
 * Lowers the element-wise operators of two or more inputs with ONNX's broadcasting (shapes aligned
 * at the right, or at a node's {@link Attributes#BROADCAST_AXIS}): one {@link BinaryOp} kernel up
 * to rank 4, results of rank 5 and 6 with their dimensions merged, Sum / Min / Max of any number of
 * inputs folded, and Where as two selects.
 */
final class BroadcastLowering {
  private final LoweringContext cx;
  private final GraphBuilder g;

  BroadcastLowering(LoweringContext cx) {
    this.cx = cx;
    this.g = cx.builder();
  }

  /** Adds a broadcasting binary op (ONNX rules: shapes aligned at the right). */
  DeviceTensor binary(IrNode n, BinaryOp op, DeviceTensor a, DeviceTensor b, Activation act) {
    b = alignedAtAxis(n, a, b);
    long[] out;
    try {
      out = ShapeRules.broadcast(a.shape(), b.shape());
    } catch (IllegalArgumentException e) {
      throw cx.unsupported(n, e.getMessage());
    }
    cx.requireRank(n, out, "result", LoweringContext.MAX_RANK);
    if (out.length > 4) {
      return coalescedBinary(n, op, a, b, act, out);
    }
    Value va = aligned(n, a, out.length);
    Value vb = aligned(n, b, out.length);
    try {
      return cx.shaped(n, ElementwiseOps.binary(g, op, va, vb, act), out, null);
    } catch (IllegalArgumentException e) {
      throw cx.unsupported(n, e.getMessage());
    }
  }

  /**
   * A binary operator on a result of rank 5 or 6: output dimensions of 1 are dropped and adjacent
   * dimensions merge where each operand either spans both or broadcasts over both, which leaves the
   * row-major order of every operand unchanged; the merged problem must have rank 4 or less.
   */
  private DeviceTensor coalescedBinary(
      IrNode n, BinaryOp op, DeviceTensor a, DeviceTensor b, Activation act, long[] out) {
    long[] sa = leadingOnes(a.shape(), out.length);
    long[] sb = leadingOnes(b.shape(), out.length);
    List<long[]> dims = new ArrayList<>(); // {out, a, b} per merged dimension
    for (int i = 0; i < out.length; i++) {
      if (out[i] == 1) {
        continue;
      }
      long[] d = {out[i], sa[i], sb[i]};
      long[] last = dims.isEmpty() ? null : dims.get(dims.size() - 1);
      if (last != null && (last[1] == 1) == (d[1] == 1) && (last[2] == 1) == (d[2] == 1)) {
        last[0] *= d[0];
        last[1] *= d[1];
        last[2] *= d[2];
      } else {
        dims.add(d);
      }
    }
    if (dims.size() > 4) {
      throw cx.unsupported(
          n,
          "operands "
              + Arrays.toString(a.shape())
              + " and "
              + Arrays.toString(b.shape())
              + " broadcast in more than 4 separate runs of dimensions");
    }
    if (dims.isEmpty()) {
      dims.add(new long[] {1, 1, 1});
    }
    long[][] merged = new long[3][dims.size()];
    for (int k = 0; k < dims.size(); k++) {
      for (int j = 0; j < 3; j++) {
        merged[j][k] = dims.get(k)[j];
      }
    }
    try {
      Value va = cx.shaped(n, a.value(), merged[1], null).value();
      Value vb = cx.shaped(n, b.value(), merged[2], null).value();
      Value y = ElementwiseOps.binary(g, op, va, vb, act);
      return cx.shaped(n, cx.shaped(n, y, merged[0], null).value(), out, null);
    } catch (IllegalArgumentException e) {
      throw cx.unsupported(n, e.getMessage());
    }
  }

  private static long[] leadingOnes(long[] s, int rank) {
    long[] full = new long[rank];
    Arrays.fill(full, 1);
    System.arraycopy(s, 0, full, rank - s.length, s.length);
    return full;
  }

  /**
   * ONNX Where as {@code select(x, c) + select(y, not c)}, each select {@code c != 0 ? v : 0}: the
   * unselected side never reaches the sum, so its NaN or infinity does not leak into the result.
   */
  DeviceTensor where(IrNode n) {
    DeviceTensor c = cx.tensor(n, 0);
    DeviceTensor notC =
        cx.shaped(
            n, ElementwiseOps.unary(g, c.value(), UnaryFunction.NOT, 0f, 0f), c.shape(), null);
    DeviceTensor fromX = binary(n, BinaryOp.SELECT, cx.tensor(n, 1), c, Activation.NONE);
    DeviceTensor fromY = binary(n, BinaryOp.SELECT, cx.tensor(n, 2), notC, Activation.NONE);
    return binary(n, BinaryOp.ADD, fromX, fromY, Activation.NONE);
  }

  /**
   * Returns {@code b} with trailing 1s added so that it aligns at the node's {@link
   * Attributes#BROADCAST_AXIS} of {@code a}; {@code b} itself when the node has none.
   */
  private DeviceTensor alignedAtAxis(IrNode n, DeviceTensor a, DeviceTensor b) {
    long axis = n.attrs().i(Attributes.BROADCAST_AXIS, -1);
    if (axis < 0) {
      return b;
    }
    int trailing = a.shape().length - (int) axis - b.shape().length;
    if (trailing < 0) {
      throw cx.unsupported(
          n,
          "operand "
              + Arrays.toString(b.shape())
              + " does not fit at axis "
              + axis
              + " of "
              + Arrays.toString(a.shape()));
    }
    long[] shape = Arrays.copyOf(b.shape(), b.shape().length + trailing);
    Arrays.fill(shape, b.shape().length, shape.length, 1);
    return cx.shaped(n, b.value(), shape, b.quant());
  }

  /** Returns a value whose rank is {@code rank}, with leading 1s prepended. */
  Value aligned(IrNode n, DeviceTensor t, int rank) {
    long[] s = t.shape();
    long[] full = new long[Math.max(rank, 1)];
    Arrays.fill(full, 1);
    System.arraycopy(s, 0, full, full.length - s.length, s.length);
    return cx.shaped(n, t.value(), full, null).value();
  }

  /** Sum, Min, Max of any number of inputs: the binary operator applied left to right. */
  DeviceTensor fold(IrNode n, BinaryOp op) {
    DeviceTensor acc = cx.tensor(n, 0);
    for (int i = 1; i < n.inputs().size(); i++) {
      acc = binary(n, op, acc, cx.tensor(n, i), Activation.NONE);
    }
    return acc;
  }
}
