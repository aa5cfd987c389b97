package org.djlvulkan.backend.passes;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ir.Attributes;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.IrGraph;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.ir.PadAxes;
import org.djlvulkan.backend.ir.ShapeRules;
import org.djlvulkan.backend.ir.SliceGeometry;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.model.ModelFormatException;
import org.djlvulkan.backend.model.UnsupportedModelException;
import org.djlvulkan.backend.ops.UnaryCall;

/**
 * Evaluates ONNX operators on host constants: the shape arithmetic of exported models ({@code
 * Shape}, {@code Gather}, {@code Unsqueeze}, {@code Concat}, {@code Reshape}, ...), casts, small
 * element-wise math, and the dequantization of constant weights. Data-movement ops copy element
 * bytes, so they work for every element type.
 */
public final class ConstantEvaluator {
  /** The operators (default domain) this class evaluates. */

  /** The largest folded constant, in elements. */
  static final long MAX_ELEMENTS = 1L << 26;

  private final String source;
  private final IrNode node;

  private ConstantEvaluator(String source, IrNode node) {
    this.source = source;
    this.node = node;
  }

  /**
   * Returns whether a node can be evaluated here: constant folding, and the CPU fallback of nodes
   * the device cannot run.
   *
   * @param n the node
   * @return true for a host-evaluable operator with one output, or one of those with several
   *     ({@code MULTI_OUTPUT}), not BatchNormalization in training mode
   */
  public static boolean foldable(IrNode n) {
    if (!n.op().hostEvaluable()) {
      return false;
    }
    if (n.op() == Op.BATCH_NORM && n.attrs().i("training_mode", 0) != 0) {
      return false; // training-mode statistics are not computed here
    }
    return MULTI_OUTPUT.contains(n.op()) || n.outputs().size() == 1;
  }

  /** The operators whose host form gives several outputs ({@link #all}). */
  private static final Set<Op> MULTI_OUTPUT =
      EnumSet.of(
          Op.SPLIT,
          Op.DYNAMIC_QUANTIZE_LINEAR,
          Op.MAX_POOL,
          Op.UNIQUE,
          Op.RNN,
          Op.GRU,
          Op.LSTM,
          Op.SOFTMAX_CROSS_ENTROPY_LOSS);

  /**
   * Evaluates a node whose inputs are all known.
   *
   * @param source the model's name, for messages
   * @param n the node (see {@link #foldable})
   * @param ins the input values, null for missing optional inputs
   * @return the first output's value
   * @throws ModelFormatException when the inputs do not fit the operator
   */
  public static TensorData evaluate(String source, IrNode n, List<TensorData> ins) {
    ConstantEvaluator e = new ConstantEvaluator(source, n);
    try {
      TensorData out = activate(e.eval(ins), n.activation());
      if (out.count() > MAX_ELEMENTS) {
        throw e.unsupported("the folded result " + out + " is too large");
      }
      return out;
    } catch (IllegalArgumentException | ArithmeticException | IndexOutOfBoundsException ex) {
      throw new ModelFormatException(
          source, n.name(), n.label(), "cannot evaluate: " + ex.getMessage(), ex);
    }
  }

  /** Applies an activation that a pass fused into the node (ReLU, a clamp, HardSwish). */
  private static TensorData activate(TensorData t, Activation act) {
    if (act.equals(Activation.NONE) || !t.type().isFloat()) {
      return t;
    }
    double[] v = t.toDoubles();
    for (int i = 0; i < v.length; i++) {
      v[i] = act.apply(v[i]);
    }
    return TensorData.ofDoubles(t.type(), v, t.shape());
  }

  /**
   * Evaluates a node whose inputs are all known, giving every output: those of the operators with
   * several (Split's parts, DynamicQuantizeLinear's codes, scale and zero point, MaxPool's indices,
   * Unique's four, the recurrent layers' states, SoftmaxCrossEntropyLoss's log-probabilities), the
   * single result of every other operator.
   *
   * @param source the model's name, for messages
   * @param n the node (see {@link #foldable})
   * @param ins the input values, null for missing optional inputs
   * @return one value per output of the node
   * @throws ModelFormatException when the inputs do not fit the operator
   */
  public static List<TensorData> evaluateAll(String source, IrNode n, List<TensorData> ins) {
    boolean single = n.op() == Op.MAX_POOL && n.outputs().size() == 1;
    if (!MULTI_OUTPUT.contains(n.op()) || single) {
      return List.of(evaluate(source, n, ins));
    }
    ConstantEvaluator e = new ConstantEvaluator(source, n);
    try {
      List<TensorData> all = e.all(ins);
      // A node may name fewer outputs than the operator has (Unique's first alone).
      return all.subList(0, Math.min(all.size(), n.outputs().size()));
    } catch (IllegalArgumentException | ArithmeticException | IndexOutOfBoundsException ex) {
      throw new ModelFormatException(
          source, n.name(), n.label(), "cannot evaluate: " + ex.getMessage(), ex);
    }
  }

  /**
   * Split into the node's outputs: sizes from the {@code split} input, else equal parts with a
   * smaller last one.
   */
  private List<TensorData> split(List<TensorData> ins) {
    TensorData x = in(ins, 0);
    long[] s = x.shape();
    int axis = ShapeRules.axis(node.attrs().i("axis", 0), s.length, "axis");
    List<long[]> inShapes = new ArrayList<>();
    ins.forEach(t -> inShapes.add(t == null ? null : t.shape()));
    long[] inStrides = ShapeRules.strides(s);
    List<TensorData> out = new ArrayList<>();
    long start = 0;
    for (long[] shape : OutputShapes.of(node, inShapes, i -> opt(ins, i))) {
      out.add(stridedGather(x, shape, start * inStrides[axis], inStrides));
      start += shape[axis];
    }
    return out;
  }

  /**
   * Returns the value of {@code Shape} for an input of the given dimensions (with opset 15's {@code
   * start} and {@code end}).
   *
   * @param dims the input's dimensions
   * @param attrs the node's attributes
   * @return an int64 vector
   */
  public static TensorData shapeOf(long[] dims, Attributes attrs) {
    int r = dims.length;
    int start = (int) clampAxis(attrs.i("start", 0), r);
    int end = (int) clampAxis(attrs.i("end", r), r);
    long[] v = Arrays.copyOfRange(dims, start, Math.max(start, end));
    return TensorData.ofLongs(v, v.length);
  }

  private static long clampAxis(long a, int r) {
    long x = a < 0 ? a + r : a;
    return Math.max(0, Math.min(r, x));
  }

  private ModelFormatException bad(String problem) {
    return new ModelFormatException(source, node.name(), node.label(), problem, null);
  }

  private UnsupportedModelException unsupported(String problem) {
    return new UnsupportedModelException(source, node.name(), node.label(), problem, null);
  }

  private TensorData in(List<TensorData> ins, int i) {
    TensorData t = i < ins.size() ? ins.get(i) : null;
    if (t == null) {
      throw bad("input " + i + " is missing");
    }
    return t;
  }

  private static TensorData opt(List<TensorData> ins, int i) {
    return i < ins.size() ? ins.get(i) : null;
  }

  private TensorData eval(List<TensorData> ins) {
    switch (node.op()) {
      case IDENTITY:
        return in(ins, 0);
      case CAST:
        return cast(in(ins, 0), (int) node.attrs().i("to", 0));
      case SHAPE:
        return shapeOf(in(ins, 0).shape(), node.attrs());
      case SIZE:
        return TensorData.ofLongs(new long[] {in(ins, 0).count()});
      case GATHER:
        return gather(in(ins, 0), in(ins, 1), node.attrs().i("axis", 0));
      case GATHER_ELEMENTS:
        return HostIndexing.gatherElements(in(ins, 0), in(ins, 1), node.attrs().i("axis", 0));
      case CUM_SUM:
        return cumSum(in(ins, 0), in(ins, 1));
      case UNSQUEEZE:
        return unsqueeze(in(ins, 0), axes(ins, 1));
      case SQUEEZE:
        return squeeze(in(ins, 0), axes(ins, 1));
      case CONCAT:
        return concat(ins, node.attrs().i("axis", Long.MIN_VALUE));
      case RESHAPE:
        return in(ins, 0)
            .reshape(
                ShapeRules.reshapeTarget(
                    in(ins, 0).shape(), in(ins, 1).toLongs(), node.attrs().i("allowzero", 0) != 0));
      case FLATTEN:
        return flatten(in(ins, 0), node.attrs().i("axis", 1));
      case CONSTANT_OF_SHAPE:
        return constantOfShape(in(ins, 0));
      case ADD:
      case SUB:
      case MUL:
      case DIV:
        return arithmetic(in(ins, 0), in(ins, 1));
      case NEG:
        return negate(in(ins, 0));
      case POW:
      case MOD:
      case BIT_SHIFT:
        return elementwise(in(ins, 0), in(ins, 1));
      case SIN:
      case COS:
      case TAN:
      case ASIN:
      case ACOS:
      case ATAN:
      case SINH:
      case COSH:
      case ASINH:
      case ACOSH:
      case ATANH:
        return HostMath.map(in(ins, 0), HostMath.trigonometric(node.op()));
      case MEAN_VARIANCE_NORM:
        return HostMath.meanVarianceNormalization(
            in(ins, 0),
            node.attrs().has("axes") ? node.attrs().ints("axes") : new long[] {0, 2, 3});
      case HARDMAX:
        return HostMath.hardmax(in(ins, 0), node.attrs().i("axis", -1));
      case COMPRESS:
        return HostMath.compress(
            in(ins, 0), in(ins, 1), node.attrs().has("axis") ? node.attrs().i("axis", 0) : null);
      case REVERSE_SEQUENCE:
        return HostMath.reverseSequence(
            in(ins, 0),
            in(ins, 1),
            node.attrs().i("batch_axis", 1),
            node.attrs().i("time_axis", 0));
      case DET:
        return HostMath.det(in(ins, 0));
      case NEGATIVE_LOG_LIKELIHOOD_LOSS:
        return HostLosses.negativeLogLikelihood(
            in(ins, 0), in(ins, 1), opt(ins, 2), reduction(), ignoreIndex());
      case HANN_WINDOW:
      case HAMMING_WINDOW:
      case BLACKMAN_WINDOW:
        return HostSignal.window(
            node.op(),
            in(ins, 0).getLong(0),
            node.attrs().i("periodic", 1) != 0,
            (int) node.attrs().i("output_datatype", 1));
      case DFT:
        {
          TensorData x = in(ins, 0);
          int axis = dftAxis(x.rank());
          TensorData length = opt(ins, 1);
          return HostSignal.dft(
              x,
              axis,
              length == null ? x.shape()[axis] : length.getLong(0),
              node.attrs().i("inverse", 0) != 0,
              node.attrs().i("onesided", 0) != 0);
        }
      case STFT:
        {
          TensorData window = opt(ins, 2);
          TensorData length = opt(ins, 3);
          return HostSignal.stft(
              in(ins, 0),
              in(ins, 1).getLong(0),
              window,
              length != null ? length.getLong(0) : window != null ? window.count() : -1,
              node.attrs().i("onesided", 1) != 0);
        }
      case NON_MAX_SUPPRESSION:
        return HostVision.nonMaxSuppression(
            in(ins, 0),
            in(ins, 1),
            opt(ins, 2),
            opt(ins, 3),
            opt(ins, 4),
            node.attrs().i("center_point_box", 0) != 0);
      case GRID_SAMPLE:
        return HostVision.gridSample(in(ins, 0), in(ins, 1), node.attrs());
      case ROI_ALIGN:
        return HostVision.roiAlign(in(ins, 0), in(ins, 1), in(ins, 2), node.attrs());
      case EINSUM:
        return HostMath.einsum(node.attrs().s("equation", ""), ins);
      case IS_NAN:
      case IS_INF:
        return nonFinite(in(ins, 0));
      case RANGE:
        return range(in(ins, 0), in(ins, 1), in(ins, 2));
      case NON_ZERO:
        return HostIndexing.nonZero(in(ins, 0));
      case GATHER_ND:
        return HostIndexing.gatherNd(in(ins, 0), in(ins, 1), node.attrs().i("batch_dims", 0));
      case SCATTER_ELEMENTS:
        return HostIndexing.scatterElements(
            in(ins, 0),
            in(ins, 1),
            in(ins, 2),
            node.attrs().i("axis", 0),
            node.attrs().s("reduction", "none"));
      case SCATTER_ND:
        return HostIndexing.scatterNd(
            in(ins, 0), in(ins, 1), in(ins, 2), node.attrs().s("reduction", "none"));
      case ONE_HOT:
        return HostIndexing.oneHot(in(ins, 0), in(ins, 1), in(ins, 2), node.attrs().i("axis", -1));
      case TRILU:
        return HostIndexing.trilu(
            in(ins, 0),
            opt(ins, 1) == null ? 0 : opt(ins, 1).getLong(0),
            node.attrs().i("upper", 1) != 0);
      case EYE_LIKE:
        return HostIndexing.eyeLike(
            in(ins, 0), node.attrs().i("dtype", -1), node.attrs().i("k", 0));
      case MIN:
      case MAX:
      case SUM:
      case MEAN:
        return variadic(ins);
      case EQUAL:
      case LESS:
      case GREATER:
      case LESS_OR_EQUAL:
      case GREATER_OR_EQUAL:
      case AND:
      case OR:
      case XOR:
        return compare(in(ins, 0), in(ins, 1));
      case NOT:
        return compare(in(ins, 0), TensorData.ofLongs(new long[] {0}).reshape(new long[] {}));
      case WHERE:
        return where(in(ins, 0), in(ins, 1), in(ins, 2));
      case DEQUANTIZE:
        return dequantize(in(ins, 0), in(ins, 1), opt(ins, 2));
      case QUANTIZE:
        return quantize(in(ins, 0), in(ins, 1), opt(ins, 2));
      case DYNAMIC_QUANTIZE_LINEAR:
      case UNIQUE:
      case RNN:
      case GRU:
      case LSTM:
      case SOFTMAX_CROSS_ENTROPY_LOSS:
        return all(ins).get(0);
      case TRANSPOSE:
        return transpose(in(ins, 0), node.attrs().ints("perm"));
      case SLICE:
        return slice(ins);
      case PAD:
        return pad(ins);
      case CONV:
        return HostConvPool.conv(in(ins, 0), in(ins, 1), opt(ins, 2), node.attrs());
      case MAX_POOL:
      case AVERAGE_POOL:
        if (node.outputs().size() > 1) {
          return all(ins).get(0);
        }
        return HostConvPool.pool(in(ins, 0), node.attrs(), node.op() == Op.MAX_POOL);
      case MAX_UNPOOL:
        return HostConvPool.maxUnpool(in(ins, 0), in(ins, 1), opt(ins, 2), node.attrs());
      case BATCH_NORM:
        return HostConvPool.batchNorm(
            in(ins, 0),
            in(ins, 1),
            in(ins, 2),
            in(ins, 3),
            in(ins, 4),
            node.attrs().f("epsilon", 1e-5f));
      case CONV_TRANSPOSE:
        return HostConvTranspose.compute(in(ins, 0), in(ins, 1), opt(ins, 2), node.attrs());
      default:
        {
          if (node.op().reducesAxes()) {
            TensorData axes = opt(ins, 1);
            return HostReduce.reduce(
                node.op(),
                in(ins, 0),
                axes == null ? null : axes.toLongs(),
                node.attrs().i("keepdims", 1) != 0,
                node.attrs().i("noop_with_empty_axes", 0) != 0);
          }
          Optional<UnaryCall> call = UnaryCall.of(node);
          if (call.isPresent()) {
            return unaryFunction(in(ins, 0), call.get());
          }
          throw unsupported("cannot be evaluated on constants");
        }
    }
  }

  /** Pad: pads, constant and axes as inputs (older sets' attributes moved there on import). */
  private TensorData pad(List<TensorData> ins) {
    TensorData x = in(ins, 0);
    int r = x.rank();
    String mode = node.attrs().s("mode", "constant");
    TensorData axes = opt(ins, 3);
    long[] pads = PadAxes.expand(in(ins, 1).toLongs(), axes == null ? null : axes.toLongs(), r);
    return HostPad.pad(x, pads, mode, opt(ins, 2));
  }

  private long[] axes(List<TensorData> ins, int index) {
    TensorData t = opt(ins, index);
    return t == null ? null : t.toLongs();
  }

  private TensorData cast(TensorData x, int to) {
    DataType t = DataType.fromCode(to);
    if (t == null) {
      throw unsupported("cast to " + DataType.nameOf(to));
    }
    if (!t.isFloat() && !x.type().isFloat()) {
      long[] v = x.toLongs();
      ByteBuffer b = ByteBuffer.allocate(v.length * t.bytes()).order(ByteOrder.LITTLE_ENDIAN);
      for (long l : v) {
        putLong(b, t, l);
      }
      return new TensorData(t, x.shape(), b.flip());
    }
    return TensorData.ofDoubles(t, x.toDoubles(), x.shape());
  }

  private static void putLong(ByteBuffer b, DataType t, long v) {
    switch (t.bytes()) {
      case 1:
        b.put((byte) (t == DataType.BOOL ? (v != 0 ? 1 : 0) : v));
        break;
      case 2:
        b.putShort((short) v);
        break;
      case 4:
        b.putInt((int) v);
        break;
      default:
        b.putLong(v);
    }
  }

  private static long count(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
      n = Math.multiplyExact(n, d);
    }
    if (n > MAX_ELEMENTS) {
      throw new IllegalArgumentException("result " + Arrays.toString(shape) + " is too large");
    }
    return n;
  }

  /** Copies elements: output element i takes input element map(i). */
  private interface IndexMap {
    long source(long outIndex);
  }

  /**
   * Gathers {@code x}'s elements into shape {@code out}: output coordinate {@code c} reads flat
   * index {@code base + sum(c[i] * srcStrides[i])} (a transpose, a slice with steps).
   */
  private static TensorData stridedGather(TensorData x, long[] out, long base, long[] srcStrides) {
    return gatherElements(
        x,
        out,
        o -> {
          long src = base;
          for (int i = out.length - 1; i >= 0; i--) {
            src += (o % out[i]) * srcStrides[i];
            o /= out[i];
          }
          return src;
        });
  }

  private static TensorData gatherElements(TensorData x, long[] outShape, IndexMap map) {
    int size = x.type().bytes();
    int n = (int) count(outShape);
    ByteBuffer out = ByteBuffer.allocate(n * size).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer src = x.data();
    for (int i = 0; i < n; i++) {
      out.put(i * size, src, (int) map.source(i) * size, size);
    }
    return new TensorData(x.type(), outShape, out);
  }

  /**
   * CumSum: running sums along the axis (the constant second input), from its end with {@code
   * reverse}, each without its own element with {@code exclusive}; in double, rounded once to the
   * input's type.
   */
  private TensorData cumSum(TensorData x, TensorData axisInput) {
    long[] s = x.shape();
    int axis = ShapeRules.axis(axisInput.getLong(0), s.length, "axis");
    boolean exclusive = node.attrs().i("exclusive", 0) != 0;
    boolean reverse = node.attrs().i("reverse", 0) != 0;
    long[] around = ShapeRules.aroundAxis(s, axis);
    long len = around[1];
    long inner = around[2];
    double[] v = x.toDoubles();
    double[] out = new double[v.length];
    for (long o = 0; o < around[0]; o++) {
      for (long in = 0; in < inner; in++) {
        double acc = 0;
        for (long k = 0; k < len; k++) {
          int i = (int) ((o * len + (reverse ? len - 1 - k : k)) * inner + in);
          if (exclusive) {
            out[i] = acc;
            acc += v[i];
          } else {
            acc += v[i];
            out[i] = acc;
          }
        }
      }
    }
    return TensorData.ofDoubles(x.type(), out, s);
  }

  private TensorData gather(TensorData data, TensorData indices, long axisAttr) {
    long[] ds = data.shape();
    int axis = ShapeRules.axis(axisAttr, ds.length, "axis");
    long[] idx = indices.toLongs();
    long[] is = indices.shape();
    for (int i = 0; i < idx.length; i++) {
      try {
        idx[i] = ShapeRules.index(idx[i], ds[axis]);
      } catch (IllegalArgumentException e) {
        throw bad(e.getMessage());
      }
    }
    long[] out = new long[ds.length - 1 + is.length];
    System.arraycopy(ds, 0, out, 0, axis);
    System.arraycopy(is, 0, out, axis, is.length);
    System.arraycopy(ds, axis + 1, out, axis + is.length, ds.length - axis - 1);
    long innerSize = ShapeRules.aroundAxis(ds, axis)[2];
    long nIdx = idx.length;
    long dAxis = ds[axis];
    return gatherElements(
        data,
        out,
        o -> {
          long in = o % innerSize;
          long rest = o / innerSize;
          long k = rest % nIdx;
          long outer = rest / nIdx;
          return (outer * dAxis + idx[(int) k]) * innerSize + in;
        });
  }

  private TensorData unsqueeze(TensorData x, long[] axes) {
    if (axes == null) {
      throw bad("needs axes");
    }
    return x.reshape(ShapeRules.unsqueezedShape(x.shape(), axes));
  }

  private TensorData squeeze(TensorData x, long[] axes) {
    return x.reshape(ShapeRules.squeezedShape(x.shape(), axes));
  }

  private TensorData concat(List<TensorData> ins, long axisAttr) {
    if (axisAttr == Long.MIN_VALUE) {
      throw bad("needs an axis");
    }
    TensorData first = in(ins, 0);
    int r = first.rank();
    int axis = ShapeRules.axis(axisAttr, r, "axis");
    long total = 0;
    for (int i = 0; i < ins.size(); i++) {
      TensorData t = in(ins, i);
      long[] s = t.shape();
      if (t.type() != first.type() || s.length != r) {
        throw bad("inputs differ in type or rank: " + first + " and " + t);
      }
      for (int d = 0; d < r; d++) {
        if (d != axis && s[d] != first.shape()[d]) {
          throw bad("inputs differ outside the axis: " + first + " and " + t);
        }
      }
      total += s[axis];
    }
    long[] out = first.shape();
    out[axis] = total;
    long outer = 1;
    for (int d = 0; d < axis; d++) {
      outer *= out[d];
    }
    int size = first.type().bytes();
    ByteBuffer buf = ByteBuffer.allocate((int) (count(out) * size)).order(ByteOrder.LITTLE_ENDIAN);
    for (long o = 0; o < outer; o++) {
      for (TensorData t : ins) {
        int chunk = (int) (t.count() / Math.max(1, outer) * size);
        if (outer > 0 && chunk > 0) {
          buf.put(t.data().duplicate().position((int) (o * chunk)).limit((int) ((o + 1) * chunk)));
        }
      }
    }
    return new TensorData(first.type(), out, buf.flip());
  }

  private TensorData flatten(TensorData x, long axis) {
    return x.reshape(ShapeRules.flattenedShape(x.shape(), axis));
  }

  private TensorData constantOfShape(TensorData shape) {
    long[] dims = shape.toLongs();
    long n = count(dims);
    TensorData value = node.attrs().t("value");
    TensorData v = value == null ? TensorData.ofFloats(new float[] {0f}) : value;
    if (v.count() != 1) {
      throw bad("value must hold one element, has " + v.count());
    }
    int size = v.type().bytes();
    ByteBuffer out = ByteBuffer.allocate((int) n * size).order(ByteOrder.LITTLE_ENDIAN);
    for (long i = 0; i < n; i++) {
      out.put(v.data().duplicate());
    }
    return new TensorData(v.type(), dims, out.flip());
  }

  private TensorData arithmetic(TensorData a, TensorData b) {
    long axis = node.attrs().i(Attributes.BROADCAST_AXIS, -1);
    if (axis >= 0) {
      int trailing = a.rank() - (int) axis - b.rank();
      if (trailing < 0) {
        throw bad(b + " does not fit at axis " + axis + " of " + a);
      }
      long[] shape = Arrays.copyOf(b.shape(), b.rank() + trailing);
      Arrays.fill(shape, b.rank(), shape.length, 1);
      b = b.reshape(shape);
    }
    return elementwise(a, b);
  }

  /**
   * Min, Max, Sum or Mean of one or more inputs of one type, with broadcasting: folded pairwise in
   * input order (Mean divides the sum by the count at the end).
   */
  private TensorData variadic(List<TensorData> ins) {
    TensorData acc = in(ins, 0);
    for (int i = 1; i < ins.size(); i++) {
      acc = elementwise(acc, in(ins, i));
    }
    if (node.op() != Op.MEAN || ins.size() == 1) {
      return acc;
    }
    if (!acc.type().isFloat()) {
      throw unsupported("Mean of " + acc.type() + " inputs");
    }
    double[] v = acc.toDoubles();
    boolean wide = acc.type() == DataType.DOUBLE;
    for (int i = 0; i < v.length; i++) {
      v[i] = wide ? v[i] / ins.size() : (float) (v[i] / ins.size());
    }
    return TensorData.ofDoubles(acc.type(), v, acc.shape());
  }

  /**
   * A binary operator (Add, Sub, Mul, Div, Pow, or one pairwise step of Min/Max/Sum/Mean) with
   * broadcasting; the result has the first input's type (Pow's exponent may have another). Floats
   * compute in double and round to float32 unless the type is double (for + - * / that equals the
   * float32 operation); integers compute in long and wrap to their width ({@code Pow} through
   * double, truncated).
   */
  private TensorData elementwise(TensorData a, TensorData b) {
    Op op = node.op();
    if (op != Op.POW && a.type() != b.type()) {
      throw bad("operand types differ: " + a + " and " + b);
    }
    long[] out = ShapeRules.broadcast(a.shape(), b.shape());
    int n = (int) count(out);
    if (a.type().isFloat()) {
      boolean wide = a.type() == DataType.DOUBLE;
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        double x = a.getDouble((int) ShapeRules.broadcastIndex(i, out, a.shape()));
        double y = b.getDouble((int) ShapeRules.broadcastIndex(i, out, b.shape()));
        double r =
            switch (op) {
              case SUB -> x - y;
              case MUL -> x * y;
              case DIV -> x / y;
              case POW -> Math.pow(x, y);
              case MOD -> x % y; // floats need fmod = 1: C's fmod, the dividend's sign
              case MIN -> Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.min(x, y);
              case MAX -> Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.max(x, y);
              default -> x + y;
            };
        v[i] = wide ? r : (float) r;
      }
      return TensorData.ofDoubles(a.type(), v, out);
    }
    boolean unsignedLong = a.type() == DataType.UINT64;
    ByteBuffer buf = ByteBuffer.allocate(n * a.type().bytes()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      long x = a.getLong((int) ShapeRules.broadcastIndex(i, out, a.shape()));
      int j = (int) ShapeRules.broadcastIndex(i, out, b.shape());
      if ((op == Op.DIV || op == Op.MOD) && b.getLong(j) == 0) {
        throw bad("integer division by zero");
      }
      long r =
          switch (op) {
            case SUB -> x - b.getLong(j);
            case MUL -> x * b.getLong(j);
            case DIV -> x / b.getLong(j);
            case POW -> (long) Math.pow(x, b.type().isFloat() ? b.getDouble(j) : b.getLong(j));
            case MOD -> modulo(x, b.getLong(j), unsignedLong);
            case MIN -> lower(x, b.getLong(j), unsignedLong);
            case MAX -> higher(x, b.getLong(j), unsignedLong);
            case BIT_SHIFT -> shift(x, b.getLong(j));
            default -> x + b.getLong(j);
          };
      putLong(buf, a.type(), r);
    }
    return new TensorData(a.type(), out, buf.flip());
  }

  /**
   * Integer Mod: with {@code fmod = 0} the remainder takes the divisor's sign (Python's %), with
   * {@code fmod = 1} the dividend's (C's fmod).
   */
  private long modulo(long x, long y, boolean unsigned) {
    if (unsigned) {
      return Long.remainderUnsigned(x, y);
    }
    long r = x % y;
    boolean fmod = node.attrs().i("fmod", 0) != 0;
    return !fmod && r != 0 && (r < 0) != (y < 0) ? r + y : r;
  }

  /** BitShift of unsigned integers: {@code direction} LEFT or RIGHT, by less than 64 bits. */
  private long shift(long x, long bits) {
    if (bits < 0 || bits > 63) {
      throw bad("shift by " + bits + " bits");
    }
    String direction = node.attrs().s("direction", "");
    return switch (direction) {
      case "LEFT" -> x << bits;
      case "RIGHT" -> x >>> bits;
      default -> throw bad("direction must be LEFT or RIGHT, got '" + direction + "'");
    };
  }

  /** IsNaN, or IsInf with its {@code detect_negative} and {@code detect_positive}: BOOL. */
  private TensorData nonFinite(TensorData x) {
    boolean nan = node.op() == Op.IS_NAN;
    boolean negative = node.attrs().i("detect_negative", 1) != 0;
    boolean positive = node.attrs().i("detect_positive", 1) != 0;
    int n = (int) x.count();
    ByteBuffer buf = ByteBuffer.allocate(n);
    for (int i = 0; i < n; i++) {
      double v = x.type().isFloat() ? x.getDouble(i) : 0;
      boolean hit =
          nan
              ? Double.isNaN(v)
              : (positive && v == Double.POSITIVE_INFINITY)
                  || (negative && v == Double.NEGATIVE_INFINITY);
      buf.put(i, (byte) (hit ? 1 : 0));
    }
    return new TensorData(DataType.BOOL, x.shape(), buf);
  }

  /**
   * Returns the length of Range: {@code max(ceil((limit - start) / delta), 0)}.
   *
   * @param start the first value
   * @param limit the bound (exclusive)
   * @param delta the step
   * @return the number of values
   * @throws IllegalArgumentException for a zero step
   */
  public static long rangeLength(double start, double limit, double delta) {
    if (delta == 0) {
      throw new IllegalArgumentException("Range with delta 0");
    }
    return Math.max((long) Math.ceil((limit - start) / delta), 0);
  }

  /**
   * Range: start, start + delta, ... below limit (above it for a negative delta), in start's type.
   */
  private TensorData range(TensorData start, TensorData limit, TensorData delta) {
    double s = start.getDouble(0);
    double d = delta.getDouble(0);
    long n = rangeLength(s, limit.getDouble(0), d);
    if (n > MAX_ELEMENTS) {
      throw unsupported("a range of " + n + " values is too large");
    }
    double[] v = new double[(int) n];
    for (int i = 0; i < n; i++) {
      v[i] = start.type().isFloat() ? s + i * d : (long) s + i * (long) d;
    }
    return TensorData.ofDoubles(start.type(), v, n);
  }

  private static long lower(long x, long y, boolean unsigned) {
    return (unsigned ? Long.compareUnsigned(x, y) : Long.compare(x, y)) <= 0 ? x : y;
  }

  private static long higher(long x, long y, boolean unsigned) {
    return (unsigned ? Long.compareUnsigned(x, y) : Long.compare(x, y)) >= 0 ? x : y;
  }

  /**
   * A comparison or logical operator with broadcasting, giving BOOL; Not is {@code x == 0} (called
   * with a scalar 0 as b). Integers compare as longs, floats as doubles.
   */
  private TensorData compare(TensorData a, TensorData b) {
    long[] out = ShapeRules.broadcast(a.shape(), b.shape());
    int n = (int) count(out);
    boolean floats = a.type().isFloat() || b.type().isFloat();
    ByteBuffer buf = ByteBuffer.allocate(n);
    for (int i = 0; i < n; i++) {
      int ia = (int) ShapeRules.broadcastIndex(i, out, a.shape());
      int ib = (int) ShapeRules.broadcastIndex(i, out, b.shape());
      int c;
      boolean x;
      boolean y;
      if (floats) {
        double u = a.getDouble(ia);
        double v = b.getDouble(ib);
        c = Double.compare(u, v);
        x = u != 0;
        y = v != 0;
      } else {
        long u = a.getLong(ia);
        long v = b.getLong(ib);
        c = Long.compare(u, v);
        x = u != 0;
        y = v != 0;
      }
      boolean r;
      switch (node.op()) {
        case EQUAL:
          r = c == 0;
          break;
        case LESS:
          r = c < 0;
          break;
        case GREATER:
          r = c > 0;
          break;
        case LESS_OR_EQUAL:
          r = c <= 0;
          break;
        case GREATER_OR_EQUAL:
          r = c >= 0;
          break;
        case AND:
          r = x && y;
          break;
        case OR:
          r = x || y;
          break;
        case XOR:
          r = x != y;
          break;
        default: // NOT: a == 0
          r = !x;
      }
      buf.put((byte) (r ? 1 : 0));
    }
    return new TensorData(DataType.BOOL, out, buf.flip());
  }

  /** Where: {@code c ? x : y} elementwise with broadcasting over all three. */
  private TensorData where(TensorData c, TensorData x, TensorData y) {
    if (x.type() != y.type()) {
      throw bad("operand types differ: " + x + " and " + y);
    }
    long[] out = ShapeRules.broadcast(ShapeRules.broadcast(c.shape(), x.shape()), y.shape());
    int n = (int) count(out);
    ByteBuffer buf = ByteBuffer.allocate(n * x.type().bytes()).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer xs = x.data().duplicate();
    ByteBuffer ys = y.data().duplicate();
    int size = x.type().bytes();
    for (int i = 0; i < n; i++) {
      boolean pick = c.getLong((int) ShapeRules.broadcastIndex(i, out, c.shape())) != 0;
      TensorData from = pick ? x : y;
      ByteBuffer src = pick ? xs : ys;
      int at = (int) ShapeRules.broadcastIndex(i, out, from.shape()) * size;
      for (int k = 0; k < size; k++) {
        buf.put(src.get(at + k));
      }
    }
    return new TensorData(x.type(), out, buf.flip());
  }

  private TensorData unaryFunction(TensorData x, UnaryCall call) {
    if (!x.type().isFloat()) {
      throw unsupported(call.function() + " of " + x.type() + " values is not supported");
    }
    double[] v = x.toDoubles();
    for (int i = 0; i < v.length; i++) {
      v[i] = call.apply(v[i]);
    }
    return TensorData.ofDoubles(x.type(), v, x.shape());
  }

  private TensorData negate(TensorData x) {
    if (x.type().isFloat()) {
      double[] v = x.toDoubles();
      for (int i = 0; i < v.length; i++) {
        v[i] = -v[i];
      }
      return TensorData.ofDoubles(x.type(), v, x.shape());
    }
    ByteBuffer buf = ByteBuffer.allocate((int) x.count() * x.type().bytes());
    buf.order(ByteOrder.LITTLE_ENDIAN);
    for (long v : x.toLongs()) {
      putLong(buf, x.type(), -v);
    }
    return new TensorData(x.type(), x.shape(), buf.flip());
  }

  /** Returns the per-element index into a scale or zero point that is per tensor or per axis. */
  private int[] quantIndex(TensorData x, TensorData scale) {
    long[] s = x.shape();
    int n = (int) x.count();
    int[] idx = new int[n];
    long block = node.attrs().i("block_size", 0);
    if (block > 0) {
      return blockIndex(x, scale, block);
    }
    if (scale.count() == 1) {
      return idx;
    }
    if (scale.rank() != 1) {
      throw bad("scale " + scale + " is neither a scalar nor a vector, and block_size is 0");
    }
    int axis = ShapeRules.axis(node.attrs().i("axis", 1), s.length, "axis");
    if (scale.count() != s[axis]) {
      throw bad("per-axis scale " + scale + " does not match dimension " + axis + " of " + x);
    }
    long inner = ShapeRules.aroundAxis(s, axis)[2];
    for (int i = 0; i < n; i++) {
      idx[i] = (int) ((i / inner) % s[axis]);
    }
    return idx;
  }

  /**
   * Blocked quantization (opset 21): the scale has x's rank, with {@code ceil(x_dim / block)}
   * entries along the axis and x's dimensions elsewhere; an element uses the scale of its block.
   */
  private int[] blockIndex(TensorData x, TensorData scale, long block) {
    long[] s = x.shape();
    long[] c = scale.shape();
    int axis = ShapeRules.axis(node.attrs().i("axis", 1), s.length, "axis");
    boolean fits = c.length == s.length;
    for (int d = 0; fits && d < s.length; d++) {
      fits = c[d] == (d == axis ? (s[d] + block - 1) / block : s[d]);
    }
    if (!fits) {
      throw bad("blocked scale " + scale + " does not fit " + x + " with block_size " + block);
    }
    int n = (int) x.count();
    int[] idx = new int[n];
    long[] coords = new long[s.length];
    for (int i = 0; i < n; i++) {
      long k = 0;
      for (int d = 0; d < s.length; d++) {
        k = k * c[d] + (d == axis ? coords[d] / block : coords[d]);
      }
      idx[i] = (int) k;
      for (int d = s.length - 1; d >= 0 && ++coords[d] == s[d]; d--) {
        coords[d] = 0;
      }
    }
    return idx;
  }

  private TensorData dequantize(TensorData x, TensorData scale, TensorData zp) {
    int[] idx = quantIndex(x, scale);
    float[] s = scale.toFloats();
    long[] z = zp == null ? new long[s.length] : zp.toLongs();
    if (z.length != s.length) {
      throw bad("zero point " + zp + " does not match scale " + scale);
    }
    long[] q = x.toLongs();
    float[] out = new float[q.length];
    for (int i = 0; i < q.length; i++) {
      out[i] = (float) (q[i] - z[idx[i]]) * s[idx[i]];
    }
    TensorData f = TensorData.ofFloats(out, x.shape());
    return scale.type() == DataType.FLOAT
        ? f
        : TensorData.ofDoubles(scale.type(), f.toDoubles(), x.shape());
  }

  /** A loss's {@code reduction} (default mean). */
  private String reduction() {
    return node.attrs().s("reduction", "mean");
  }

  /** A loss's {@code ignore_index}, or null when it has none. */
  private Long ignoreIndex() {
    return node.attrs().has("ignore_index") ? node.attrs().i("ignore_index", 0) : null;
  }

  /** DFT's axis: the attribute (default 1), counted from the back when negative. */
  private int dftAxis(int rank) {
    long axis = node.attrs().i("axis", 1);
    return (int) (axis < 0 ? axis + rank : axis);
  }

  /** Every output of an operator of {@code MULTI_OUTPUT}. */
  private List<TensorData> all(List<TensorData> ins) {
    Attributes a = node.attrs();
    return switch (node.op()) {
      case SPLIT -> split(ins);
      case MAX_POOL -> HostConvPool.maxPoolWithIndices(in(ins, 0), a);
      case UNIQUE ->
          HostMath.unique(in(ins, 0), a.has("axis") ? a.i("axis", 0) : null, a.i("sorted", 1) != 0);
      case RNN, GRU, LSTM -> HostRecurrent.run(node.op(), ins, a);
      case SOFTMAX_CROSS_ENTROPY_LOSS ->
          HostLosses.softmaxCrossEntropy(
              in(ins, 0), in(ins, 1), opt(ins, 2), reduction(), ignoreIndex());
      case DYNAMIC_QUANTIZE_LINEAR -> dynamicQuantize(in(ins, 0));
      default -> throw new IllegalStateException(node.op() + " has one output");
    };
  }

  /**
   * DynamicQuantizeLinear: the uint8 grid of the range of x widened to hold 0, {@code scale = (max
   * - min) / 255} and {@code zero point = round(clamp(-min / scale, 0, 255))} in float32 with ties
   * to even, then x quantized on it (an all-zero input: scale 0, zero point 0, codes 0).
   */
  private List<TensorData> dynamicQuantize(TensorData x) {
    float[] v = x.toFloats();
    float min = 0f;
    float max = 0f;
    for (float f : v) {
      min = Math.min(min, f);
      max = Math.max(max, f);
    }
    float scale = (max - min) / 255f;
    float zeroPoint =
        scale == 0f ? 0f : (float) Math.rint(Math.max(0f, Math.min(255f, -min / scale)));
    TensorData s = TensorData.ofFloats(new float[] {scale});
    TensorData z = TensorData.ofDoubles(DataType.UINT8, new double[] {zeroPoint});
    TensorData y =
        scale == 0f
            ? TensorData.ofDoubles(DataType.UINT8, new double[v.length], x.shape())
            : quantize(x, s, z);
    return List.of(y, s, z);
  }

  private TensorData quantize(TensorData x, TensorData scale, TensorData zp) {
    int[] idx = quantIndex(x, scale);
    float[] s = scale.toFloats();
    DataType type = zp == null ? DataType.UINT8 : zp.type();
    long[] z = zp == null ? new long[s.length] : zp.toLongs();
    long lo;
    long hi;
    switch (type) {
      case UINT8:
        lo = 0;
        hi = 255;
        break;
      case INT8:
        lo = -128;
        hi = 127;
        break;
      case UINT16:
        lo = 0;
        hi = 65535;
        break;
      case INT16:
        lo = -32768;
        hi = 32767;
        break;
      default:
        throw unsupported("quantization to " + type);
    }
    float[] v = x.toFloats();
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      double r = Math.rint(v[i] / s[idx[i]]) + z[idx[i]];
      out[i] = Math.max(lo, Math.min(hi, r));
    }
    return TensorData.ofDoubles(type, out, x.shape());
  }

  private TensorData transpose(TensorData x, long[] perm) {
    long[] s = x.shape();
    int r = s.length;
    long[] p = perm;
    if (p == null) {
      p = new long[r];
      for (int i = 0; i < r; i++) {
        p[i] = r - 1 - i;
      }
    }
    if (p.length != r) {
      throw bad("perm " + Arrays.toString(p) + " does not fit rank " + r);
    }
    long[] out = new long[r];
    boolean[] seen = new boolean[r];
    for (int i = 0; i < r; i++) {
      int a = ShapeRules.axis(p[i], r, "perm entry");
      if (seen[a]) {
        throw bad("perm " + Arrays.toString(p) + " is not a permutation");
      }
      seen[a] = true;
      out[i] = s[a];
    }
    long[] inStrides = ShapeRules.strides(s);
    long[] srcStrides = new long[r];
    for (int i = 0; i < r; i++) {
      srcStrides[i] = inStrides[ShapeRules.axis(p[i], r, "perm entry")];
    }
    return stridedGather(x, out, 0, srcStrides);
  }

  private TensorData slice(List<TensorData> ins) {
    TensorData x = in(ins, 0);
    long[] s = x.shape();
    int r = s.length;
    SliceGeometry geometry;
    try {
      geometry = SliceGeometry.of(s, k -> opt(ins, k) == null ? null : ins.get(k).toLongs());
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage());
    }
    long[] begin = geometry.begin();
    long[] step = geometry.step();
    long[] out = geometry.out();
    long[] inStrides = ShapeRules.strides(s);
    long base = 0;
    long[] srcStrides = new long[r];
    for (int i = 0; i < r; i++) {
      base += begin[i] * inStrides[i];
      srcStrides[i] = step[i] * inStrides[i];
    }
    return stridedGather(x, out, base, srcStrides);
  }

  /**
   * Folds every node of the graph whose inputs are all constants and whose operator is foldable;
   * folded nodes are removed and their outputs become constants.
   *
   * @param g the graph
   */
  public static void foldAll(IrGraph g) {
    foldAll(g, true);
  }

  /**
   * Folds like {@link #foldAll(IrGraph)}, optionally leaving QuantizeLinear and DequantizeLinear
   * nodes alone (so that quantized weights stay 8-bit until their patterns are recognised).
   *
   * @param g the graph
   * @param quantization whether to fold QuantizeLinear and DequantizeLinear too
   */
  public static void foldAll(IrGraph g, boolean quantization) {
    List<IrNode> kept = new ArrayList<>();
    for (IrNode n : g.nodes()) {
      boolean skip = !quantization && (n.op() == Op.DEQUANTIZE || n.op() == Op.QUANTIZE);
      if (!skip && foldable(n) && allConstant(g, n)) {
        List<TensorData> ins = new ArrayList<>();
        for (String in : n.inputs()) {
          ins.add(in.isEmpty() ? null : g.constant(in));
        }
        List<TensorData> outs = evaluateAll(g.source(), n, ins);
        for (int k = 0; k < outs.size(); k++) {
          if (!n.outputs().get(k).isEmpty()) {
            g.constants().put(n.outputs().get(k), outs.get(k));
          }
        }
      } else {
        kept.add(n);
      }
    }
    g.setNodes(kept);
  }

  private static boolean allConstant(IrGraph g, IrNode n) {
    if (n.outputs().size() != 1) {
      return false;
    }
    for (String in : n.inputs()) {
      if (!in.isEmpty() && !g.isConstant(in)) {
        return false;
      }
    }
    return true;
  }
}
