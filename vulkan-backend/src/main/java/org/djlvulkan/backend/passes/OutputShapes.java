package org.djlvulkan.backend.passes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.ir.PadAxes;
import org.djlvulkan.backend.ir.ShapeRules;
import org.djlvulkan.backend.ir.SliceGeometry;
import org.djlvulkan.backend.ir.TensorData;

/**
 * The shape rule of every operator of the registry ({@link Op}): a node's output shapes from its
 * inputs' shapes and the values of its small constant inputs (Reshape's shape, Slice's starts, a
 * reduction's axes...), as the operator's ONNX specification gives them. The switch has no default,
 * so an operator added to the registry does not compile without its rule. The shared rules are
 * {@link ShapeRules}' (broadcasting, the views), {@link HostWindow}'s (convolution and pooling
 * windows) and {@link HostConvTranspose}'s; the lowering reads the view operators' shapes here too.
 */
public final class OutputShapes {
  private OutputShapes() {}

  /**
   * Returns the shapes of a node's outputs.
   *
   * @param n the node
   * @param in the shape of each input, null for an absent optional input
   * @param constant the value of input {@code i} when it is a known constant, else null
   * @return one shape per output of the node (Split's parts; TopK's values and indices; the
   *     operators with optional extra outputs - MaxPool's indices, Dropout's mask - give those too)
   * @throws IllegalArgumentException when the shapes or parameters do not fit the operator, or when
   *     a parameter the shape depends on is not a constant
   */
  public static List<long[]> of(IrNode n, List<long[]> in, IntFunction<TensorData> constant) {
    Inputs x = new Inputs(n, in, constant);
    return switch (n.op()) {
      case SPLIT -> split(n, x);
      case DYNAMIC_QUANTIZE_LINEAR -> List.of(x.shape(0), new long[0], new long[0]);
      case RNN, GRU, LSTM -> recurrent(n, x);
      case SOFTMAX_CROSS_ENTROPY_LOSS -> {
        long[] loss = n.attrs().s("reduction", "mean").equals("none") ? x.shape(1) : new long[0];
        yield List.of(loss, x.shape(0)).subList(0, Math.min(2, n.outputs().size()));
      }
      case TOP_K -> {
        long[] s = x.shape(0).clone();
        s[ShapeRules.axis(n.attrs().i("axis", -1), s.length, "axis")] = x.longs(1, "k")[0];
        yield List.of(s, s);
      }
      default -> {
        long[] s = single(n, x);
        List<long[]> outs = new ArrayList<>();
        for (int k = 0; k < n.outputs().size(); k++) {
          outs.add(k == 0 ? s : extra(n, s));
        }
        yield outs;
      }
    };
  }

  /** The shape of the first (usually the only) output. */
  private static long[] single(IrNode n, Inputs x) {
    return switch (n.op()) {
      case ADD,
              SUB,
              MUL,
              DIV,
              POW,
              SUM,
              MIN,
              MAX,
              MEAN,
              EQUAL,
              LESS,
              GREATER,
              LESS_OR_EQUAL,
              GREATER_OR_EQUAL,
              AND,
              OR,
              XOR,
              MOD,
              BIT_SHIFT,
              WHERE ->
          x.broadcastAll();
      case QADD, QMUL -> ShapeRules.broadcast(x.shape(0), x.shape(3));
      case PRELU,
              EXP,
              RELU,
              CLIP,
              SIGMOID,
              HARD_SIGMOID,
              HARD_SWISH,
              TANH,
              LOG,
              SQRT,
              RECIPROCAL,
              ABS,
              FLOOR,
              CEIL,
              ROUND,
              ERF,
              LEAKY_RELU,
              ELU,
              SELU,
              SOFTPLUS,
              SOFTSIGN,
              MISH,
              GELU,
              NEG,
              SIGN,
              SHRINK,
              THRESHOLDED_RELU,
              CELU,
              CUM_SUM,
              IS_NAN,
              IS_INF,
              SCATTER_ELEMENTS,
              SCATTER_ND,
              TRILU,
              EYE_LIKE,
              NOT,
              BATCH_NORM,
              SOFTMAX,
              LOG_SOFTMAX,
              INSTANCE_NORM,
              LAYER_NORM,
              GROUP_NORM,
              LRN,
              IDENTITY,
              DROPOUT,
              CAST,
              QUANTIZE,
              DEQUANTIZE,
              QSIGMOID,
              QLEAKY_RELU,
              SIN,
              COS,
              TAN,
              ASIN,
              ACOS,
              ATAN,
              SINH,
              COSH,
              ASINH,
              ACOSH,
              ATANH,
              HARDMAX,
              MEAN_VARIANCE_NORM,
              REVERSE_SEQUENCE ->
          x.shape(0);
      case DET -> {
        long[] s = x.shape(0);
        yield Arrays.copyOf(s, Math.max(0, s.length - 2));
      }
      case EINSUM ->
          EinsumSpec.parse(
                  n.attrs().s("equation", ""), x.shapes().stream().map(d -> d.length).toList())
              .outputShape(x.shapes());
      case COMPRESS ->
          throw new IllegalArgumentException("Compress's shape depends on the condition's values");
      case MAX_UNPOOL -> maxUnpool(n, x);
      case UNIQUE ->
          throw new IllegalArgumentException("Unique's shape depends on the input's values");
      case HANN_WINDOW, HAMMING_WINDOW, BLACKMAN_WINDOW -> new long[] {x.longs(0, "size")[0]};
      case DFT -> {
        long[] s = x.shape(0);
        long axisAttr = n.attrs().i("axis", 1);
        int axis = (int) (axisAttr < 0 ? axisAttr + s.length : axisAttr);
        TensorData length = x.constantOrNull(1);
        yield HostSignal.dftShape(
            s, axis, length == null ? s[axis] : length.getLong(0), n.attrs().i("onesided", 0) != 0);
      }
      case STFT -> {
        TensorData length = x.constantOrNull(3);
        long frame = length != null ? length.getLong(0) : x.shape(2)[0];
        yield HostSignal.stftShape(
            x.shape(0), x.longs(1, "frame_step")[0], frame, n.attrs().i("onesided", 1) != 0);
      }
      case NEGATIVE_LOG_LIKELIHOOD_LOSS ->
          n.attrs().s("reduction", "mean").equals("none") ? x.shape(1) : new long[0];
      case NON_MAX_SUPPRESSION ->
          throw new IllegalArgumentException("NonMaxSuppression's shape depends on the scores");
      case GRID_SAMPLE -> {
        long[] g = x.shape(1);
        yield new long[] {x.shape(0)[0], x.shape(0)[1], g[1], g[2]};
      }
      case ROI_ALIGN ->
          new long[] {
            x.shape(1)[0],
            x.shape(0)[1],
            n.attrs().i("output_height", 1),
            n.attrs().i("output_width", 1)
          };
      case REDUCE_MAX,
          REDUCE_SUM,
          REDUCE_MEAN,
          REDUCE_MIN,
          REDUCE_PROD,
          REDUCE_L1,
          REDUCE_L2,
          REDUCE_LOG_SUM,
          REDUCE_LOG_SUM_EXP,
          REDUCE_SUM_SQUARE -> {
        long[] s = x.shape(0);
        TensorData axes = x.constantOrNull(1);
        boolean[] reduced =
            ShapeRules.reducedAxes(
                axes == null ? null : axes.toLongs(),
                s.length,
                n.attrs().i("noop_with_empty_axes", 0) != 0);
        yield ShapeRules.reducedShape(s, reduced, n.attrs().i("keepdims", 1) != 0);
      }
      case ARG_MAX, ARG_MIN -> {
        long[] s = x.shape(0);
        boolean[] reduced = new boolean[s.length];
        reduced[ShapeRules.axis(n.attrs().i("axis", 0), s.length, "axis")] = true;
        yield ShapeRules.reducedShape(s, reduced, n.attrs().i("keepdims", 1) != 0);
      }
      case CONV, QCONV, CONV_INTEGER -> {
        long[] s = x.shape(0);
        long[] w = x.shape(n.op() == Op.QCONV ? 3 : 1);
        if (w.length != s.length || s.length < 3) {
          throw new IllegalArgumentException(
              "input " + Arrays.toString(s) + " and weights " + Arrays.toString(w) + " differ");
        }
        long[] kernel = Arrays.copyOfRange(w, 2, w.length);
        yield windowed(s, w[0], HostWindow.of(n.attrs(), spatial(s), kernel, false));
      }
      case CONV_TRANSPOSE ->
          HostConvTranspose.geometry(x.shape(0), x.shape(1), n.attrs()).shape(x.shape(0)[0]);
      case MAX_POOL, AVERAGE_POOL, LP_POOL, QAVERAGE_POOL -> {
        long[] s = x.shape(0);
        long[] kernel = n.attrs().ints("kernel_shape");
        if (s.length < 3 || kernel == null || kernel.length != s.length - 2) {
          throw new IllegalArgumentException(
              "kernel_shape " + Arrays.toString(kernel) + " does not fit " + Arrays.toString(s));
        }
        boolean ceil = n.attrs().i("ceil_mode", 0) != 0;
        yield windowed(s, s[1], HostWindow.of(n.attrs(), spatial(s), kernel, ceil));
      }
      case GLOBAL_AVERAGE_POOL, GLOBAL_MAX_POOL, QGLOBAL_AVERAGE_POOL -> {
        long[] s = x.shape(0).clone();
        boolean channelsLast = n.attrs().i("channels_last", 0) != 0;
        for (int d = channelsLast ? 1 : 2; d < s.length - (channelsLast ? 1 : 0); d++) {
          s[d] = 1;
        }
        yield s;
      }
      case MAT_MUL, MAT_MUL_INTEGER -> matMul(x.shape(0), x.shape(1));
      case QMAT_MUL -> matMul(x.shape(0), x.shape(3));
      case GEMM, QGEMM -> {
        long[] a = x.shape(0);
        long[] b = x.shape(n.op() == Op.GEMM ? 1 : 3);
        if (a.length != 2 || b.length != 2) {
          throw new IllegalArgumentException(
              "A " + Arrays.toString(a) + " and B " + Arrays.toString(b) + " must be 2-D");
        }
        boolean ta = n.attrs().i("transA", 0) != 0;
        boolean tb = n.attrs().i("transB", 0) != 0;
        yield new long[] {ta ? a[1] : a[0], tb ? b[0] : b[1]};
      }
      case CONCAT -> concat(n, x, 0, 1);
      case QCONCAT -> concat(n, x, 2, 3);
      case FLATTEN, RESHAPE, SQUEEZE, UNSQUEEZE -> view(n, x.shape(0), x::constantOrNull);
      case TRANSPOSE -> {
        long[] s = x.shape(0);
        long[] perm = n.attrs().ints("perm");
        long[] out = new long[s.length];
        for (int d = 0; d < s.length; d++) {
          out[d] = s[perm == null ? s.length - 1 - d : ShapeRules.axis(perm[d], s.length, "perm")];
        }
        yield out;
      }
      case SLICE ->
          SliceGeometry.of(
                  x.shape(0),
                  i -> {
                    TensorData t = x.constantOrNull(i);
                    if (t == null && x.present(i)) {
                      throw new IllegalArgumentException("input " + i + " is not a constant");
                    }
                    return t == null ? null : t.toLongs();
                  })
              .out();
      case PAD -> {
        long[] s = x.shape(0);
        TensorData axes = x.constantOrNull(3);
        long[] pads =
            PadAxes.expand(x.longs(1, "pads"), axes == null ? null : axes.toLongs(), s.length);
        if (pads.length != 2 * s.length) {
          throw new IllegalArgumentException(
              "pads " + Arrays.toString(pads) + " do not fit rank " + s.length);
        }
        long[] out = new long[s.length];
        for (int d = 0; d < s.length; d++) {
          out[d] = s[d] + pads[d] + pads[d + s.length];
        }
        yield out;
      }
      case EXPAND -> ShapeRules.broadcast(x.shape(0), x.longs(1, "shape"));
      case TILE -> {
        long[] s = x.shape(0);
        long[] repeats = x.longs(1, "repeats");
        if (repeats.length != s.length) {
          throw new IllegalArgumentException(
              "repeats " + Arrays.toString(repeats) + " do not fit rank " + s.length);
        }
        long[] out = new long[s.length];
        for (int d = 0; d < s.length; d++) {
          out[d] = Math.multiplyExact(s[d], repeats[d]);
        }
        yield out;
      }
      case GATHER -> {
        long[] s = x.shape(0);
        long[] idx = x.shape(1);
        int axis = ShapeRules.axis(n.attrs().i("axis", 0), s.length, "axis");
        long[] out = new long[s.length - 1 + idx.length];
        System.arraycopy(s, 0, out, 0, axis);
        System.arraycopy(idx, 0, out, axis, idx.length);
        System.arraycopy(s, axis + 1, out, axis + idx.length, s.length - axis - 1);
        yield out;
      }
      case GATHER_ELEMENTS -> {
        if (x.shape(1).length != x.shape(0).length) {
          throw new IllegalArgumentException(
              "indices "
                  + Arrays.toString(x.shape(1))
                  + " differ in rank from the data "
                  + Arrays.toString(x.shape(0)));
        }
        yield x.shape(1);
      }
      case RESIZE, UPSAMPLE -> resized(n, x);
      case DEPTH_TO_SPACE, SPACE_TO_DEPTH -> {
        long[] s = x.shape(0);
        long b = n.attrs().i("blocksize", 0);
        boolean toSpace = n.op() == Op.DEPTH_TO_SPACE;
        if (s.length != 4 || b < 1 || (toSpace ? s[1] % (b * b) : s[2] % b + s[3] % b) != 0) {
          throw new IllegalArgumentException(
              "blocksize " + b + " does not fit " + Arrays.toString(s));
        }
        yield toSpace
            ? new long[] {s[0], s[1] / (b * b), s[2] * b, s[3] * b}
            : new long[] {s[0], s[1] * b * b, s[2] / b, s[3] / b};
      }
      case SHAPE -> ConstantEvaluator.shapeOf(x.shape(0), n.attrs()).shape();
      case SIZE -> new long[0];
      case CONSTANT_OF_SHAPE -> x.longs(0, "shape");
      case GATHER_ND -> {
        long[] s = x.shape(0);
        long[] idx = x.shape(1);
        int b = (int) n.attrs().i("batch_dims", 0);
        int k = (int) idx[idx.length - 1];
        if (k > s.length - b || b >= idx.length) {
          throw new IllegalArgumentException(
              "index tuples of " + k + " do not fit " + Arrays.toString(s) + " after " + b);
        }
        long[] out = new long[idx.length - 1 + s.length - b - k];
        System.arraycopy(idx, 0, out, 0, idx.length - 1);
        System.arraycopy(s, b + k, out, idx.length - 1, s.length - b - k);
        yield out;
      }
      case NON_ZERO ->
          throw new IllegalArgumentException("NonZero's shape depends on the input's values");
      case ONE_HOT -> {
        long[] s = x.shape(0);
        int axis = ShapeRules.axis(n.attrs().i("axis", -1), s.length + 1, "axis");
        long[] out = new long[s.length + 1];
        System.arraycopy(s, 0, out, 0, axis);
        out[axis] = (long) x.doubles(1);
        System.arraycopy(s, axis, out, axis + 1, s.length - axis);
        yield out;
      }
      case RANGE ->
          new long[] {ConstantEvaluator.rangeLength(x.doubles(0), x.doubles(1), x.doubles(2))};
      case SPLIT, TOP_K, DYNAMIC_QUANTIZE_LINEAR, RNN, GRU, LSTM, SOFTMAX_CROSS_ENTROPY_LOSS ->
          of(n, x.shapes(), x.constants()).get(0);
      case UNSUPPORTED ->
          throw new IllegalArgumentException("operator '" + n.label() + "' has no shape rule");
    };
  }

  /** The shape of an optional extra output that has the first output's shape, or null. */
  private static long[] extra(IrNode n, long[] first) {
    return switch (n.op()) {
      case MAX_POOL, DROPOUT -> first;
      case LAYER_NORM -> {
        // Mean and inverse standard deviation: the input's shape with the normalized axes as 1.
        long[] s = first.clone();
        int axis = ShapeRules.axis(n.attrs().i("axis", -1), s.length, "axis");
        Arrays.fill(s, axis, s.length, 1);
        yield s;
      }
      default -> null;
    };
  }

  /**
   * Returns the output shape of a view operator (Flatten, Reshape, Squeeze, Unsqueeze): the rule
   * the lowering of views reads too.
   *
   * @param n the node
   * @param in its input's shape
   * @param constant the value of input {@code i} when it is a known constant, else null
   * @return the output shape (same element count)
   * @throws IllegalArgumentException when the node is no view or its parameters do not fit
   */
  public static long[] view(IrNode n, long[] in, IntFunction<TensorData> constant) {
    TensorData second = constant.apply(1);
    long[] values = second == null ? null : second.toLongs();
    return switch (n.op()) {
      case FLATTEN -> ShapeRules.flattenedShape(in, n.attrs().i("axis", 1));
      case RESHAPE -> {
        if (values == null) {
          throw new IllegalArgumentException("the shape must be a constant");
        }
        yield ShapeRules.reshapeTarget(in, values, n.attrs().i("allowzero", 0) != 0);
      }
      case SQUEEZE -> ShapeRules.squeezedShape(in, values);
      case UNSQUEEZE -> {
        if (values == null) {
          throw new IllegalArgumentException("needs axes");
        }
        yield ShapeRules.unsqueezedShape(in, values);
      }
      default -> throw new IllegalArgumentException("is not a view");
    };
  }

  /** RNN, GRU, LSTM: Y, then Y_h (and LSTM's Y_c), in the node's layout. */
  private static List<long[]> recurrent(IrNode n, Inputs x) {
    long[] xs = x.shape(0);
    long dirs = x.shape(1)[0];
    long hidden = n.attrs().i("hidden_size", x.shape(2)[2]);
    boolean batchFirst = n.attrs().i("layout", 0) != 0;
    long seq = batchFirst ? xs[1] : xs[0];
    long batch = batchFirst ? xs[0] : xs[1];
    long[] y =
        batchFirst ? new long[] {batch, seq, dirs, hidden} : new long[] {seq, dirs, batch, hidden};
    long[] state = batchFirst ? new long[] {batch, dirs, hidden} : new long[] {dirs, batch, hidden};
    List<long[]> out = new ArrayList<>(List.of(y, state));
    if (n.op() == Op.LSTM) {
      out.add(state);
    }
    return out.subList(0, Math.min(out.size(), n.outputs().size()));
  }

  /**
   * MaxUnpool: the output_shape input, or each spatial axis {@code (in - 1) * stride - pads + k}.
   */
  private static long[] maxUnpool(IrNode n, Inputs x) {
    TensorData given = x.constantOrNull(2);
    return given != null && given.count() > 0
        ? given.toLongs()
        : HostConvPool.unpooledShape(x.shape(0), n.attrs());
  }

  private static List<long[]> split(IrNode n, Inputs x) {
    long[] s = x.shape(0);
    int axis = ShapeRules.axis(n.attrs().i("axis", 0), s.length, "axis");
    TensorData given = x.constantOrNull(1);
    int parts = n.outputs().size();
    long[] sizes = given == null ? null : given.toLongs();
    if (sizes == null) {
      long each = (s[axis] + parts - 1) / parts;
      sizes = new long[parts];
      for (int k = 0; k < parts; k++) {
        sizes[k] = Math.max(0, Math.min(each, s[axis] - each * k));
      }
    }
    if (sizes.length != parts || Arrays.stream(sizes).sum() != s[axis]) {
      throw new IllegalArgumentException(
          "split "
              + Arrays.toString(sizes)
              + " does not cut axis "
              + axis
              + " of length "
              + s[axis]);
    }
    List<long[]> outs = new ArrayList<>();
    for (long size : sizes) {
      long[] o = s.clone();
      o[axis] = size;
      outs.add(o);
    }
    return outs;
  }

  private static long[] concat(IrNode n, Inputs x, int first, int step) {
    long[] out = null;
    int axis = 0;
    for (int i = first; i < x.count(); i += step) {
      long[] s = x.shape(i);
      if (out == null) {
        out = s.clone();
        axis = ShapeRules.axis(n.attrs().i("axis", 0), s.length, "axis");
        continue;
      }
      if (s.length != out.length) {
        throw new IllegalArgumentException(
            "inputs " + Arrays.toString(out) + " and " + Arrays.toString(s) + " differ in rank");
      }
      for (int d = 0; d < s.length; d++) {
        if (d != axis && s[d] != out[d]) {
          throw new IllegalArgumentException(
              "inputs " + Arrays.toString(out) + " and " + Arrays.toString(s) + " do not join");
        }
      }
      out[axis] += s[axis];
    }
    if (out == null) {
      throw new IllegalArgumentException("has no inputs");
    }
    return out;
  }

  /** The shape of a matrix product with numpy's rules (1-D operands, broadcast batch axes). */
  static long[] matMul(long[] a, long[] b) {
    if (a.length == 0 || b.length == 0) {
      throw new IllegalArgumentException("MatMul of a scalar");
    }
    long[] a2 = a.length == 1 ? new long[] {1, a[0]} : a;
    long[] b2 = b.length == 1 ? new long[] {b[0], 1} : b;
    long k = a2[a2.length - 1];
    if (k != b2[b2.length - 2]) {
      throw new IllegalArgumentException(
          "A " + Arrays.toString(a) + " and B " + Arrays.toString(b) + " do not multiply");
    }
    long[] batch =
        ShapeRules.broadcast(Arrays.copyOf(a2, a2.length - 2), Arrays.copyOf(b2, b2.length - 2));
    List<Long> out = new ArrayList<>();
    for (long d : batch) {
      out.add(d);
    }
    if (a.length > 1) {
      out.add(a2[a2.length - 2]);
    }
    if (b.length > 1) {
      out.add(b2[b2.length - 1]);
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  private static long[] resized(IrNode n, Inputs x) {
    long[] s = x.shape(0);
    boolean upsample = n.op() == Op.UPSAMPLE;
    TensorData sizes = upsample ? null : x.constantOrNull(3);
    if (sizes != null && sizes.count() > 0) {
      long[] out = sizes.toLongs();
      if (out.length != s.length) {
        throw new IllegalArgumentException(
            "sizes " + Arrays.toString(out) + " do not fit " + Arrays.toString(s));
      }
      return out;
    }
    TensorData scales = x.constantOrNull(upsample ? 1 : 2);
    if (scales == null || scales.count() != s.length) {
      throw new IllegalArgumentException("needs constant scales or sizes of rank " + s.length);
    }
    double[] f = scales.toDoubles();
    long[] out = new long[s.length];
    for (int d = 0; d < s.length; d++) {
      // As the lowering computes it: the scale in float precision.
      out[d] = (long) Math.floor(s[d] * (double) (float) f[d]);
    }
    return out;
  }

  private static long[] spatial(long[] s) {
    return Arrays.copyOfRange(s, 2, s.length);
  }

  private static long[] windowed(long[] s, long channels, HostWindow w) {
    long[] out = new long[s.length];
    out[0] = s[0];
    out[1] = channels;
    System.arraycopy(w.out(), 0, out, 2, w.out().length);
    return out;
  }

  /** A node's input shapes and constant inputs, with the checks every rule needs. */
  private record Inputs(IrNode n, List<long[]> shapes, IntFunction<TensorData> constants) {
    int count() {
      return shapes.size();
    }

    boolean present(int i) {
      return i < n.inputs().size() && !n.input(i).isEmpty();
    }

    long[] shape(int i) {
      long[] s = i < shapes.size() ? shapes.get(i) : null;
      if (s == null) {
        throw new IllegalArgumentException("input " + i + " is missing or of unknown shape");
      }
      return s;
    }

    TensorData constantOrNull(int i) {
      return present(i) ? constants.apply(i) : null;
    }

    double doubles(int i) {
      TensorData t = constantOrNull(i);
      if (t == null || t.count() != 1) {
        throw new IllegalArgumentException("input " + i + " must be a constant scalar");
      }
      return t.getDouble(0);
    }

    long[] longs(int i, String what) {
      TensorData t = constantOrNull(i);
      if (t == null) {
        throw new IllegalArgumentException(what + " (input " + i + ") must be a constant");
      }
      return t.toLongs();
    }

    long[] broadcastAll() {
      long[] out = null;
      for (int i = 0; i < shapes.size(); i++) {
        if (present(i)) {
          out = out == null ? shape(i) : ShapeRules.broadcast(out, shape(i));
        }
      }
      if (out == null) {
        throw new IllegalArgumentException("has no inputs");
      }
      return out;
    }
  }
}
