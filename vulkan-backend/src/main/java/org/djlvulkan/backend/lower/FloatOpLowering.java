package org.djlvulkan.backend.lower;

import static java.util.Map.entry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ir.Attributes;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.ir.ShapeRules;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.ops.BinaryOp;
import org.djlvulkan.backend.ops.Pool2dParams;
import org.djlvulkan.backend.ops.ShapeOps;
import org.djlvulkan.backend.ops.UnaryCall;
import org.djlvulkan.backend.ops.UnaryFunction;
import org.djlvulkan.backend.ops.fp.BatchNormOps;
import org.djlvulkan.backend.ops.fp.BatchNormParams;
import org.djlvulkan.backend.ops.fp.ConcatOps;
import org.djlvulkan.backend.ops.fp.ElementwiseOps;
import org.djlvulkan.backend.ops.fp.PoolOps;
import org.djlvulkan.backend.ops.fp.SoftmaxOps;
import org.djlvulkan.backend.passes.ActivationFusion;

/**
 * Lowers the float operators (and the shape operators, which also carry quantized tensors) to the
 * op library. Each method returns the node's first output.
 */
final class FloatOpLowering {
  /**
   * The operators that take values of rank 5 and 6 (the others run up to rank 4): the layout
   * operators, and softmax and log-softmax, which run on a rank-3 view around their axis.
   */
  static final Set<Op> HIGH_RANK_OPS =
      Set.of(
          Op.RESHAPE,
          Op.FLATTEN,
          Op.SQUEEZE,
          Op.UNSQUEEZE,
          Op.TRANSPOSE,
          Op.IDENTITY,
          Op.DROPOUT,
          Op.SOFTMAX,
          Op.LOG_SOFTMAX);

  /** The operators that are one {@link BinaryOp} of their two inputs. */
  private static final Map<Op, BinaryOp> BINARY =
      new EnumMap<>(
          Map.ofEntries(
              entry(Op.ADD, BinaryOp.ADD),
              entry(Op.SUB, BinaryOp.SUB),
              entry(Op.MUL, BinaryOp.MUL),
              entry(Op.DIV, BinaryOp.DIV),
              entry(Op.POW, BinaryOp.POW),
              entry(Op.PRELU, BinaryOp.PRELU),
              entry(Op.EQUAL, BinaryOp.EQUAL),
              entry(Op.LESS, BinaryOp.LESS),
              entry(Op.GREATER, BinaryOp.GREATER),
              entry(Op.LESS_OR_EQUAL, BinaryOp.LESS_EQUAL),
              entry(Op.GREATER_OR_EQUAL, BinaryOp.GREATER_EQUAL),
              entry(Op.AND, BinaryOp.AND),
              entry(Op.OR, BinaryOp.OR),
              entry(Op.XOR, BinaryOp.XOR)));

  /**
   * Element-wise operators, which also take ranks 5 and 6: unary ones on the 4-D view as it is,
   * binary ones after merging the dimensions that broadcast alike ({@link #binary}).
   */
  static final Set<Op> ELEMENTWISE = elementwiseOperators();

  private static Set<Op> elementwiseOperators() {
    Set<Op> s = EnumSet.copyOf(BINARY.keySet());
    s.addAll(
        List.of(
            Op.MIN,
            Op.MAX,
            Op.SUM,
            Op.MEAN,
            Op.NOT,
            Op.WHERE,
            Op.RELU,
            Op.SIGMOID,
            Op.HARD_SIGMOID,
            Op.HARD_SWISH,
            Op.EXP,
            Op.TANH,
            Op.LOG,
            Op.SQRT,
            Op.RECIPROCAL,
            Op.ABS,
            Op.FLOOR,
            Op.CEIL,
            Op.ROUND,
            Op.ERF,
            Op.LEAKY_RELU,
            Op.ELU,
            Op.SELU,
            Op.SOFTPLUS,
            Op.SOFTSIGN,
            Op.MISH,
            Op.GELU,
            Op.NEG,
            Op.SIGN,
            Op.SHRINK,
            Op.THRESHOLDED_RELU,
            Op.CELU));
    return Set.copyOf(s);
  }

  private final LoweringContext cx;
  private final GraphBuilder g;
  private final LayoutLowering layout;
  private final NormLowering norms;
  private final BroadcastLowering broadcast;
  private final ConvMatMulLowering contractions;

  FloatOpLowering(LoweringContext cx) {
    this.cx = cx;
    this.g = cx.builder();
    this.layout = new LayoutLowering(cx);
    this.norms = new NormLowering(cx);
    this.broadcast = new BroadcastLowering(cx);
    this.contractions = new ConvMatMulLowering(cx, broadcast);
  }

  /** Returns the broadcasting element-wise lowering (binary operators, Where, folds). */
  BroadcastLowering broadcast() {
    return broadcast;
  }

  /** Returns the lowering of convolution, Gemm, MatMul and linear layers. */
  ConvMatMulLowering contractions() {
    return contractions;
  }

  DeviceTensor lower(IrNode n) {
    if (!HIGH_RANK_OPS.contains(n.op()) && !ELEMENTWISE.contains(n.op())) {
      for (int i = 0; i < n.inputs().size(); i++) {
        if (n.input(i).isEmpty()) {
          continue;
        }
        TensorData c = cx.isRuntime(n.input(i)) ? null : cx.constantOrNull(n.input(i));
        long[] shape =
            c != null ? c.shape() : cx.isRuntime(n.input(i)) ? cx.stored(n, i).shape() : null;
        if (shape != null && shape.length > 4) {
          throw cx.unsupported(
              n,
              "input '"
                  + n.input(i)
                  + "' "
                  + Arrays.toString(shape)
                  + " has rank above 4, which only the layout and element-wise operators take");
        }
      }
    }
    if (ONE_D_AS_TWO_D.contains(n.op())
        && cx.isRuntime(n.input(0))
        && cx.stored(n, 0).rank() == 3) {
      return oneDimensional(n);
    }
    BinaryOp binaryOp = BINARY.get(n.op());
    if (binaryOp != null) {
      // Only the operators that take an activation have one fused (ActivationFusion).
      DeviceTensor a = cx.tensor(n, 0);
      DeviceTensor b = cx.tensor(n, 1);
      // An add of an operand that a GEMM convolution produced for it alone runs in that
      // convolution's last pass (ElementwiseOps.residualAdd; LoweringContext.put forgets the
      // passes of a value with other readers).
      if (binaryOp == BinaryOp.ADD
          && Arrays.equals(a.shape(), b.shape())
          && a.shape().length <= 4) {
        Value sum = ElementwiseOps.residualAdd(g, a.value(), b.value(), n.activation());
        if (sum != null) {
          return cx.shaped(n, sum, a.shape(), null);
        }
      }
      return broadcast.binary(n, binaryOp, a, b, n.activation());
    }
    switch (n.op()) {
      case CONV:
        return contractions.conv(n);
      case CONV_TRANSPOSE:
        return contractions.convTranspose(n, cx.tensor4(n));
      case GEMM:
        return contractions.gemm(n);
      case MAT_MUL:
        return contractions.matMul(n);
      case SUM:
        return broadcast.fold(n, BinaryOp.ADD);
      case MIN:
        return broadcast.fold(n, BinaryOp.MIN);
      case MAX:
        return broadcast.fold(n, BinaryOp.MAX);
      case MEAN:
        {
          DeviceTensor total = broadcast.fold(n, BinaryOp.ADD);
          Value mean =
              ElementwiseOps.unary(
                  g, total.value(), UnaryFunction.AFFINE, 1f / inputs(n, 0).size(), 0f);
          return cx.shaped(n, mean, total.shape(), null);
        }
      case EXP:
        return unary(n, ElementwiseOps.exp(g, x(n).value()));
      case REDUCE_MAX:
      case REDUCE_SUM:
      case REDUCE_MEAN:
      case REDUCE_MIN:
      case REDUCE_PROD:
      case REDUCE_L1:
      case REDUCE_L2:
      case REDUCE_LOG_SUM:
      case REDUCE_LOG_SUM_EXP:
      case REDUCE_SUM_SQUARE:
        return new ReduceLowering(cx).reduce(n, x(n));
      case NOT:
        return unary(n, ElementwiseOps.unary(g, x(n).value(), UnaryFunction.NOT, 0f, 0f));
      case WHERE:
        return broadcast.where(n);
      case TOP_K:
        return new ReduceLowering(cx).topK(n, x(n));
      case ARG_MAX:
      case ARG_MIN:
        return new ReduceLowering(cx).argExtreme(n, x(n));
      case RELU:
        return unary(n, ElementwiseOps.relu(g, x(n).value()));
      case CLIP:
        {
          Activation a = ActivationFusion.activationOf(cx.ir(), n);
          if (a == null) {
            throw cx.unsupported(n, "Clip bounds must be constants with min <= max");
          }
          DeviceTensor x = x(n);
          Value y = ElementwiseOps.clamp(g, x.value(), a.lo(), a.hi());
          return cx.shaped(n, y, x.shape(), keepsIntegers(x.quant(), a) ? x.quant() : null);
        }
      case SIGMOID:
      case HARD_SIGMOID:
      case HARD_SWISH:
      case TANH:
      case LOG:
      case SQRT:
      case RECIPROCAL:
      case NEG:
      case ABS:
      case FLOOR:
      case CEIL:
      case ROUND:
      case ERF:
      case LEAKY_RELU:
      case ELU:
      case SELU:
      case SOFTPLUS:
      case SOFTSIGN:
      case MISH:
      case GELU:
      case SIGN:
      case SHRINK:
      case THRESHOLDED_RELU:
      case CELU:
        {
          UnaryCall call = UnaryCall.of(n).orElseThrow();
          return unary(
              n, ElementwiseOps.unary(g, x(n).value(), call.function(), call.alpha(), call.beta()));
        }
      case MAX_POOL:
        return maxPool(n, x(n));
      case AVERAGE_POOL:
        return pooled(
            n,
            PoolOps.avgPool2d(g, cx.tensor4(n).value(), cx.windows().pool(n, cx.tensor4(n))),
            null);
      case LP_POOL:
        return lpPool(n, cx.tensor4(n));
      case GLOBAL_AVERAGE_POOL:
        return pooled(n, PoolOps.globalAvgPool(g, cx.tensor4(n).value()), null);
      case GLOBAL_MAX_POOL:
        {
          DeviceTensor x = cx.tensor4(n);
          int h = x.value().spec().h();
          int w = x.value().spec().w();
          Pool2dParams whole = new Pool2dParams(h, w, 1, 1, 0, 0, 0, 0, 1, 1, false, false);
          return pooled(n, PoolOps.maxPool2d(g, x.value(), whole), null);
        }
      case BATCH_NORM:
        return batchNorm(n);
      case SOFTMAX:
        return softmax(n);
      case CONCAT:
        return concat(n, inputs(n, 0), null);
      case FLATTEN:
      case RESHAPE:
      case SQUEEZE:
      case UNSQUEEZE:
        {
          DeviceTensor x = x(n);
          return view(n, x, cx.views().shape(n, x.shape()));
        }
      case TRANSPOSE:
        return layout.transpose(n, x(n));
      case DEPTH_TO_SPACE:
        return layout.depthToSpace(n, x(n));
      case SPACE_TO_DEPTH:
        return layout.spaceToDepth(n, x(n));
      case SPLIT:
        return layout.split(n, x(n));
      case PAD:
        return layout.pad(n, x(n));
      case EXPAND:
        return layout.expand(n, x(n));
      case TILE:
        return tile(n, x(n));
      case GATHER:
        return gather(n, x(n));
      case CUM_SUM:
        return cumSum(n);
      case GATHER_ELEMENTS:
        throw cx.unsupported(n, "has no device kernel (the host evaluates it)");
      case RESIZE:
      case UPSAMPLE:
        return layout.resize(n, x(n));
      case LOG_SOFTMAX:
        return norms.logSoftmax(n, x(n));
      case INSTANCE_NORM:
        return norms.instanceNorm(n, x(n));
      case GROUP_NORM:
        return norms.groupNorm(n, x(n));
      case LAYER_NORM:
        return norms.layerNorm(n, x(n));
      case MEAN_VARIANCE_NORM:
        return norms.meanVarianceNorm(n, x(n));
      case LRN:
        return norms.lrn(n, x(n));
      case SLICE:
        return layout.slice(n, x(n));
      case IDENTITY:
      case DROPOUT:
        return x(n);
      case CAST:
        {
          int to = (int) n.attrs().i("to", 0);
          // Float tensors compute in fp32 whatever their declared float type.
          if (to != 1 && to != 10 && to != 11) {
            throw cx.unsupported(n, "Cast of a runtime tensor to a non-float type");
          }
          return x(n);
        }
      default:
        throw cx.unsupported(n, "not implemented");
    }
  }

  private DeviceTensor x(IrNode n) {
    return cx.tensor(n, 0);
  }

  /**
   * Returns whether a Clip keeps an 8-bit tensor that holds its integers (scale 1, zero point 0, an
   * integer graph input) an 8-bit tensor: each bound absent (infinite) or an integer of the type's
   * range, as ONNX's Clip of int8/uint8 has, so that the clamped values are integers of that type.
   */
  private static boolean keepsIntegers(Quant q, Activation clip) {
    return q != null
        && q.scale() == 1f
        && q.zeroPoint() == 0
        && integerBound(clip.lo(), q)
        && integerBound(clip.hi(), q);
  }

  private static boolean integerBound(float bound, Quant q) {
    return Float.isInfinite(bound)
        || (bound == Math.rint(bound) && bound >= q.min() && bound <= q.max());
  }

  DeviceTensor unary(IrNode n, Value out) {
    DeviceTensor x = x(n);
    return cx.shaped(n, out, x.shape(), null);
  }

  /** The operators whose 1-D form (a rank-3 input {@code [N, C, L]}) runs as 2-D with H = 1. */
  private static final Set<Op> ONE_D_AS_TWO_D =
      Set.of(
          Op.CONV,
          Op.CONV_TRANSPOSE,
          Op.MAX_POOL,
          Op.AVERAGE_POOL,
          Op.GLOBAL_AVERAGE_POOL,
          Op.GLOBAL_MAX_POOL);

  /**
   * Runs a 1-D convolution or pooling as its 2-D form: the input viewed as {@code [N, C, 1, L]},
   * the weights as {@code [.., .., 1, K]}, every spatial attribute given a leading H entry (kernel
   * 1, stride 1, dilation 1, pads 0); the result viewed back as rank 3.
   */
  private DeviceTensor oneDimensional(IrNode n) {
    DeviceTensor x = cx.stored(n, 0);
    long[] s = x.shape();
    String viewed = n.name() + ":2d";
    cx.put(viewed, cx.shaped(n, x.value(), new long[] {s[0], s[1], 1, s[2]}, x.quant()));
    List<String> inputs = new ArrayList<>(n.inputs());
    inputs.set(0, viewed);
    if (n.op() == Op.CONV || n.op() == Op.CONV_TRANSPOSE) {
      TensorData w = cx.constant(n, 1, "the weights");
      long[] ws = w.shape();
      if (ws.length != 3) {
        throw cx.unsupported(n, "1-D weights must have rank 3, are " + Arrays.toString(ws));
      }
      String w2 = n.name() + ":weights2d";
      cx.putConstant(w2, w.reshape(ws[0], ws[1], 1, ws[2]));
      inputs.set(1, w2);
    }
    Attributes a = n.attrs();
    Attributes.Builder b = Attributes.builder();
    prepend(b, a, "kernel_shape", 1);
    prepend(b, a, "strides", 1);
    prepend(b, a, "dilations", 1);
    prepend(b, a, "output_padding", 0);
    long[] pads = a.ints("pads");
    if (pads != null && pads.length == 2) {
      b.ints("pads", 0, pads[0], 0, pads[1]);
    }
    long[] outputShape = a.ints("output_shape");
    if (outputShape != null) {
      b.ints("output_shape", 1, outputShape[outputShape.length - 1]);
    }
    IrNode two =
        new IrNode(
            n.name(), n.op(), n.label(), inputs, n.outputs(), a.with(b.build()), n.activation());
    DeviceTensor y = lower(two);
    long[] ys = y.shape();
    return cx.shaped(n, y.value(), new long[] {ys[0], ys[1], ys[3]}, y.quant());
  }

  /** Sets a 1-D int-list attribute's 2-D form: {@code lead} for H, then the given value. */
  private static void prepend(Attributes.Builder b, Attributes a, String name, long lead) {
    long[] v = a.ints(name);
    if (v != null && v.length == 1) {
      b.ints(name, lead, v[0]);
    }
  }

  List<DeviceTensor> inputs(IrNode n, int from) {
    List<DeviceTensor> out = new ArrayList<>();
    for (int i = from; i < n.inputs().size(); i++) {
      out.add(cx.tensor(n, i));
    }
    return out;
  }

  DeviceTensor pooled(IrNode n, Value out, Quant quant) {
    return cx.shaped(n, out, out.spec().shape(), quant);
  }

  /**
   * LpPool: {@code (sum over the window of |x|^p)^(1/p)}, as {@code |x|^p}, an average pool that
   * counts the padding (zeros, which add nothing) scaled back to the window's sum, then the p-th
   * root. Ceil mode is refused (its clipped windows would not be averaged over the whole window),
   * and so is dilation (the average pool has none).
   */
  private DeviceTensor lpPool(IrNode n, DeviceTensor x) {
    if (n.attrs().i("ceil_mode", 0) != 0) {
      throw cx.unsupported(n, "ceil_mode = 1 is not supported for LpPool");
    }
    float p = n.attrs().i("p", 2);
    if (!(p > 0)) {
      throw cx.unsupported(n, "p " + p + " must be positive");
    }
    Pool2dParams params = cx.windows().pool(n, x);
    Pool2dParams counted =
        new Pool2dParams(
            params.kernelH(),
            params.kernelW(),
            params.strideH(),
            params.strideW(),
            params.padTop(),
            params.padLeft(),
            params.padBottom(),
            params.padRight(),
            params.dilationH(),
            params.dilationW(),
            false,
            true);
    DeviceTensor exponent = scalar(n, "p", p);
    DeviceTensor root = scalar(n, "1/p", 1 / p);
    Value magnitude = ElementwiseOps.unary(g, x.value(), UnaryFunction.ABS, 0f, 0f);
    DeviceTensor powered =
        broadcast.binary(
            n, BinaryOp.POW, cx.shaped(n, magnitude, x.shape(), null), exponent, Activation.NONE);
    Value mean = PoolOps.avgPool2d(g, powered.value(), counted);
    Value sum =
        ElementwiseOps.unary(
            g, mean, UnaryFunction.AFFINE, (float) params.kernelH() * params.kernelW(), 0f);
    DeviceTensor summed = pooled(n, sum, null);
    return broadcast.binary(n, BinaryOp.POW, summed, root, Activation.NONE);
  }

  /** A float scalar of the node, uploaded as a [1, 1, 1, 1] tensor that broadcasts everywhere. */
  private DeviceTensor scalar(IrNode n, String what, float v) {
    long[] one = {1, 1, 1, 1};
    return cx.materialize(
        n, n.name() + "::" + what, TensorData.ofFloats(new float[] {v}, one), one);
  }

  DeviceTensor maxPool(IrNode n, DeviceTensor x) {
    if (n.outputs().size() > 1 && !n.outputs().get(1).isEmpty()) {
      throw cx.unsupported(n, "the Indices output is not supported");
    }
    if (x.rank() != 4) {
      throw cx.unsupported(n, "input " + Arrays.toString(x.shape()) + " must be 4-D");
    }
    try {
      return pooled(n, PoolOps.maxPool2d(g, x.value(), cx.windows().pool(n, x)), x.quant());
    } catch (IllegalArgumentException e) {
      throw cx.unsupported(n, e.getMessage());
    }
  }

  private DeviceTensor batchNorm(IrNode n) {
    for (int i = 1; i < n.outputs().size(); i++) {
      if (!n.outputs().get(i).isEmpty()) {
        throw cx.unsupported(n, "training-mode outputs are not supported");
      }
    }
    DeviceTensor x = x(n);
    BatchNormParams p =
        new BatchNormParams(
            cx.constant(n, 1, "scale").toFloats(),
            cx.constant(n, 2, "bias").toFloats(),
            cx.constant(n, 3, "mean").toFloats(),
            cx.constant(n, 4, "var").toFloats(),
            n.attrs().f("epsilon", 1e-5f));
    try {
      return unary(n, BatchNormOps.batchNorm(g, x.value(), p, n.activation()));
    } catch (IllegalArgumentException e) {
      throw cx.unsupported(n, e.getMessage());
    }
  }

  private DeviceTensor softmax(IrNode n) {
    DeviceTensor x = x(n);
    int r = x.rank();
    long axisAttr = n.attrs().i("axis", -1);
    int axis = (int) (axisAttr < 0 ? axisAttr + r : axisAttr);
    if (axis < 0 || axis >= r) {
      throw cx.unsupported(n, "axis " + axisAttr + " out of range for rank " + r);
    }
    long inner = ShapeRules.aroundAxis(x.shape(), axis)[2];
    boolean flatten = n.attrs().i(Attributes.FLATTEN_FROM_AXIS, 0) != 0 && inner != 1;
    if (r > 4 && !flatten) {
      // Above rank 4 (MaxViT's attention, [1, 64, 2, 49, 49]): over the axis of the rank-3 view
      // [before, axis, after], then the input's shape back.
      DeviceTensor v = cx.shaped(n, x.value(), ShapeRules.aroundAxis(x.shape(), axis), null);
      return cx.shaped(n, SoftmaxOps.softmax(g, v.value(), 1), x.shape(), null);
    }
    if (!flatten) {
      return unary(n, SoftmaxOps.softmax(g, x.value(), axis));
    }
    // Before opset 13: softmax over the flattened [axis, rank) block.
    long[] flat = ShapeRules.flattenedShape(x.shape(), axis);
    DeviceTensor f = cx.shaped(n, x.value(), flat, null);
    Value y = SoftmaxOps.softmax(g, f.value(), 1);
    return cx.shaped(n, y, x.shape(), null);
  }

  /** The longest axis a cumulative sum runs along (its triangle of ones is length^2 floats). */
  static final int CUMSUM_MAX_LENGTH = 4096;

  /**
   * CumSum as a matrix product with a triangle of ones along the axis ({@code y[..., j] = sum_i
   * x[..., i] * T[i][j]}: {@code i <= j}, or {@code i >= j} with {@code reverse}, without {@code i
   * == j} when {@code exclusive}), the axis moved last and back by transposes: nodes standing for
   * {@code n} that the float lowering runs.
   */
  private DeviceTensor cumSum(IrNode n) {
    DeviceTensor x = x(n);
    int r = x.rank();
    int axis = ShapeRules.axis(cx.constant(n, 1, "the axis").getLong(0), r, "axis");
    long length = x.shape()[axis];
    if (length > CUMSUM_MAX_LENGTH) {
      throw cx.unsupported(
          n, "cumulative sum along " + length + " elements (up to " + CUMSUM_MAX_LENGTH + " run)");
    }
    int len = (int) length;
    boolean exclusive = n.attrs().i("exclusive", 0) != 0;
    boolean reverse = n.attrs().i("reverse", 0) != 0;
    float[] triangle = new float[len * len];
    for (int i = 0; i < len; i++) {
      for (int j = 0; j < len; j++) {
        boolean summed = (reverse ? i >= j : i <= j) && !(exclusive && i == j);
        triangle[i * len + j] = summed ? 1f : 0f;
      }
    }
    String ones = n.output() + "::triangle";
    cx.putConstant(ones, TensorData.ofFloats(triangle, len, len));
    if (axis == r - 1) {
      return lower(standIn(n, Op.MAT_MUL, List.of(n.input(0), ones), n.output(), Attributes.NONE));
    }
    long[] perm = new long[r];
    for (int d = 0; d < r; d++) {
      perm[d] = d == axis ? r - 1 : d == r - 1 ? axis : d;
    }
    Attributes swap = Attributes.builder().ints("perm", perm).build();
    String moved = n.output() + "::moved";
    cx.put(moved, lower(standIn(n, Op.TRANSPOSE, List.of(n.input(0)), moved, swap)));
    String summed = n.output() + "::summed";
    cx.put(summed, lower(standIn(n, Op.MAT_MUL, List.of(moved, ones), summed, Attributes.NONE)));
    return lower(standIn(n, Op.TRANSPOSE, List.of(summed), n.output(), swap));
  }

  /** A node of another operator that stands for {@code n} (its name and label in messages). */
  private static IrNode standIn(IrNode n, Op op, List<String> inputs, String output, Attributes a) {
    return new IrNode(n.name(), op, n.label(), inputs, List.of(output), a, Activation.NONE);
  }

  /** The most indices a Gather of a run-time tensor takes (one strided copy each). */
  private static final int MAX_GATHER_INDICES = 64;

  /**
   * Gather of a run-time tensor with constant indices: one slice per index along the axis,
   * concatenated, then viewed with the indices' shape in place of the axis.
   */
  private DeviceTensor gather(IrNode n, DeviceTensor x) {
    TensorData indices = cx.constant(n, 1, "the indices");
    int r = x.rank();
    long axisAttr = n.attrs().i("axis", 0);
    int axis = (int) (axisAttr < 0 ? axisAttr + r : axisAttr);
    if (axis < 0 || axis >= r) {
      throw cx.unsupported(n, "axis " + axisAttr + " out of range for rank " + r);
    }
    long[] idx = indices.toLongs();
    if (idx.length == 0 || idx.length > MAX_GATHER_INDICES) {
      throw cx.unsupported(
          n, idx.length + " indices (1 to " + MAX_GATHER_INDICES + " run on a run-time tensor)");
    }
    long len = x.shape()[axis];
    List<DeviceTensor> picked = new ArrayList<>();
    for (long i : idx) {
      long at = i < 0 ? i + len : i;
      if (at < 0 || at >= len) {
        throw cx.unsupported(n, "index " + i + " out of range for an axis of " + len);
      }
      long[] begin = new long[r];
      long[] step = new long[r];
      long[] one = x.shape();
      Arrays.fill(step, 1);
      begin[axis] = at;
      one[axis] = 1;
      picked.add(cx.shaped(n, ShapeOps.slice(g, x.value(), begin, step, one), one, x.quant()));
    }
    DeviceTensor joined = picked.get(0);
    if (picked.size() > 1) {
      joined = concatAlong(n, axis, picked);
    }
    long[] is = indices.shape();
    long[] xs = x.shape();
    long[] out = new long[r - 1 + is.length];
    System.arraycopy(xs, 0, out, 0, axis);
    System.arraycopy(is, 0, out, axis, is.length);
    System.arraycopy(xs, axis + 1, out, axis + is.length, r - axis - 1);
    return cx.shaped(n, joined.value(), out.length == 0 ? new long[] {} : out, x.quant());
  }

  /** Tile: each axis repeated by the repeats input, as a concatenation of copies per axis. */
  private DeviceTensor tile(IrNode n, DeviceTensor x) {
    long[] repeats = cx.constant(n, 1, "the repeats").toLongs();
    if (repeats.length != x.rank()) {
      throw cx.unsupported(
          n, "repeats " + Arrays.toString(repeats) + " do not fit rank " + x.rank());
    }
    DeviceTensor t = x;
    for (int axis = 0; axis < repeats.length; axis++) {
      if (repeats[axis] < 1) {
        throw cx.unsupported(n, "repeat " + repeats[axis] + " on axis " + axis);
      }
      if (repeats[axis] > 1) {
        List<DeviceTensor> copies = new ArrayList<>();
        for (long r = 0; r < repeats[axis]; r++) {
          copies.add(t);
        }
        t = concatAlong(n, axis, copies);
      }
    }
    return t;
  }

  /** Concatenates parts along an axis, as a Concat node standing for {@code n} in messages. */
  private DeviceTensor concatAlong(IrNode n, int axis, List<DeviceTensor> parts) {
    IrNode along =
        new IrNode(
            n.name(),
            Op.CONCAT,
            n.label(),
            n.inputs(),
            n.outputs(),
            Attributes.builder().i("axis", axis).build(),
            Activation.NONE);
    return concat(along, parts, null);
  }

  DeviceTensor concat(IrNode n, List<DeviceTensor> ins, Quant quant) {
    int r = ins.get(0).rank();
    long axisAttr = n.attrs().i("axis", Long.MIN_VALUE);
    long axis = axisAttr < 0 ? axisAttr + r : axisAttr;
    if (axis < 0 || axis >= r) {
      throw cx.malformed(n, "axis " + axisAttr + " is out of range for rank " + r);
    }
    // Another axis is concatenated as the channel axis: a rank-1 input is viewed as [1, n], and
    // the axis is swapped with axis 1 before the concatenation and back after it.
    int lead = r == 1 ? 1 : 0;
    int at = (int) axis + lead;
    int[] swap = new int[r + lead];
    for (int d = 0; d < swap.length; d++) {
      swap[d] = d == at ? 1 : d == 1 ? at : d;
    }
    List<Value> vs = new ArrayList<>();
    for (DeviceTensor t : ins) {
      if (t.rank() != r) {
        throw cx.unsupported(n, "inputs differ in rank");
      }
      Value v = lead == 0 ? t.value() : broadcast.aligned(n, t, 2);
      vs.add(at == 1 ? v : ShapeOps.permute(g, v, swap));
    }
    try {
      Value out = ConcatOps.cat(g, vs, 1);
      if (at != 1) {
        out = ShapeOps.permute(g, out, swap);
      }
      long[] shape = out.spec().shape();
      return cx.shaped(
          n, out, lead == 0 ? shape : Arrays.copyOfRange(shape, lead, shape.length), quant);
    } catch (IllegalArgumentException e) {
      throw cx.unsupported(n, e.getMessage());
    }
  }

  private DeviceTensor view(IrNode n, DeviceTensor x, long[] shape) {
    try {
      return cx.shaped(n, x.value(), shape, x.quant());
    } catch (IllegalArgumentException e) {
      throw cx.unsupported(n, e.getMessage());
    }
  }
}
