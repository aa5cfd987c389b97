package org.djlvulkan.backend.ops;

import java.util.Arrays;
import java.util.List;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ops.fp.FloatStorage;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.shaders.KernelId;

/**
 * Reshape, flatten and permute. A reshape that keeps every element at its address returns a view
 * ({@link GraphBuilder#alias}: no node, no copy); the others copy with a kernel.
 *
 * <p>When a reshape is a view: always for NCHW values (row-major), and for NC4HW4 values when N and
 * C of the 4-D views are unchanged (hence also H * W): NC4HW4 stores {@code [N][C/4][H*W][4]}, so
 * only the split of H * W into H and W changes, which moves nothing. The classifier's {@code [N, C,
 * 1, 1] <-> [N, C]} is such a view. Any other NC4HW4 reshape (for example flattening {@code [N, C,
 * H, W]} with H * W > 1 into {@code [N, C*H*W]}) moves elements between channel groups and is one
 * copy dispatch that maps each output element to the input element of the same row-major (NCHW)
 * index.
 */
public final class ShapeOps {
  private static final String VIEW_OP = "aten.view_copy.default";
  private static final String PERMUTE_OP = "aten.permute_copy.default";

  private static final String SLICE_OP = "aten.slice_copy.Tensor";
  private static final String PAD_OP = "aten.constant_pad_nd.default";

  private ShapeOps() {}

  /**
   * Reshapes (ONNX Reshape, PyTorch view): the same elements in row-major order, another shape.
   *
   * @param g the graph
   * @param in an NC4HW4 value, or an NCHW value of any type
   * @param shape the new shape; at most one entry may be -1 (inferred); rank at most 4 for NC4HW4
   * @return a view of {@code in} where the layout allows, else a copy
   */
  public static Value view(GraphBuilder g, Value in, long... shape) {
    TensorSpec s = in.spec();
    long[] target = inferShape(in, shape);
    if (s.layout() == Layout.NCHW) {
      return g.alias(
          in.name() + ".view" + Arrays.toString(target),
          in,
          TensorSpec.of(s.dtype(), Layout.NCHW, target));
    }
    FloatStorage.require(VIEW_OP, in);
    if (target.length > 4) {
      throw new IllegalArgumentException(
          VIEW_OP + ": NC4HW4 holds rank <= 4, got shape " + Arrays.toString(target));
    }
    TensorSpec spec = TensorSpec.of(s.dtype(), Layout.NC4HW4, target);
    String name = in.name() + ".view" + Arrays.toString(target);
    if (isView(s, spec)) {
      return g.alias(name, in, spec);
    }
    // Moving elements between channel groups runs in fp32.
    Value f32 = FloatStorage.as(g, in, DType.F32);
    Value out = g.intermediate(name, spec.with(DType.F32, Layout.NC4HW4));
    remap(g, VIEW_OP, KernelId.NC4HW4_RESHAPE, f32, out, new int[] {0, 1, 2, 3});
    return out;
  }

  /**
   * Returns whether an NC4HW4 reshape between two descriptions moves no element.
   *
   * @param from the input's description
   * @param to the output's description
   * @return true when N and C of the 4-D views are equal (and so are the element counts)
   */
  public static boolean isView(TensorSpec from, TensorSpec to) {
    return from.n() == to.n() && from.c() == to.c() && from.elementCount() == to.elementCount();
  }

  /**
   * ONNX Flatten: {@code [d0 ... d(axis-1), d(axis) ...]} to the 2-D {@code [d0 * ... * d(axis-1),
   * d(axis) * ...]}.
   *
   * @param g the graph
   * @param in an NC4HW4 or NCHW value
   * @param axis {@code -rank <= axis <= rank}
   * @return the 2-D result, a view where the layout allows (see {@link #view})
   */
  public static Value flatten(GraphBuilder g, Value in, int axis) {
    long[] s = in.spec().shape();
    if (axis < -s.length || axis > s.length) {
      throw new IllegalArgumentException(
          "Flatten: axis " + axis + " out of range for '" + in.name() + "' " + in.spec());
    }
    int a = axis < 0 ? axis + s.length : axis;
    long outer = 1;
    for (int i = 0; i < a; i++) {
      outer *= s[i];
    }
    return view(g, in, outer, in.spec().elementCount() / outer);
  }

  /**
   * Permutes the axes (ONNX Transpose): output axis {@code k} is input axis {@code dims[k]}. One
   * copy dispatch; the identity permutation returns {@code in} itself.
   *
   * @param g the graph
   * @param in an NC4HW4 value
   * @param dims a permutation of {@code 0 .. rank-1} (negative entries count from the end)
   * @return the permuted value, NC4HW4
   */
  public static Value permute(GraphBuilder g, Value in, int... dims) {
    OpSupport.require(PERMUTE_OP, in, DType.F32, Layout.NC4HW4);
    long[] s = in.spec().shape();
    int rank = s.length;
    if (dims.length != rank) {
      throw new IllegalArgumentException(
          PERMUTE_OP
              + ": "
              + Arrays.toString(dims)
              + " does not permute the "
              + rank
              + " axes of '"
              + in.name()
              + "' "
              + in.spec());
    }
    int[] perm = {0, 1, 2, 3};
    boolean[] seen = new boolean[rank];
    boolean identity = true;
    for (int k = 0; k < rank; k++) {
      int d = dims[k] < 0 ? dims[k] + rank : dims[k];
      if (d < 0 || d >= rank || seen[d]) {
        throw new IllegalArgumentException(
            PERMUTE_OP + ": " + Arrays.toString(dims) + " is not a permutation of rank " + rank);
      }
      seen[d] = true;
      perm[k] = d;
      identity &= d == k;
    }
    if (identity) {
      return in;
    }
    long[] target = new long[rank];
    for (int k = 0; k < rank; k++) {
      target[k] = s[perm[k]];
    }
    Value out =
        g.intermediate(
            in.name() + ".permute" + Arrays.toString(Arrays.copyOf(perm, rank)),
            TensorSpec.of(DType.F32, Layout.NC4HW4, target));
    remap(g, PERMUTE_OP, KernelId.NC4HW4_PERMUTE, in, out, perm);
    return out;
  }

  /**
   * Copies a strided slice (ONNX Slice, PyTorch's {@code slice}): output element {@code i} of each
   * axis is input element {@code begin + i * step}.
   *
   * @param g the graph
   * @param in an NC4HW4 value of rank at most 4
   * @param begin the first element per axis of the 4-D view (padded with trailing 1s)
   * @param step the step per axis, not 0; negative walks backwards
   * @param out the output's shape, of the input's rank
   * @return the slice, NC4HW4
   * @throws IllegalArgumentException when a read would leave the input
   */
  public static Value slice(GraphBuilder g, Value in, long[] begin, long[] step, long[] out) {
    OpSupport.require(SLICE_OP, in, DType.F32, Layout.NC4HW4);
    int[] dims = OpSupport.dims4(in);
    Value result =
        g.intermediate(
            in.name() + ".slice" + Arrays.toString(begin),
            TensorSpec.of(DType.F32, Layout.NC4HW4, out));
    int[] outDims = OpSupport.dims4(result);
    PushConstants pc = PushConstants.words(16);
    for (int d : outDims) {
      pc.i(d);
    }
    for (int d : dims) {
      pc.i(d);
    }
    for (int k = 0; k < 4; k++) {
      long b = k < begin.length ? begin[k] : 0;
      long last = b + (outDims[k] - 1) * (k < step.length ? step[k] : 1);
      if (b < 0 || b >= dims[k] || last < 0 || last >= dims[k]) {
        throw new IllegalArgumentException(
            SLICE_OP + ": axis " + k + " reads outside '" + in.name() + "' " + in.spec());
      }
      pc.i((int) b);
    }
    for (int k = 0; k < 4; k++) {
      pc.i(k < step.length ? (int) step[k] : 1);
    }
    g.dispatch(
        SLICE_OP,
        OpSupport.linearKernel(KernelId.NC4HW4_SLICE),
        List.of(Binding.write(result), Binding.read(in)),
        pc.build(),
        OpSupport.linearGrid(g, result.byteSize() / 16));
    return result;
  }

  /** How {@link #pad} fills the elements outside the input. */
  public enum PadMode {
    /** A constant value. */
    CONSTANT(KernelId.NC4HW4_PAD_CONSTANT),
    /** The input reflected about its edge element (which is not repeated). */
    REFLECT(KernelId.NC4HW4_PAD_REFLECT),
    /** The edge element repeated. */
    EDGE(KernelId.NC4HW4_PAD_EDGE);

    private final KernelId kernel;

    PadMode(KernelId kernel) {
      this.kernel = kernel;
    }
  }

  /**
   * Pads each axis (ONNX Pad with non-negative pads).
   *
   * @param g the graph
   * @param in an NC4HW4 value of rank at most 4
   * @param before the elements added at the start of each axis of the input's rank
   * @param after the elements added at the end of each axis
   * @param mode how the added elements are filled
   * @param value the constant of {@link PadMode#CONSTANT}
   * @return the padded value, NC4HW4
   * @throws IllegalArgumentException for negative pads, or reflection wider than the input allows
   */
  public static Value pad(
      GraphBuilder g, Value in, long[] before, long[] after, PadMode mode, float value) {
    OpSupport.require(PAD_OP, in, DType.F32, Layout.NC4HW4);
    long[] shape = in.spec().shape();
    long[] outShape = shape.clone();
    for (int k = 0; k < shape.length; k++) {
      if (before[k] < 0 || after[k] < 0) {
        throw new IllegalArgumentException(PAD_OP + ": negative pads are not supported");
      }
      if (mode == PadMode.REFLECT && (before[k] >= shape[k] || after[k] >= shape[k])) {
        throw new IllegalArgumentException(
            PAD_OP + ": reflect pads must be smaller than the axis, axis " + k + " is " + shape[k]);
      }
      outShape[k] = shape[k] + before[k] + after[k];
    }
    Value out =
        g.intermediate(
            in.name() + ".pad" + Arrays.toString(before),
            TensorSpec.of(DType.F32, Layout.NC4HW4, outShape));
    PushConstants pc = PushConstants.words(13);
    for (int d : OpSupport.dims4(out)) {
      pc.i(d);
    }
    for (int d : OpSupport.dims4(in)) {
      pc.i(d);
    }
    for (int k = 0; k < 4; k++) {
      pc.i(k < before.length ? Math.toIntExact(before[k]) : 0);
    }
    pc.f(value);
    return OpSupport.unary(g, PAD_OP, mode.kernel, out, in, pc.build(), out.byteSize() / 16);
  }

  private static void remap(
      GraphBuilder g, String op, KernelId kernel, Value in, Value out, int[] perm) {
    PushConstants pc = PushConstants.words(12);
    for (int d : OpSupport.dims4(out)) {
      pc.i(d);
    }
    for (int d : OpSupport.dims4(in)) {
      pc.i(d);
    }
    for (int d : perm) {
      pc.i(d);
    }
    g.dispatch(
        op,
        OpSupport.linearKernel(kernel),
        List.of(Binding.write(out), Binding.read(in)),
        pc.build(),
        OpSupport.linearGrid(g, out.byteSize() / 16));
  }

  private static long[] inferShape(Value in, long[] shape) {
    long count = in.spec().elementCount();
    long known = 1;
    int inferred = -1;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] == -1 && inferred < 0) {
        inferred = i;
      } else if (shape[i] <= 0) {
        throw new IllegalArgumentException(
            VIEW_OP + ": bad shape " + Arrays.toString(shape) + " for '" + in.name() + "'");
      } else {
        known *= shape[i];
      }
    }
    long[] target = shape.clone();
    if (inferred >= 0) {
      if (count % known != 0) {
        throw new IllegalArgumentException(
            VIEW_OP
                + ": cannot infer -1 in "
                + Arrays.toString(shape)
                + " for '"
                + in.name()
                + "' "
                + in.spec());
      }
      target[inferred] = count / known;
    }
    long total = 1;
    for (long d : target) {
      total *= d;
    }
    if (total != count) {
      throw new IllegalArgumentException(
          VIEW_OP
              + ": shape "
              + Arrays.toString(shape)
              + " has "
              + total
              + " elements, '"
              + in.name()
              + "' "
              + in.spec()
              + " has "
              + count);
    }
    return target;
  }
}
