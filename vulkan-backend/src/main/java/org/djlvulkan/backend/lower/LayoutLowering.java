package org.djlvulkan.backend.lower;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.ir.PadAxes;
import org.djlvulkan.backend.ir.ShapeRules;
import org.djlvulkan.backend.ir.SliceGeometry;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.ops.ShapeOps;
import org.djlvulkan.backend.ops.fp.ResizeOps;
import org.djlvulkan.backend.passes.OutputShapes;

/**
 * Lowers the operators that move elements without arithmetic beyond views (Expand, a strided copy
 * whose broadcast axes step by 0, included): Transpose of rank up to 6, DepthToSpace and
 * SpaceToDepth (a view to rank 6, a transpose, a view back), and Slice and Split of a run-time
 * tensor (one strided copy per output).
 */
final class LayoutLowering {
  private final LoweringContext cx;
  private final GraphBuilder g;

  LayoutLowering(LoweringContext cx) {
    this.cx = cx;
    this.g = cx.builder();
  }

  /** Lowers Transpose (the {@code perm} attribute; reversed axes without it). */
  DeviceTensor transpose(IrNode n, DeviceTensor x) {
    int r = x.rank();
    long[] perm = n.attrs().ints("perm");
    if (perm != null && perm.length != r) {
      throw cx.unsupported(n, "perm " + Arrays.toString(perm) + " does not fit rank " + r);
    }
    int[] p = new int[r];
    for (int i = 0; i < r; i++) {
      p[i] = perm == null ? r - 1 - i : (int) (perm[i] < 0 ? perm[i] + r : perm[i]);
    }
    return transpose(n, x, p);
  }

  /**
   * Permutes a tensor of any rank up to 6: directly up to rank 4, else by runs of adjacent axes (at
   * most 4 per permute, in steps where the permutation moves more).
   *
   * @param n the node, for messages
   * @param x the tensor
   * @param p output axis k is input axis p[k]
   * @return the permuted tensor
   */
  DeviceTensor transpose(IrNode n, DeviceTensor x, int[] p) {
    int r = x.rank();
    if (r <= 4) {
      try {
        Value out = ShapeOps.permute(g, x.value(), p);
        return cx.shaped(n, out, out.spec().shape(), x.quant());
      } catch (IllegalArgumentException e) {
        throw cx.unsupported(n, e.getMessage());
      }
    }
    try {
      long[] shape = x.shape();
      Value v = x.value();
      if (axisGroups(p) <= 4) {
        v = permuteGroups(v, shape, p);
      } else {
        // Move one axis at a time to its place: each move is at most 4 groups.
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < r; k++) {
          order.add(k);
        }
        for (int pos = 0; pos < r; pos++) {
          int from = order.indexOf(p[pos]);
          if (from == pos) {
            continue;
          }
          int[] step = new int[r];
          List<Integer> next = new ArrayList<>(order);
          next.add(pos, next.remove(from));
          for (int k = 0; k < r; k++) {
            step[k] = order.indexOf(next.get(k));
          }
          long[] stepShape = new long[r];
          for (int k = 0; k < r; k++) {
            stepShape[k] = x.shape()[order.get(k)];
          }
          v = permuteGroups(v, stepShape, step);
          order = next;
        }
      }
      long[] outShape = new long[r];
      for (int k = 0; k < r; k++) {
        outShape[k] = shape[p[k]];
      }
      return cx.shaped(n, v, outShape, x.quant());
    } catch (IllegalArgumentException e) {
      throw cx.unsupported(n, e.getMessage());
    }
  }

  /** Lowers Slice of a run-time tensor (constant starts, ends, axes and steps). */
  DeviceTensor slice(IrNode n, DeviceTensor x) {
    SliceGeometry geometry =
        SliceGeometry.of(
            x.shape(),
            k -> {
              TensorData t = cx.optionalConstant(n, k, "Slice parameter " + k);
              return t == null ? null : t.toLongs();
            });
    cx.requireRank(n, geometry.out(), "result");
    Value out = ShapeOps.slice(g, x.value(), geometry.begin(), geometry.step(), geometry.out());
    return cx.shaped(n, out, geometry.out(), x.quant());
  }

  /** The number of runs of input axes that a permutation keeps adjacent and in order. */
  private static int axisGroups(int[] p) {
    int groups = 0;
    for (int k = 0; k < p.length; k++) {
      groups += k == 0 || p[k] != p[k - 1] + 1 ? 1 : 0;
    }
    return groups;
  }

  /**
   * Permutes a value of any rank whose permutation moves at most 4 runs of adjacent axes: each run
   * becomes one axis of the 4-D permute kernel.
   *
   * @param v the value (any 4-D view of {@code shape} in row-major order)
   * @param shape its shape
   * @param p the permutation: output axis k is input axis p[k]
   * @return the permuted value, some view of the permuted shape
   */
  private Value permuteGroups(Value v, long[] shape, int[] p) {
    int r = p.length;
    List<Integer> starts = new ArrayList<>();
    for (int k = 0; k < r; k++) {
      if (k == 0 || p[k] != p[k - 1] + 1) {
        starts.add(k);
      }
    }
    int groups = starts.size();
    long[] groupSize = new long[groups];
    int[] groupFirstAxis = new int[groups];
    for (int gi = 0; gi < groups; gi++) {
      int end = gi + 1 < groups ? starts.get(gi + 1) : r;
      groupSize[gi] = 1;
      for (int k = starts.get(gi); k < end; k++) {
        groupSize[gi] *= shape[p[k]];
      }
      groupFirstAxis[gi] = p[starts.get(gi)];
    }
    Integer[] order = new Integer[groups];
    for (int gi = 0; gi < groups; gi++) {
      order[gi] = gi;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(groupFirstAxis[a], groupFirstAxis[b]));
    long[] groupedIn = new long[groups];
    int[] inputPosition = new int[groups];
    for (int pos = 0; pos < groups; pos++) {
      groupedIn[pos] = groupSize[order[pos]];
      inputPosition[order[pos]] = pos;
    }
    Value grouped = ShapeOps.view(g, v, groupedIn);
    return ShapeOps.permute(g, grouped, inputPosition);
  }

  /**
   * Lowers DepthToSpace: {@code [N, C, H, W]} to {@code [N, C / b^2, H * b, W * b]}, mode DCR
   * (depth, column, row: the default) or CRD.
   */
  DeviceTensor depthToSpace(IrNode n, DeviceTensor x) {
    long[] s = requireFourD(n, x);
    long b = blockSize(n);
    if (s[1] % (b * b) != 0) {
      throw cx.unsupported(n, "channels " + s[1] + " are not a multiple of blocksize^2 " + b * b);
    }
    long c = s[1] / (b * b);
    boolean crd = n.attrs().s("mode", "DCR").equals("CRD");
    long[] split =
        crd ? new long[] {s[0], c, b, b, s[2], s[3]} : new long[] {s[0], b, b, c, s[2], s[3]};
    int[] perm = crd ? new int[] {0, 1, 4, 2, 5, 3} : new int[] {0, 3, 4, 1, 5, 2};
    return regroup(n, x, split, perm, new long[] {s[0], c, s[2] * b, s[3] * b});
  }

  /** Lowers SpaceToDepth: {@code [N, C, H, W]} to {@code [N, C * b^2, H / b, W / b]}. */
  DeviceTensor spaceToDepth(IrNode n, DeviceTensor x) {
    long[] s = requireFourD(n, x);
    long b = blockSize(n);
    if (s[2] % b != 0 || s[3] % b != 0) {
      throw cx.unsupported(n, "H and W must be multiples of blocksize " + b);
    }
    long[] split = {s[0], s[1], s[2] / b, b, s[3] / b, b};
    return regroup(
        n,
        x,
        split,
        new int[] {0, 3, 5, 1, 2, 4},
        new long[] {s[0], s[1] * b * b, s[2] / b, s[3] / b});
  }

  /** Views {@code x} as {@code split}, permutes, and views the result as {@code out}. */
  private DeviceTensor regroup(IrNode n, DeviceTensor x, long[] split, int[] perm, long[] out) {
    DeviceTensor six = cx.shaped(n, x.value(), split, x.quant());
    DeviceTensor moved = transpose(n, six, perm);
    return cx.shaped(n, moved.value(), out, x.quant());
  }

  private long[] requireFourD(IrNode n, DeviceTensor x) {
    if (x.rank() != 4) {
      throw cx.unsupported(n, "input " + Arrays.toString(x.shape()) + " must be 4-D [N, C, H, W]");
    }
    return x.shape();
  }

  private long blockSize(IrNode n) {
    long b = n.attrs().i("blocksize", 0);
    if (b < 1) {
      throw cx.unsupported(n, "blocksize must be positive, is " + b);
    }
    return b;
  }

  /**
   * Lowers Split of a run-time tensor into one slice per output: sizes from the {@code split} input
   * (opset 13) or attribute, else equal parts ({@code num_outputs} from opset 18, or the number of
   * outputs).
   *
   * @return the first output; the others are stored under their names
   */
  DeviceTensor split(IrNode n, DeviceTensor x) {
    int r = x.rank();
    int axis;
    List<long[]> parts;
    try {
      axis = ShapeRules.axis(n.attrs().i("axis", 0), r, "axis");
      List<long[]> inShapes = new ArrayList<>();
      inShapes.add(x.shape());
      // The constant second input (older operator sets' attribute moved there on import).
      TensorData given = cx.optionalConstant(n, 1, "split");
      parts = OutputShapes.of(n, inShapes, i -> i == 1 ? given : null);
    } catch (IllegalArgumentException e) {
      throw cx.unsupported(n, e.getMessage());
    }
    DeviceTensor first = null;
    long start = 0;
    for (int k = 0; k < parts.size(); k++) {
      long[] begin = new long[r];
      long[] step = new long[r];
      long[] out = parts.get(k);
      Arrays.fill(step, 1);
      begin[axis] = start;
      start += out[axis];
      cx.requireRank(n, out, "output " + k);
      Value v = ShapeOps.slice(g, x.value(), begin, step, out);
      DeviceTensor t = cx.shaped(n, v, out, x.quant());
      if (k == 0) {
        first = t;
      } else if (!n.outputs().get(k).isEmpty()) {
        cx.put(n.outputs().get(k), t);
      }
    }
    return first;
  }

  /**
   * Lowers Pad: pads, the constant and the axes as constant inputs; modes constant, reflect and
   * edge.
   */
  DeviceTensor pad(IrNode n, DeviceTensor x) {
    int r = x.rank();
    // Constant inputs (older operator sets' attributes moved there on import).
    TensorData v = cx.optionalConstant(n, 2, "constant_value");
    float value = v == null ? 0f : (float) v.getDouble(0);
    TensorData axes = cx.optionalConstant(n, 3, "axes");
    long[] pads =
        PadAxes.expand(
            cx.constant(n, 1, "pads").toLongs(), axes == null ? null : axes.toLongs(), r);
    if (pads == null || pads.length != 2 * r) {
      throw cx.unsupported(n, "pads " + Arrays.toString(pads) + " do not fit rank " + r);
    }
    ShapeOps.PadMode mode;
    switch (n.attrs().s("mode", "constant")) {
      case "constant":
        mode = ShapeOps.PadMode.CONSTANT;
        break;
      case "reflect":
        mode = ShapeOps.PadMode.REFLECT;
        break;
      case "edge":
        mode = ShapeOps.PadMode.EDGE;
        break;
      default:
        throw cx.unsupported(n, "mode '" + n.attrs().s("mode", "") + "' is not supported");
    }
    try {
      Value out =
          ShapeOps.pad(
              g,
              x.value(),
              Arrays.copyOf(pads, r),
              Arrays.copyOfRange(pads, r, 2 * r),
              mode,
              value);
      return cx.shaped(n, out, out.spec().shape(), null);
    } catch (IllegalArgumentException e) {
      throw cx.unsupported(n, e.getMessage());
    }
  }

  /**
   * Lowers Resize (scales or sizes as constant inputs; modes nearest and linear, every coordinate
   * transformation but tf_crop_and_resize) and Upsample (asymmetric coordinates, nearest rounding
   * down, as ONNX Runtime runs it): only H and W of a 4-D tensor change.
   */
  DeviceTensor resize(IrNode n, DeviceTensor x) {
    if (x.rank() != 4) {
      throw cx.unsupported(n, "input " + Arrays.toString(x.shape()) + " must be 4-D");
    }
    long[] in = x.shape();
    boolean upsample = n.op() == Op.UPSAMPLE;
    float[] scales = null;
    long[] sizes = null;
    // Upsample (X, scales); Resize (X, roi, scales, sizes): operator set 10's Resize and older
    // Upsample's attribute take these forms on import.
    TensorData s = cx.optionalConstant(n, upsample ? 1 : 2, "scales");
    if (s != null && s.count() > 0) {
      scales = floats(s.toDoubles());
    }
    if (!upsample) {
      TensorData z = cx.optionalConstant(n, 3, "sizes");
      sizes = z == null || z.count() == 0 ? null : z.toLongs();
    }
    if (n.attrs().ints("axes") != null) {
      throw cx.unsupported(n, "the axes attribute is not supported");
    }
    if (sizes != null && sizes.length != 4) {
      throw cx.unsupported(
          n, "sizes " + Arrays.toString(sizes) + " must have one value per axis of the 4-D input");
    }
    if (sizes == null && scales != null && scales.length != 4) {
      throw cx.unsupported(
          n,
          "scales " + Arrays.toString(scales) + " must have one value per axis of the 4-D input");
    }
    long[] out = new long[4];
    float[] scale = new float[4];
    for (int k = 0; k < 4; k++) {
      if (sizes != null) {
        out[k] = sizes[k];
        scale[k] = (float) out[k] / in[k];
      } else if (scales != null) {
        scale[k] = scales[k];
        out[k] = (long) Math.floor(in[k] * (double) scales[k]);
      } else {
        throw cx.unsupported(n, "needs scales or sizes");
      }
    }
    if (out[0] != in[0] || out[1] != in[1]) {
      throw cx.unsupported(n, "only H and W may change, scales " + Arrays.toString(scale));
    }
    String mode = n.attrs().s("mode", "nearest");
    String nearest = upsample ? "floor" : n.attrs().s("nearest_mode", "round_prefer_floor");
    ResizeOps.Interpolation how =
        switch (mode) {
          case "nearest" -> ResizeOps.Interpolation.nearest(nearest);
          case "linear", "bilinear" -> ResizeOps.Interpolation.linear();
          case "cubic" ->
              ResizeOps.Interpolation.cubic(
                  n.attrs().f("cubic_coeff_a", -0.75f), n.attrs().i("exclude_outside", 0) != 0);
          default ->
              throw cx.unsupported(
                  n, "mode '" + mode + "' is not supported (nearest, linear and cubic run)");
        };
    String coordinates =
        upsample ? "asymmetric" : n.attrs().s("coordinate_transformation_mode", "half_pixel");
    try {
      Value y =
          ResizeOps.resize2d(
              g,
              x.value(),
              Math.toIntExact(out[2]),
              Math.toIntExact(out[3]),
              scale[2],
              scale[3],
              how,
              coordinates);
      return cx.shaped(n, y, out, null);
    } catch (IllegalArgumentException e) {
      throw cx.unsupported(n, e.getMessage());
    }
  }

  private static float[] floats(double[] v) {
    if (v == null) {
      return null;
    }
    float[] f = new float[v.length];
    for (int k = 0; k < v.length; k++) {
      f[k] = (float) v[k];
    }
    return f;
  }

  /** Lowers Expand: the input broadcast to the shape input (NumPy rules), one strided copy. */
  DeviceTensor expand(IrNode n, DeviceTensor x) {
    long[] target = cx.constant(n, 1, "the shape").toLongs();
    long[] out;
    try {
      out = ShapeRules.broadcast(x.shape(), target);
    } catch (IllegalArgumentException e) {
      throw cx.unsupported(n, e.getMessage());
    }
    cx.requireRank(n, out, "result");
    long[] aligned = new long[out.length];
    Arrays.fill(aligned, 1);
    long[] xs = x.shape();
    System.arraycopy(xs, 0, aligned, out.length - xs.length, xs.length);
    Value v = cx.shaped(n, x.value(), aligned, x.quant()).value();
    long[] begin = new long[out.length];
    long[] step = new long[out.length];
    for (int k = 0; k < out.length; k++) {
      step[k] = aligned[k] == out[k] ? 1 : 0;
    }
    return cx.shaped(n, ShapeOps.slice(g, v, begin, step, out), out, x.quant());
  }
}
