package org.djlvulkan.backend.lower;

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
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.ops.BinaryOp;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.ops.Pool2dParams;
import org.djlvulkan.backend.ops.ShapeOps;
import org.djlvulkan.backend.ops.UnaryCall;
import org.djlvulkan.backend.ops.UnaryFunction;
import org.djlvulkan.backend.ops.fp.BatchNormOps;
import org.djlvulkan.backend.ops.fp.BatchNormParams;
import org.djlvulkan.backend.ops.fp.ConcatOps;
import org.djlvulkan.backend.ops.fp.Conv2dWeights;
import org.djlvulkan.backend.ops.fp.ConvOps;
import org.djlvulkan.backend.ops.fp.ConvTransposeOps;
import org.djlvulkan.backend.ops.fp.ElementwiseOps;
import org.djlvulkan.backend.ops.fp.LinearOps;
import org.djlvulkan.backend.ops.fp.LinearWeights;
import org.djlvulkan.backend.ops.fp.MatMulOps;
import org.djlvulkan.backend.ops.fp.PoolOps;
import org.djlvulkan.backend.ops.fp.SoftmaxOps;
import org.djlvulkan.backend.passes.ActivationFusion;
import org.djlvulkan.backend.passes.ConstantEvaluator;

/**
 * Lowers the float operators (and the shape operators, which also carry quantized tensors) to the
 * op library. Each method returns the node's first output.
 */
final class FloatOpLowering {
  /** The operators that take values of rank 5 and 6 (the others run up to rank 4). */
  static final Set<Op> HIGH_RANK_OPS =
      Set.of(
          Op.RESHAPE, Op.FLATTEN, Op.SQUEEZE, Op.UNSQUEEZE, Op.TRANSPOSE, Op.IDENTITY, Op.DROPOUT);

  /** The operators that are one {@link BinaryOp} of their two inputs. */
  private static final Map<Op, BinaryOp> BINARY = binaryOperators();

  private static Map<Op, BinaryOp> binaryOperators() {
    Map<Op, BinaryOp> m = new EnumMap<>(Op.class);
    m.put(Op.ADD, BinaryOp.ADD);
    m.put(Op.SUB, BinaryOp.SUB);
    m.put(Op.MUL, BinaryOp.MUL);
    m.put(Op.DIV, BinaryOp.DIV);
    m.put(Op.POW, BinaryOp.POW);
    m.put(Op.PRELU, BinaryOp.PRELU);
    m.put(Op.EQUAL, BinaryOp.EQUAL);
    m.put(Op.LESS, BinaryOp.LESS);
    m.put(Op.GREATER, BinaryOp.GREATER);
    m.put(Op.LESS_OR_EQUAL, BinaryOp.LESS_EQUAL);
    m.put(Op.GREATER_OR_EQUAL, BinaryOp.GREATER_EQUAL);
    m.put(Op.AND, BinaryOp.AND);
    m.put(Op.OR, BinaryOp.OR);
    m.put(Op.XOR, BinaryOp.XOR);
    return m;
  }

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
            Op.NEG));
    return Set.copyOf(s);
  }

  private final LoweringContext cx;
  private final GraphBuilder g;
  private final LayoutLowering layout;
  private final NormLowering norms;

  FloatOpLowering(LoweringContext cx) {
    this.cx = cx;
    this.g = cx.builder();
    this.layout = new LayoutLowering(cx);
    this.norms = new NormLowering(cx);
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
      return binary(n, binaryOp, a, b, n.activation());
    }
    switch (n.op()) {
      case CONV:
        return conv(n);
      case CONV_TRANSPOSE:
        return convTranspose(n, x4(n));
      case GEMM:
        return gemm(n);
      case MAT_MUL:
        return matMul(n);
      case SUM:
        return fold(n, BinaryOp.ADD);
      case MIN:
        return fold(n, BinaryOp.MIN);
      case MAX:
        return fold(n, BinaryOp.MAX);
      case MEAN:
        {
          DeviceTensor total = fold(n, BinaryOp.ADD);
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
        return where(n);
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
        {
          UnaryCall call = UnaryCall.of(n).orElseThrow();
          return unary(
              n, ElementwiseOps.unary(g, x(n).value(), call.function(), call.alpha(), call.beta()));
        }
      case MAX_POOL:
        return maxPool(n, x(n));
      case AVERAGE_POOL:
        return pooled(n, PoolOps.avgPool2d(g, x4(n).value(), cx.windows().pool(n, x4(n))), null);
      case LP_POOL:
        return lpPool(n, x4(n));
      case GLOBAL_AVERAGE_POOL:
        return pooled(n, PoolOps.globalAvgPool(g, x4(n).value()), null);
      case GLOBAL_MAX_POOL:
        {
          DeviceTensor x = x4(n);
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
      case RESIZE:
      case UPSAMPLE:
        return layout.resize(n, x(n));
      case LOG_SOFTMAX:
        return norms.logSoftmax(n, x(n));
      case INSTANCE_NORM:
        return norms.instanceNorm(n, x(n));
      case LAYER_NORM:
        return norms.layerNorm(n, x(n));
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

  private DeviceTensor x4(IrNode n) {
    DeviceTensor x = x(n);
    if (x.rank() != 4) {
      throw cx.unsupported(
          n, "input " + Arrays.toString(x.shape()) + " must be 4-D [N, C, H, W] (2-D op)");
    }
    return x;
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

  /**
   * ConvTranspose of a 4-D input with constant weights: output size from {@code output_shape}, or
   * {@code stride * (in - 1) + output_padding + (k - 1) * dilation + 1 - pads}; {@code auto_pad}
   * SAME_UPPER/SAME_LOWER splits the padding as ONNX says.
   */
  private DeviceTensor convTranspose(IrNode n, DeviceTensor x) {
    TensorData w = cx.constant(n, 1, "the weights");
    long[] ws = w.shape();
    if (ws.length != 4) {
      throw cx.unsupported(n, "only 2-D ConvTranspose runs, weights " + Arrays.toString(ws));
    }
    TensorData b = cx.optionalConstant(n, 2, "the bias");
    int groups = (int) n.attrs().i("group", 1);
    int oc = Math.toIntExact(ws[1] * groups);
    int[] k = {(int) ws[2], (int) ws[3]};
    int[] stride = intPair(n.attrs().ints("strides"), 1);
    int[] dil = intPair(n.attrs().ints("dilations"), 1);
    int[] outPad = intPair(n.attrs().ints("output_padding"), 0);
    long[] pads = n.attrs().ints("pads");
    int[] in = {(int) x.shape()[2], (int) x.shape()[3]};
    int[] out = new int[2];
    int[] padBegin = new int[2];
    long[] outputShape = n.attrs().ints("output_shape");
    String autoPad = n.attrs().s("auto_pad", "NOTSET");
    for (int a = 0; a < 2; a++) {
      int full = stride[a] * (in[a] - 1) + outPad[a] + (k[a] - 1) * dil[a] + 1;
      if (outputShape != null || autoPad.startsWith("SAME")) {
        int target =
            outputShape != null ? (int) outputShape[outputShape.length - 2 + a] : in[a] * stride[a];
        int total = Math.max(0, full - target);
        // ONNX: SAME_UPPER puts the smaller half first, otherwise the larger half.
        padBegin[a] = autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
        out[a] = target;
      } else {
        int begin = pads == null ? 0 : (int) pads[a];
        int end = pads == null ? 0 : (int) pads[a + 2];
        padBegin[a] = begin;
        out[a] = full - begin - end;
      }
      if (out[a] <= 0) {
        throw cx.unsupported(n, "output size " + out[a] + " on axis " + (a + 2));
      }
    }
    try {
      Value y =
          ConvTransposeOps.convTranspose2d(
              g,
              x.value(),
              w.toFloats(),
              b == null ? null : b.toFloats(),
              oc,
              new Conv2dParams(
                  k[0],
                  k[1],
                  stride[0],
                  stride[1],
                  dil[0],
                  dil[1],
                  padBegin[0],
                  padBegin[1],
                  0,
                  0,
                  groups),
              out[0],
              out[1]);
      return cx.shaped(n, y, new long[] {x.shape()[0], oc, out[0], out[1]}, null);
    } catch (IllegalArgumentException e) {
      throw cx.unsupported(n, e.getMessage());
    }
  }

  private static int[] intPair(long[] v, int dflt) {
    return v == null ? new int[] {dflt, dflt} : new int[] {(int) v[0], (int) v[1]};
  }

  private DeviceTensor conv(IrNode n) {
    DeviceTensor x = x4(n);
    TensorData w = cx.constant(n, 1, "the weights");
    TensorData b = cx.optionalConstant(n, 2, "the bias");
    return convolution(n, x, w.shape(), w.toFloats(), b == null ? null : b.toFloats(), null);
  }

  /** Adds a convolution with float weights, applying the node's attributes and activation. */
  DeviceTensor convolution(
      IrNode n, DeviceTensor x, long[] ws, float[] weights, float[] bias, Quant quant) {
    Conv2dParams p = cx.windows().conv(n, ws, x.value().spec().h(), x.value().spec().w());
    try {
      Conv2dWeights cw =
          new Conv2dWeights((int) ws[0], (int) ws[1], (int) ws[2], (int) ws[3], weights, bias);
      Value out = ConvOps.conv2d(g, x.value(), cw, p, n.activation());
      return cx.shaped(n, out, out.spec().shape(), quant);
    } catch (IllegalArgumentException e) {
      throw cx.unsupported(n, e.getMessage());
    }
  }

  private DeviceTensor gemm(IrNode n) {
    DeviceTensor a = x(n);
    if (n.attrs().i("transA", 0) != 0) {
      if (a.rank() != 2) {
        throw cx.unsupported(n, "A " + Arrays.toString(a.shape()) + " must be 2-D");
      }
      long[] s = a.shape();
      a = cx.shaped(n, ShapeOps.permute(g, a.value(), 1, 0), new long[] {s[1], s[0]}, null);
    }
    TensorData b = cx.constant(n, 1, "B");
    boolean transB = n.attrs().i("transB", 0) != 0;
    float alpha = n.attrs().f("alpha", 1f);
    float beta = n.attrs().f("beta", 1f);
    if (n.inputs().size() > 2 && cx.isRuntime(n.input(2))) {
      // A C computed at run time is scaled by beta and added after the product.
      DeviceTensor y =
          linear(n, a, b, b.toFloats(), transB, alpha, null, 1f, Activation.NONE, null);
      DeviceTensor c = cx.tensor(n, 2);
      if (beta != 1f) {
        Value scaled = ElementwiseOps.unary(g, c.value(), UnaryFunction.AFFINE, beta, 0f);
        c = cx.shaped(n, scaled, c.shape(), null);
      }
      return binary(n, BinaryOp.ADD, y, c, n.activation());
    }
    TensorData c = cx.optionalConstant(n, 2, "C");
    long outF = b.rank() == 2 ? b.shape()[transB ? 0 : 1] : -1;
    if (c == null || c.count() == 1 || (c.count() == outF && c.shape()[c.rank() - 1] == outF)) {
      float[] bias = c == null ? null : c.toFloats();
      return linear(n, a, b, b.toFloats(), transB, alpha, bias, beta, n.activation(), null);
    }
    // A C that is not one row (a matrix, or a column to broadcast) is added after the product.
    DeviceTensor y = linear(n, a, b, b.toFloats(), transB, alpha, null, 1f, Activation.NONE, null);
    float[] scaled = c.toFloats();
    for (int i = 0; i < scaled.length; i++) {
      scaled[i] *= beta;
    }
    DeviceTensor bias =
        cx.materialize(n, n.input(2) + "::beta", TensorData.ofFloats(scaled, c.shape()), c.shape());
    return binary(n, BinaryOp.ADD, y, bias, n.activation());
  }

  private DeviceTensor matMul(IrNode n) {
    DeviceTensor a = x(n);
    TensorData b = cx.isConstant(n.input(1)) ? cx.constantOrNull(n.input(1)) : null;
    if (a.rank() == 2 && b != null && b.rank() == 2) {
      return linear(n, a, b, b.toFloats(), false, 1f, null, 1f, n.activation(), null);
    }
    return matMulOf(n, a, cx.tensor(n, 1));
  }

  /**
   * MatMul of two device tensors of rank 1 to 4 with NumPy's meaning: a 1-D A is a row [1, K], a
   * 1-D B a column [K, 1], and the added axis leaves the result; batch dimensions broadcast.
   */
  DeviceTensor matMulOf(IrNode n, DeviceTensor a, DeviceTensor bt) {
    if (a.rank() != 1 && bt.rank() != 1) {
      return batchedMatMul(n, a, bt);
    }
    long[] as = a.shape();
    long[] bs = bt.shape();
    DeviceTensor a2 = as.length == 1 ? cx.shaped(n, a.value(), new long[] {1, as[0]}, null) : a;
    DeviceTensor b2 = bs.length == 1 ? cx.shaped(n, bt.value(), new long[] {bs[0], 1}, null) : bt;
    DeviceTensor y = batchedMatMul(n, a2, b2);
    long[] ys = y.shape();
    List<Long> dims = new ArrayList<>();
    for (int k = 0; k < ys.length; k++) {
      boolean addedRow = as.length == 1 && k == ys.length - 2;
      boolean addedColumn = bs.length == 1 && k == ys.length - 1;
      if (!addedRow && !addedColumn) {
        dims.add(ys[k]);
      }
    }
    long[] out = dims.stream().mapToLong(Long::longValue).toArray();
    return cx.shaped(n, y.value(), out.length == 0 ? new long[] {} : out, null);
  }

  /** Adds a MatMul of runtime operands of rank 2 to 4, broadcasting the batch dimensions. */
  DeviceTensor batchedMatMul(IrNode n, DeviceTensor a, DeviceTensor b) {
    if (a.rank() < 2 || b.rank() < 2) {
      throw cx.unsupported(
          n,
          "A "
              + Arrays.toString(a.shape())
              + " and B "
              + Arrays.toString(b.shape())
              + " must have rank 2 to 4");
    }
    long[] as = a.shape();
    long[] bs = b.shape();
    long[] batch;
    try {
      batch =
          ConstantEvaluator.broadcast(
              Arrays.copyOf(as, as.length - 2), Arrays.copyOf(bs, bs.length - 2));
    } catch (IllegalArgumentException e) {
      throw cx.unsupported(n, e.getMessage());
    }
    long[] out = Arrays.copyOf(batch, batch.length + 2);
    out[batch.length] = as[as.length - 2];
    out[batch.length + 1] = bs[bs.length - 1];
    cx.requireRank(n, out, "result");
    try {
      Value y = MatMulOps.matmul(g, aligned(n, a, 4), aligned(n, b, 4));
      return cx.shaped(n, y, out, null);
    } catch (IllegalArgumentException e) {
      throw cx.unsupported(n, e.getMessage());
    }
  }

  /**
   * Adds {@code act(alpha * A * op(B) + beta * C)} for a 2-D runtime A and constant B, with the
   * node's activation.
   */
  /** Adds {@code act(alpha * A * op(B) + beta * C)} for a 2-D runtime A and constant B. */
  DeviceTensor linear(
      IrNode n,
      DeviceTensor a,
      TensorData b,
      float[] bValues,
      boolean transB,
      float alpha,
      float[] c,
      float beta,
      Activation act,
      Quant quant) {
    if (a.rank() != 2) {
      throw cx.unsupported(n, "A " + Arrays.toString(a.shape()) + " must be 2-D");
    }
    if (b.rank() != 2) {
      throw cx.unsupported(n, "B " + b + " must be 2-D");
    }
    long[] bs = b.shape();
    int k = (int) (transB ? bs[1] : bs[0]);
    int outF = (int) (transB ? bs[0] : bs[1]);
    if (a.shape()[1] != k) {
      throw cx.unsupported(
          n, "A " + Arrays.toString(a.shape()) + " and B " + b + " do not multiply");
    }
    try {
      LinearWeights w = LinearWeights.fromGemm(bValues, k, outF, transB, alpha, c, beta);
      Value out = LinearOps.linear(g, a.value(), w, act);
      return cx.shaped(n, out, new long[] {a.shape()[0], outF}, quant);
    } catch (IllegalArgumentException e) {
      throw cx.unsupported(n, e.getMessage());
    }
  }

  /** Adds a broadcasting binary op (ONNX rules: shapes aligned at the right). */
  DeviceTensor binary(IrNode n, BinaryOp op, DeviceTensor a, DeviceTensor b, Activation act) {
    b = alignedAtAxis(n, a, b);
    long[] out;
    try {
      out = ConstantEvaluator.broadcast(a.shape(), b.shape());
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
  private DeviceTensor where(IrNode n) {
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
  private Value aligned(IrNode n, DeviceTensor t, int rank) {
    long[] s = t.shape();
    long[] full = new long[Math.max(rank, 1)];
    Arrays.fill(full, 1);
    System.arraycopy(s, 0, full, full.length - s.length, s.length);
    return cx.shaped(n, t.value(), full, null).value();
  }

  /** Sum, Min, Max of any number of inputs: the binary operator applied left to right. */
  private DeviceTensor fold(IrNode n, BinaryOp op) {
    List<DeviceTensor> ins = inputs(n, 0);
    DeviceTensor acc = ins.get(0);
    for (int i = 1; i < ins.size(); i++) {
      acc = binary(n, op, acc, ins.get(i), Activation.NONE);
    }
    return acc;
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
        binary(
            n, BinaryOp.POW, cx.shaped(n, magnitude, x.shape(), null), exponent, Activation.NONE);
    Value mean = PoolOps.avgPool2d(g, powered.value(), counted);
    Value sum =
        ElementwiseOps.unary(
            g, mean, UnaryFunction.AFFINE, (float) params.kernelH() * params.kernelW(), 0f);
    DeviceTensor summed = pooled(n, sum, null);
    return binary(n, BinaryOp.POW, summed, root, Activation.NONE);
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
    long inner = 1;
    for (int i = axis + 1; i < r; i++) {
      inner *= x.shape()[i];
    }
    if (n.attrs().i(Attributes.FLATTEN_FROM_AXIS, 0) == 0 || inner == 1) {
      return unary(n, SoftmaxOps.softmax(g, x.value(), axis));
    }
    // Before opset 13: softmax over the flattened [axis, rank) block.
    long[] flat = ConstantEvaluator.flattenedShape(x.shape(), axis);
    DeviceTensor f = cx.shaped(n, x.value(), flat, null);
    Value y = SoftmaxOps.softmax(g, f.value(), 1);
    return cx.shaped(n, y, x.shape(), null);
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
      Value v = lead == 0 ? t.value() : aligned(n, t, 2);
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
