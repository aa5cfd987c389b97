package org.djlvulkan.backend.frontend.executorch;

import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ir.Attributes;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.Op;

/**
 * The translations of ExecuTorch's shape, indexing and reduction operators ({@code
 * aten.unsqueeze_copy}, {@code aten.slice_copy}, {@code aten.sum}...) into the IR's ONNX-style
 * operators, whose axes, starts and sizes are constant inputs. {@link EtOperators} registers them.
 * A program's shapes are those of its example input: dimensions given as sizes keep the input's
 * batch where they copy it.
 */
final class EtTensorOperators {
  private EtTensorOperators() {}

  /** A dimension argument as a non-negative axis of a rank-{@code rank} tensor. */
  static long axis(EtCall c, long dim, long rank) {
    long a = dim < 0 ? dim + rank : dim;
    if (a < 0 || a >= rank) {
      throw c.problem("dim " + dim + " out of range for rank " + rank);
    }
    return a;
  }

  /** Dimension arguments as non-negative axes of a rank-{@code rank} tensor. */
  static long[] axes(EtCall c, long[] dims, long rank) {
    return Arrays.stream(dims).map(d -> axis(c, d, rank)).toArray();
  }

  /** Dimension arguments as axes, every axis of the rank when there are none (a full reduction). */
  static long[] axesOrAll(EtCall c, long[] dims, long rank) {
    return dims.length == 0 ? LongStream.range(0, rank).toArray() : axes(c, dims, rank);
  }

  /** {@code unsqueeze_copy(self, dim)}: dim counts in the output's rank. */
  static void unsqueeze(EtCall c, EtGraphBuilder b, int o) {
    long rank = c.dims(0).length + 1;
    long a = axis(c, c.integer(1), rank);
    EtOperators.emit(c, b, Op.UNSQUEEZE, List.of(c.tensor(0), b.longs(a)), c.outputs(o));
  }

  /** {@code squeeze_copy(self, dims)} ({@code .dims}) or {@code squeeze_copy(self, dim)}. */
  static void squeeze(EtCall c, EtGraphBuilder b, int o) {
    long[] in = c.dims(0);
    long[] dims = c.kind(1) == ValueTable.Kind.INT_LIST ? c.ints(1) : new long[] {c.integer(1)};
    // PyTorch leaves a dimension that is not 1 as it is; ONNX's Squeeze would reject it.
    long[] axes = Arrays.stream(axes(c, dims, in.length)).filter(a -> in[(int) a] == 1).toArray();
    if (axes.length == 0) {
      EtOperators.emit(c, b, Op.IDENTITY, List.of(c.tensor(0)), c.outputs(o));
      return;
    }
    EtOperators.emit(c, b, Op.SQUEEZE, List.of(c.tensor(0), b.longs(axes)), c.outputs(o));
  }

  /** {@code slice_copy(self, dim, start, end, step)}: null start and end are the ends. */
  static void slice(EtCall c, EtGraphBuilder b, int o) {
    long rank = c.dims(0).length;
    long a = axis(c, c.integer(1), rank);
    long start = c.isNull(2) ? 0 : c.integer(2);
    long end = c.isNull(3) ? Long.MAX_VALUE : c.integer(3);
    long step = c.isNull(4) ? 1 : c.integer(4);
    if (step <= 0) {
      throw c.problem("slice step " + step + " (positive steps run)");
    }
    EtOperators.emit(
        c,
        b,
        Op.SLICE,
        List.of(c.tensor(0), b.longs(start), b.longs(end), b.longs(a), b.longs(step)),
        c.outputs(o));
  }

  /** {@code argmax(self, dim, keepdim)}: int64 indices along dim (a null dim is not supported). */
  static void argmax(EtCall c, EtGraphBuilder b, int o) {
    if (c.isNull(1)) {
      throw c.problem("argmax over all elements (a dim runs)");
    }
    long a = axis(c, c.integer(1), c.dims(0).length);
    boolean keep = !c.isNull(2) && c.bool(2);
    EtOperators.emit(
        c,
        b,
        Op.ARG_MAX,
        List.of(c.tensor(0)),
        c.outputs(o),
        Attributes.builder().i("axis", a).i("keepdims", keep ? 1 : 0).build(),
        Activation.NONE);
  }

  /** {@code index_select(self, dim, index)}: a Gather along dim with the 1-D index. */
  static void indexSelect(EtCall c, EtGraphBuilder b, int o) {
    long a = axis(c, c.integer(1), c.dims(0).length);
    EtOperators.emit(
        c,
        b,
        Op.GATHER,
        List.of(c.tensor(0), c.tensor(2)),
        c.outputs(o),
        Attributes.builder().i("axis", a).build(),
        Activation.NONE);
  }

  /** {@code topk(self, k, dim, largest, sorted)}: the values and their int64 indices. */
  static void topk(EtCall c, EtGraphBuilder b, int o) {
    long a = axis(c, c.isNull(2) ? -1 : c.integer(2), c.dims(0).length);
    boolean largest = c.isNull(3) || c.bool(3);
    EtOperators.emit(
        c,
        b,
        Op.TOP_K,
        List.of(c.tensor(0), b.longs(c.integer(1))),
        c.outputs(o),
        Attributes.builder().i("axis", a).i("largest", largest ? 1 : 0).i("sorted", 1).build(),
        Activation.NONE);
  }

  /** {@code flip(self, dims)}: a Slice with step -1 along each dim. */
  static void flip(EtCall c, EtGraphBuilder b, int o) {
    long rank = c.dims(0).length;
    long[] axes = axes(c, c.ints(1), rank);
    long[] starts = new long[axes.length];
    long[] ends = new long[axes.length];
    long[] steps = new long[axes.length];
    Arrays.fill(starts, -1);
    Arrays.fill(ends, Long.MIN_VALUE);
    Arrays.fill(steps, -1);
    EtOperators.emit(
        c,
        b,
        Op.SLICE,
        List.of(c.tensor(0), b.longs(starts), b.longs(ends), b.longs(axes), b.longs(steps)),
        c.outputs(o));
  }

  /** {@code select_copy(self, dim, index)}: a one-element slice with its axis removed. */
  static void select(EtCall c, EtGraphBuilder b, int o) {
    long[] in = c.dims(0);
    long a = axis(c, c.integer(1), in.length);
    long index = c.integer(2);
    long i = index < 0 ? index + in[(int) a] : index;
    if (i < 0 || i >= in[(int) a]) {
      throw c.problem("index " + index + " out of range for dim " + a + " of size " + in[(int) a]);
    }
    if (in.length > 4) {
      selectHighRank(c, b, o, in, (int) a, i);
      return;
    }
    String part = b.fresh(c.name() + ":slice");
    EtOperators.emit(
        c,
        b,
        Op.SLICE,
        List.of(c.tensor(0), b.longs(i), b.longs(i + 1), b.longs(a), b.longs(1)),
        List.of(part));
    EtOperators.emit(c, b, Op.SQUEEZE, List.of(part, b.longs(a)), c.outputs(o));
  }

  /**
   * A select above rank 4 (Swin Transformer's q, k and v out of [3, B, heads, 49, 32]) on the
   * device: the dims before and after dim merged by a reshape (which takes any rank), a slice of
   * the rank-3 view, and a reshape to the output's dims (its first one following the input's size).
   */
  private static void selectHighRank(EtCall c, EtGraphBuilder b, int o, long[] in, int a, long i) {
    long after = 1;
    for (int d = a + 1; d < in.length; d++) {
      after *= in[d];
    }
    String view = b.fresh(c.name() + ":view");
    String part = b.fresh(c.name() + ":slice");
    EtOperators.emit(
        c, b, Op.RESHAPE, List.of(c.tensor(0), b.longs(-1, in[a], after)), List.of(view));
    EtOperators.emit(
        c,
        b,
        Op.SLICE,
        List.of(view, b.longs(i), b.longs(i + 1), b.longs(1), b.longs(1)),
        List.of(part));
    long[] out = new long[in.length - 1];
    for (int d = 0, k = 0; d < in.length; d++) {
      if (d != a) {
        out[k++] = in[d];
      }
    }
    out[0] = -1;
    EtOperators.emit(c, b, Op.RESHAPE, List.of(part, b.longs(out)), c.outputs(o));
  }

  /**
   * {@code expand_copy(self, size, implicit)}: -1 and sizes equal to the input's keep the input's
   * dimension (1 in the IR's NumPy-broadcast Expand), so the batch follows the input.
   */
  static void expand(EtCall c, EtGraphBuilder b, int o) {
    long[] in = c.dims(0);
    long[] size = c.ints(1).clone();
    int lead = size.length - in.length;
    for (int d = 0; d < size.length; d++) {
      if (size[d] == -1 || (d >= lead && size[d] == in[d - lead])) {
        size[d] = 1;
      }
    }
    EtOperators.emit(c, b, Op.EXPAND, List.of(c.tensor(0), b.longs(size)), c.outputs(o));
  }

  /** {@code repeat(self, repeats)}: a Tile (leading repeats beyond the rank add dimensions). */
  static void repeat(EtCall c, EtGraphBuilder b, int o) {
    long[] in = c.dims(0);
    long[] repeats = c.ints(1);
    String x = c.tensor(0);
    if (repeats.length > in.length) {
      long[] axes = new long[repeats.length - in.length];
      for (int k = 0; k < axes.length; k++) {
        axes[k] = k;
      }
      x = b.fresh(c.name() + ":ranked");
      EtOperators.emit(c, b, Op.UNSQUEEZE, List.of(c.tensor(0), b.longs(axes)), List.of(x));
    } else if (repeats.length < in.length) {
      throw c.problem("repeat with fewer repeats than dimensions");
    }
    EtOperators.emit(c, b, Op.TILE, List.of(x, b.longs(repeats)), c.outputs(o));
  }

  /**
   * {@code constant_pad_nd(self, pad, value)}: PyTorch lists (begin, end) pairs from the last
   * dimension backwards; the IR's Pad takes all begins, then all ends, from the first.
   */
  static void constantPad(EtCall c, EtGraphBuilder b, int o) {
    int rank = c.dims(0).length;
    long[] pad = c.ints(1);
    if (pad.length % 2 != 0 || pad.length / 2 > rank) {
      throw c.problem("pad of " + pad.length + " values for rank " + rank);
    }
    long[] pads = new long[2 * rank];
    for (int k = 0; k < pad.length / 2; k++) {
      int d = rank - 1 - k;
      pads[d] = pad[2 * k];
      pads[rank + d] = pad[2 * k + 1];
    }
    float value = c.isNull(2) ? 0f : (float) c.real(2);
    EtOperators.emit(
        c,
        b,
        Op.PAD,
        List.of(c.tensor(0), b.longs(pads), b.scalar(value)),
        c.outputs(o),
        Attributes.builder().s("mode", "constant").build(),
        Activation.NONE);
  }

  /** {@code pixel_shuffle(self, upscale_factor)}: DepthToSpace in CRD order. */
  static void pixelShuffle(EtCall c, EtGraphBuilder b, int o) {
    EtOperators.emit(
        c,
        b,
        Op.DEPTH_TO_SPACE,
        List.of(c.tensor(0)),
        c.outputs(o),
        Attributes.builder().i("blocksize", c.integer(1)).s("mode", "CRD").build(),
        Activation.NONE);
  }

  /**
   * A reduction {@code (self, dim, keepdim, ...)}: {@code sum.dim_IntList}, {@code amax}, {@code
   * amin}, and {@code mean.dim} where it is not the spatial mean; a null or empty dim list reduces
   * every dimension.
   */
  static void reduce(EtCall c, EtGraphBuilder b, int o, Op op) {
    reduce(c, b, o, op, c.isNull(1) ? new long[0] : c.ints(1), !c.isNull(2) && c.bool(2));
  }

  /** A reduction of argument 0 over {@code dims} (all when empty). */
  static void reduce(EtCall c, EtGraphBuilder b, int o, Op op, long[] dims, boolean keep) {
    long[] axes = axesOrAll(c, dims, c.dims(0).length);
    EtOperators.emit(
        c,
        b,
        op,
        List.of(c.tensor(0), b.longs(axes)),
        c.outputs(o),
        Attributes.builder().i("keepdims", keep ? 1 : 0).build(),
        Activation.NONE);
  }

  /**
   * {@code var.correction(self, dim, correction, keepdim)} (also {@code var.dim}'s {@code unbiased}
   * flag in place of the correction): {@code sum((x - mean(x))^2) / (n - correction)} over the
   * dims, with {@code sqrt} for {@code std}. A null correction is 1 (Bessel's), as in PyTorch.
   */
  static void variance(EtCall c, EtGraphBuilder b, int o, boolean root) {
    long[] in = c.dims(0);
    long[] axes = axesOrAll(c, c.isNull(1) ? new long[0] : c.ints(1), in.length);
    double correction;
    if (c.isNull(2)) {
      correction = 1;
    } else if (c.kind(2) == ValueTable.Kind.BOOL) {
      correction = c.bool(2) ? 1 : 0;
    } else {
      correction = c.real(2);
    }
    boolean keep = !c.isNull(3) && c.bool(3);
    long n = 1;
    for (long a : axes) {
      n *= in[(int) a];
    }
    String x = c.tensor(0);
    String axesName = b.longs(axes);
    String mean = b.fresh(c.name() + ":mean");
    EtOperators.emit(
        c,
        b,
        Op.REDUCE_MEAN,
        List.of(x, axesName),
        List.of(mean),
        Attributes.builder().i("keepdims", 1).build(),
        Activation.NONE);
    String centred = b.fresh(c.name() + ":centred");
    EtOperators.emit(c, b, Op.SUB, List.of(x, mean), List.of(centred));
    String square = b.fresh(c.name() + ":square");
    EtOperators.emit(c, b, Op.MUL, List.of(centred, centred), List.of(square));
    String sum = b.fresh(c.name() + ":sum");
    EtOperators.emit(
        c,
        b,
        Op.REDUCE_SUM,
        List.of(square, axesName),
        List.of(sum),
        Attributes.builder().i("keepdims", keep ? 1 : 0).build(),
        Activation.NONE);
    // n - correction <= 0 gives inf or nan, as in PyTorch.
    float scale = (float) (1.0 / (n - correction));
    if (!root) {
      EtOperators.emit(c, b, Op.MUL, List.of(sum, b.scalar(scale)), c.outputs(o));
      return;
    }
    String var = b.fresh(c.name() + ":var");
    EtOperators.emit(c, b, Op.MUL, List.of(sum, b.scalar(scale)), List.of(var));
    EtOperators.emit(c, b, Op.SQRT, List.of(var), c.outputs(o));
  }

  /**
   * {@code cumsum(self, dim)}: the registry's CumSum along the dim (the lowering runs it as a
   * product with a triangle of ones).
   */
  static void cumsum(EtCall c, EtGraphBuilder b, int o) {
    long[] in = c.dims(0);
    if (in.length == 0) {
      EtOperators.emit(c, b, Op.IDENTITY, List.of(c.tensor(0)), c.outputs(o));
      return;
    }
    long a = axis(c, c.integer(1), in.length);
    EtOperators.emit(c, b, Op.CUM_SUM, List.of(c.tensor(0), b.longs(a)), c.outputs(o));
  }

  /** A Transpose's {@code perm} that swaps dim {@code a} with the last of {@code rank}. */
  private static Attributes swapWithLast(int a, int rank) {
    long[] perm = new long[rank];
    for (int d = 0; d < rank; d++) {
      perm[d] = d;
    }
    perm[a] = rank - 1;
    perm[rank - 1] = a;
    return Attributes.builder().ints("perm", perm).build();
  }

  /**
   * {@code full(size, fill_value)} and {@code full_like(self, fill_value)}: a float constant of the
   * output's shape (a program's shapes are static); other element types are reported.
   */
  static void full(EtCall c, EtGraphBuilder b, int o) {
    DataType type = c.values().type(c.outputId(o));
    if (type != DataType.FLOAT) {
      throw c.problem("a " + type + " fill (float runs)");
    }
    String filled = b.filled((float) c.real(1), c.outputDims(o));
    EtOperators.emit(c, b, Op.IDENTITY, List.of(filled), c.outputs(o));
  }

  /**
   * {@code gather(self, dim, index)} (ONNX's GatherElements) with an index of the input's shape but
   * along dim: as a one-hot sum. With dim moved last, {@code out[..., j] = sum_i x[..., i] *
   * (index[..., j] == i)}, which picks one element exactly (the other terms are zeros).
   */
  static void gather(EtCall c, EtGraphBuilder b, int o) {
    long[] in = c.dims(0);
    long[] index = c.dims(2);
    int a = (int) axis(c, c.integer(1), in.length);
    if (index.length != in.length) {
      throw c.problem("gather with an index of rank " + index.length + " on rank " + in.length);
    }
    for (int d = 0; d < in.length; d++) {
      if (d != a && index[d] != in[d]) {
        throw c.problem(
            "gather with index shape "
                + Arrays.toString(index)
                + " on "
                + Arrays.toString(in)
                + " (the same sizes but along dim run)");
      }
    }
    int n = Math.toIntExact(in[a]);
    int last = in.length - 1;
    Attributes swap = swapWithLast(a, in.length);
    String x = moved(c, b, c.tensor(0), a, last, swap, "x");
    String idx = moved(c, b, c.tensor(2), a, last, swap, "index");
    String real = b.fresh(c.name() + ":index_real");
    EtOperators.cast(c, b, idx, DataType.FLOAT, List.of(real));
    String column = b.fresh(c.name() + ":index_column");
    EtOperators.emit(c, b, Op.UNSQUEEZE, List.of(real, b.longs(-1)), List.of(column));
    float[] positions = new float[n];
    for (int i = 0; i < n; i++) {
      positions[i] = i;
    }
    String oneHot = b.fresh(c.name() + ":one_hot");
    EtOperators.emit(c, b, Op.EQUAL, List.of(column, b.floats(positions)), List.of(oneHot));
    String row = b.fresh(c.name() + ":x_row");
    EtOperators.emit(c, b, Op.UNSQUEEZE, List.of(x, b.longs(-2)), List.of(row));
    String picked = b.fresh(c.name() + ":picked");
    EtOperators.emit(c, b, Op.MUL, List.of(oneHot, row), List.of(picked));
    List<String> outs = a == last ? c.outputs(o) : List.of(b.fresh(c.name() + ":gathered"));
    EtOperators.emit(
        c,
        b,
        Op.REDUCE_SUM,
        List.of(picked, b.longs(-1)),
        outs,
        Attributes.builder().i("keepdims", 0).build(),
        Activation.NONE);
    if (a != last) {
      EtOperators.emit(c, b, Op.TRANSPOSE, outs, c.outputs(o), swap, Activation.NONE);
    }
  }

  /** The tensor with dim {@code a} swapped with the last one (itself when it is the last). */
  private static String moved(
      EtCall c, EtGraphBuilder b, String t, int a, int last, Attributes swap, String what) {
    if (a == last) {
      return t;
    }
    String out = b.fresh(c.name() + ":" + what + "_moved");
    EtOperators.emit(c, b, Op.TRANSPOSE, List.of(t), List.of(out), swap, Activation.NONE);
    return out;
  }
}
