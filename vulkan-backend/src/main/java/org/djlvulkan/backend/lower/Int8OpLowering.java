package org.djlvulkan.backend.lower;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.ir.ShapeRules;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.ops.LayoutOps;
import org.djlvulkan.backend.ops.int8.Int8ConstantPacking;
import org.djlvulkan.backend.ops.int8.QConv2dWeights;
import org.djlvulkan.backend.ops.int8.QConvOps;
import org.djlvulkan.backend.ops.int8.QConvPlan;
import org.djlvulkan.backend.ops.int8.QuantizedConcatOps;
import org.djlvulkan.backend.ops.int8.QuantizedElementwiseOps;
import org.djlvulkan.backend.ops.int8.QuantizedLayoutOps;
import org.djlvulkan.backend.ops.int8.QuantizedLinearOps;
import org.djlvulkan.backend.ops.int8.QuantizedLinearWeights;
import org.djlvulkan.backend.ops.int8.QuantizedPoolOps;
import org.djlvulkan.backend.ops.int8.QuantizedUnaryOps;
import org.djlvulkan.backend.ops.int8.SpaceToDepthStem;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.QuantParams;
import org.djlvulkan.backend.tensor.TensorSpec;

/**
 * Lowers the quantized operators to the int8 kernels (precision AUTO): activations stay int8 codes
 * in a packed layout (uint8 tensors map exactly to int8 by shifting zero points by -128), weights
 * are packed as int8 at load. A node this cannot run throws {@link NotInt8} with the reason; the
 * caller then runs it in fp32 ({@link QuantOpLowering}), and its int8 inputs are dequantized there.
 *
 * <p>Layouts: each int8 result is produced in the layout its first consumer reads ({@link
 * Int8Layouts}). Operands of add, mul and concat in different layouts are relaid to the first one's
 * layout.
 *
 * <p>Rounding follows ONNX Runtime's CPU kernels: the convolution and linear kernels add the int32
 * bias to the integer sum and requantize with one multiplier, {@code roundEven(float(acc + b) *
 * ((s_x * s_w[c]) / s_y)) + z_y}; QLinearAdd scales each operand's codes in float ({@link
 * QuantizedElementwiseOps#add}); global average pooling multiplies the int32 sum by {@code s_in /
 * (s_out * float(H * W))}.
 *
 * <p>A QuantizeLinear of a 4-D float tensor whose codes a convolution reads alone (a network's
 * stem) adds no pass: its result holds the float values ({@link LoweringContext#holdUnquantized}),
 * and the convolution quantizes them in its im2col ({@link QConvOps#conv2dQuantizing}) when its
 * kernel can; any other read of them gets the codes.
 */
final class Int8OpLowering {
  /** Float-path operators that pass int8 codes through unchanged (or take max of them). */
  static final Set<Op> PASS_THROUGH =
      EnumSet.of(
          Op.MAX_POOL, Op.IDENTITY, Op.DROPOUT, Op.FLATTEN, Op.RESHAPE, Op.SQUEEZE, Op.UNSQUEEZE);

  /** The most codes a broadcast constant operand is packed to (4 MiB of int8 codes). */
  static final int MAX_BROADCAST_CODES = 1 << 22;

  /** Why a node cannot run on the int8 kernels. */
  static final class NotInt8 extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotInt8(String reason) {
      super(reason, null, false, false);
    }
  }

  private final LoweringContext cx;
  private final GraphBuilder g;
  private final Int8Layouts layouts;

  Int8OpLowering(LoweringContext cx) {
    this.cx = cx;
    this.g = cx.builder();
    this.layouts = new Int8Layouts(cx.int8Facts(), cx.kernels());
  }

  /**
   * Lowers a quantized operator to the int8 kernels.
   *
   * @param n a node of the quantized family
   * @return its output
   * @throws NotInt8 when it must run in fp32
   */
  DeviceTensor lower(IrNode n) {
    try {
      switch (n.op()) {
        case QUANTIZE:
          return quantize(n);
        case DEQUANTIZE:
          return dequantize(n);
        case QCONV:
          return conv(n);
        case QADD:
        case QMUL:
          return binary(n);
        case QGLOBAL_AVERAGE_POOL:
          {
            if (n.attrs().i("channels_last", 0) != 0) {
              throw new NotInt8("channels_last = 1");
            }
            Value x = rank4(n, int8Input(n, 0, 1, 2, null));
            long[] xs = x.spec().shape();
            long[] pooled = {xs[0], xs[1], 1, 1};
            QuantParams q = cx.quant(n, 3, 4).int8();
            Layout layout =
                cx.plan().layout(n.output(), () -> layouts.produced(n.output(), pooled, q));
            return result(QuantizedPoolOps.globalAvgPool(g, x, q, layout), n, 3, 4);
          }
        case QAVERAGE_POOL:
          {
            Value x = rank4(n, int8Input(n, 0, 1, 2, null));
            DeviceTensor t = new DeviceTensor(x, x.spec().shape(), null);
            Value y =
                QuantizedPoolOps.avgPool2d(g, x, cx.windows().pool(n, t), cx.quant(n, 3, 4).int8());
            return result(y, n, 3, 4);
          }
        case QSIGMOID:
          {
            Value x = int8Input(n, 0, 1, 2, null);
            return result(QuantizedUnaryOps.sigmoid(g, x, cx.quant(n, 3, 4).int8()), n, 3, 4);
          }
        case QLEAKY_RELU:
          {
            Value x = int8Input(n, 0, 1, 2, null);
            float alpha = n.attrs().f("alpha", 0.01f);
            return result(
                QuantizedUnaryOps.leakyRelu(g, x, cx.quant(n, 3, 4).int8(), alpha), n, 3, 4);
          }
        case QCONCAT:
          return concat(n);
        case QGEMM:
          return gemm(n);
        case QMAT_MUL:
          return matMul(n);
        default:
          throw new NotInt8("no int8 lowering");
      }
    } catch (IllegalArgumentException e) {
      throw new NotInt8(e.getMessage());
    }
  }

  /**
   * Lowers a float-path operator whose input holds int8 codes without leaving int8: MaxPool, and
   * the views that keep the codes' layout (identity, or {@code [N, C, 1, 1]} to {@code [N, C]}).
   *
   * @param n a node of {@link #PASS_THROUGH} whose input is int8
   * @return its output, or null when it needs the float path
   */
  DeviceTensor passThrough(IrNode n) {
    DeviceTensor x = cx.stored(n, 0);
    switch (n.op()) {
      case MAX_POOL:
        if (x.rank() != 4 || (n.outputs().size() > 1 && !n.outputs().get(1).isEmpty())) {
          return null;
        }
        {
          Value y = QuantizedPoolOps.maxPool2d(g, x.value(), cx.windows().pool(n, x));
          return new DeviceTensor(y, y.spec().shape(), x.quant());
        }
      case IDENTITY:
      case DROPOUT:
        return x;
      default:
        {
          long[] target = cx.views().shape(n, x.shape());
          long[] held = x.value().spec().shape();
          boolean same = Arrays.equals(target, held);
          boolean classifier =
              held.length == 4
                  && held[2] == 1
                  && held[3] == 1
                  && target.length == 2
                  && target[0] == held[0]
                  && target[1] == held[1];
          return same || classifier ? new DeviceTensor(x.value(), target, x.quant()) : null;
        }
    }
  }

  private DeviceTensor quantize(IrNode n) {
    DeviceTensor x = cx.stored(n, 0);
    if (x.int8() || x.quant() != null) {
      throw new NotInt8("input is already quantized");
    }
    long[] s = x.shape();
    if (s.length != 4 && s.length != 2) {
      throw new NotInt8("input " + Arrays.toString(s) + " is not 2-D or 4-D");
    }
    // A 2-D [N, K] tensor is held as [N, K, 1, 1], the shape the linear kernel reads.
    long[] held = s.length == 4 ? s : new long[] {s[0], s[1], 1, 1};
    Quant q = cx.quant(n, 1, 2);
    Layout layout =
        cx.plan().layout(n.output(), () -> layouts.produced(n.output(), held, q.int8()));
    Value real = LayoutOps.toNchw(g, cx.shaped(n, x.value(), held, null).value());
    if (layout == Layout.INT8_4W4C && s.length == 4 && readByConvolutionAlone(n, q)) {
      cx.holdUnquantized(n.output(), layout);
      return new DeviceTensor(real, s, q);
    }
    return new DeviceTensor(LayoutOps.quantize(g, real, q.int8(), layout), s, q);
  }

  /** Whether a convolution alone reads a quantization's codes, as its input, on the same grid. */
  private boolean readByConvolutionAlone(IrNode n, Quant q) {
    IrNode reader = soleReader(n, Op.QCONV);
    return reader != null
        && !reader.activation().hardSwish()
        && q.int8().equals(cx.quant(reader, 1, 2).int8());
  }

  private DeviceTensor dequantize(IrNode n) {
    DeviceTensor x = cx.stored(n, 0);
    if (!x.int8() && x.quant() != null && x.quant().equals(cx.quant(n, 1, 2))) {
      // The real values of its codes already (a kernel that wrote them itself, such as the
      // classifier's, or an operator that ran in fp32): nothing to do, no dispatch.
      return new DeviceTensor(x.value(), x.shape(), null);
    }
    if (!x.int8()) {
      throw new NotInt8("input is not int8");
    }
    if (!x.quant().int8().equals(cx.quant(n, 1, 2).int8())) {
      throw new NotInt8("input is quantized as " + x.quant() + ", not as the node reads it");
    }
    Value real = LayoutOps.toNc4hw4(g, LayoutOps.dequantize(g, x.value()));
    return cx.shaped(n, real, x.shape(), null);
  }

  private DeviceTensor conv(IrNode n) {
    Quant xq = cx.quant(n, 1, 2);
    TensorData w = cx.constant(n, 3, "the weights");
    long[] ws = w.shape();
    // A stem's quantization may be held back for this convolution to quantize itself.
    LoweringContext.Unquantized held = cx.unquantizedOrNull(n.input(0));
    DeviceTensor stored = held != null ? held.values() : cx.stored(n, 0);
    if (ws.length != 4 || stored.rank() != 4) {
      throw new NotInt8("only 2-D convolution runs in int8");
    }
    long[] xs = stored.value().spec().shape();
    Conv2dParams p = cx.windows().conv(n, ws, (int) xs[2], (int) xs[3]);
    int oc = (int) ws[0];
    WeightGrid grid = WeightGrid.read(cx, n, 4, 5, oc);
    long[] codes = w.toLongs();
    int inner = codes.length / oc;
    byte[] weights = new byte[codes.length];
    for (int i = 0; i < codes.length; i++) {
      int c = i / inner;
      long v = codes[i] - grid.zero(c);
      if (v < -128 || v > 127) {
        throw new NotInt8(
            "weight minus zero point ("
                + codes[i]
                + " - "
                + grid.zero(c)
                + ", output channel "
                + c
                + ") does not fit int8");
      }
      weights[i] = (byte) v;
    }
    float[] scales = new float[oc];
    for (int c = 0; c < oc; c++) {
      scales[c] = grid.scale(c);
    }
    // A float bias (ExecuTorch's form) takes the float requantization; an int32 one (ONNX's)
    // ONNX Runtime's.
    TensorData biasData = cx.optionalConstant(n, 8, "the bias");
    boolean floatBias = biasData != null && biasData.type() == DataType.FLOAT;
    float[] realBias = floatBias ? floatBias(n, biasData, oc) : null;
    int[] bias = floatBias ? null : intBias(n, 8, oc);
    Activation act = n.activation();
    if (act.hardSwish()) {
      throw new NotInt8("fused HardSwish");
    }
    QConv2dWeights qw =
        new QConv2dWeights(
            oc, (int) ws[1], (int) ws[2], (int) ws[3], weights, scales, realBias, bias);
    Layout in = cx.plan().convInput(n, () -> layouts.convInput(n, xs, xq.int8()));
    Quant yq = cx.quant(n, 6, 7);
    long[] ys = {xs[0], oc, p.outH((int) xs[2]), p.outW((int) xs[3])};
    Layout out = cx.plan().layout(n.output(), () -> layouts.produced(n.output(), ys, yq.int8()));
    // A float input held back from its quantization into 4W4C: the planning pass chose whether
    // the convolution runs on its space-to-depth.
    Optional<SpaceToDepthStem> stem =
        held != null && held.codes() == Layout.INT8_4W4C
            ? cx.plan().stem(n, () -> cx.kernels().spaceToDepthStem(p, xs))
            : Optional.empty();
    if (stem.isPresent()) {
      // A stride-2 stem of a few channels: the float input is quantized into its space-to-depth
      // and the rewritten stride-1 convolution reads whole 4W4C groups (same codes out).
      cx.quantizedByReader(n.input(0));
      SpaceToDepthStem st = stem.get();
      Value s2d = LayoutOps.quantizeSpaceToDepth(g, stored.value(), xq.int8());
      QConvPlan plan = cx.plan().qconv(n, st.params(), s2d.spec(), oc, out, cx.kernels());
      Value y = QConvOps.conv2d(g, s2d, st.params(), st.weights(qw), yq.int8(), act, plan);
      return new DeviceTensor(y, y.spec().shape(), yq);
    }
    if (held != null) {
      // The plan made for the codes says whether the kernel quantizes the float values itself;
      // otherwise int8Input reads the codes (quantized now by the context).
      TensorSpec coded = TensorSpec.quantized(held.codes(), xq.int8(), xs);
      QConvPlan plan = cx.plan().qconv(n, p, coded, oc, out, cx.kernels());
      if (QConvOps.quantizesItsInput(plan)) {
        cx.quantizedByReader(n.input(0));
        Value y =
            QConvOps.conv2dQuantizing(g, stored.value(), xq.int8(), p, qw, yq.int8(), act, plan);
        return new DeviceTensor(y, y.spec().shape(), yq);
      }
    }
    Value x = int8Input(n, 0, 1, 2, in);
    QConvPlan plan = cx.plan().qconv(n, p, x.spec(), oc, out, cx.kernels());
    Value y = QConvOps.conv2d(g, x, p, qw, yq.int8(), act, plan);
    return new DeviceTensor(y, y.spec().shape(), yq);
  }

  /**
   * The int32 bias of a QLinearConv or QGemm (zeros when absent), in units of {@code s_x * s_w[c]}:
   * it joins the integer sum before ONNX Runtime's requantization, {@code roundEven(float(acc' + b)
   * * ((s_x * s_w[c]) / s_y)) + z_y}.
   */
  private float[] floatBias(IrNode n, TensorData b, int channels) {
    if (b.count() != channels) {
      throw cx.unsupported(n, "bias " + b + " must have " + channels + " values");
    }
    return b.toFloats();
  }

  private int[] intBias(IrNode n, int input, int channels) {
    TensorData b = cx.optionalConstant(n, input, "the bias");
    if (b == null) {
      return new int[channels];
    }
    long[] v = b.toLongs();
    if (v.length != channels) {
      throw cx.unsupported(n, "bias " + b + " must have " + channels + " values");
    }
    int[] out = new int[channels];
    for (int c = 0; c < channels; c++) {
      out[c] = Math.toIntExact(v[c]);
    }
    return out;
  }

  private DeviceTensor binary(IrNode n) {
    boolean add = n.op() == Op.QADD;
    Activation act = n.activation();
    if (act.hardSwish() || (!add && act.clamp())) {
      throw new NotInt8("fused activation " + act);
    }
    BinaryOperands o = constantOperands(n);
    if (o == null) {
      o = sameShapeOperands(n);
    }
    Quant y = cx.quant(n, 6, 7);
    boolean real = dequantizedAlone(n, y);
    Value out;
    if (add) {
      out =
          real
              ? QuantizedElementwiseOps.addDequantized(
                  g, o.a(), o.b(), y.int8(), act, codeOffset(y))
              : QuantizedElementwiseOps.add(g, o.a(), o.b(), y.int8(), act, codeOffset(y));
    } else {
      out =
          real
              ? QuantizedElementwiseOps.mulDequantized(g, o.a(), o.b(), y.int8())
              : QuantizedElementwiseOps.mul(g, o.a(), o.b(), y.int8());
    }
    // Real values, or codes (also an add that ran in a convolution's epilogue).
    return out.spec().dtype() == DType.F32
        ? realValues(out, o.shape(), y)
        : new DeviceTensor(out, o.shape(), y);
  }

  /**
   * A quantized tensor held as its codes' real values, F32 NC4HW4, from the NCHW values a kernel
   * wrote (as the float path holds a quantized tensor).
   */
  private DeviceTensor realValues(Value nchw, long[] shape, Quant q) {
    return new DeviceTensor(LayoutOps.toNc4hw4(g, nchw), shape, q);
  }

  /** The int8 operands of a quantized add or mul, in one layout, and the result's shape. */
  private record BinaryOperands(Value a, Value b, long[] shape) {}

  /** Two operands of the same shape, the second in the first's layout. */
  private BinaryOperands sameShapeOperands(IrNode n) {
    DeviceTensor sa = cx.stored(n, 0);
    DeviceTensor sb = cx.stored(n, 3);
    if (!Arrays.equals(sa.shape(), sb.shape())) {
      throw new NotInt8(
          "operands "
              + Arrays.toString(sa.shape())
              + " and "
              + Arrays.toString(sb.shape())
              + " broadcast");
    }
    Layout layout = sa.int8() ? sa.value().spec().layout() : sb.int8() ? layoutOf(sb) : null;
    Value a = int8Input(n, 0, 1, 2, layout);
    Value b = QuantizedLayoutOps.relayout(g, int8Input(n, 3, 4, 5, layout), a.spec().layout());
    return new BinaryOperands(a, b, sa.shape());
  }

  /**
   * An int8 run-time operand and a quantized constant whose shape broadcasts onto it (a
   * classifier's bias after QLinearMatMul): the constant's codes broadcast and packed on the host
   * into the run-time operand's layout, a device constant, so the operator runs on the int8 kernel.
   * Returns null when the node is not of that form.
   */
  private BinaryOperands constantOperands(IrNode n) {
    boolean aConstant = cx.isConstant(n.input(0));
    if (aConstant == cx.isConstant(n.input(3))) {
      return null;
    }
    int ri = aConstant ? 3 : 0;
    int ci = aConstant ? 0 : 3;
    DeviceTensor r = cx.stored(n, ri);
    TensorData c = cx.constantOrNull(n.input(ci));
    long[] rs = r.shape();
    if (!r.int8() || !broadcastConstant(c.shape(), rs)) {
      return null;
    }
    Value runtime = int8Input(n, ri, ri + 1, ri + 2, null);
    Quant cq = cx.quant(n, ci + 1, ci + 2);
    Value constant =
        Int8ConstantPacking.constant(
            g,
            n.input(ci) + "::codes",
            broadcast(c.toLongs(), c.shape(), rs, codeOffset(cq)),
            runtime.spec().shape(),
            cq.int8(),
            runtime.spec().layout());
    return aConstant
        ? new BinaryOperands(constant, runtime, rs)
        : new BinaryOperands(runtime, constant, rs);
  }

  /**
   * Whether a constant operand of shape {@code from} is packed broadcast onto a run-time int8
   * operand of shape {@code to} (2-D or 4-D, at most {@link #MAX_BROADCAST_CODES} codes: the
   * constant is held at the run-time operand's size, so a large one stays on the fp32 path).
   */
  static boolean broadcastConstant(long[] from, long[] to) {
    if ((to.length != 2 && to.length != 4) || !broadcastsOnto(from, to)) {
      return false;
    }
    return HostTensor.elementCount(to) <= MAX_BROADCAST_CODES;
  }

  /** Whether {@code from} broadcasts onto {@code to} without changing {@code to} (numpy rules). */
  static boolean broadcastsOnto(long[] from, long[] to) {
    try {
      return Arrays.equals(ShapeRules.broadcast(from, to), to);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Broadcasts codes of shape {@code from} onto {@code to} (row-major), as int8 codes: each minus
   * {@code offset}.
   */
  static int[] broadcast(long[] codes, long[] from, long[] to, int offset) {
    int[] out = new int[Math.toIntExact(HostTensor.elementCount(to))];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) codes[(int) ShapeRules.broadcastIndex(i, to, from)] - offset;
    }
    return out;
  }

  /** 128 where the model's codes are uint8 (held shifted by -128), 0 for int8. */
  private static int codeOffset(Quant q) {
    return q.type() == DataType.UINT8 ? 128 : 0;
  }

  private static Layout layoutOf(DeviceTensor t) {
    return t.value().spec().layout();
  }

  private DeviceTensor concat(IrNode n) {
    long axis = n.attrs().i("axis", Long.MIN_VALUE);
    List<Integer> firsts = new ArrayList<>();
    for (int i = 2; i + 2 < n.inputs().size(); i += 3) {
      firsts.add(i);
    }
    if (firsts.isEmpty()) {
      throw new NotInt8("no inputs");
    }
    int rank = cx.stored(n, 2).rank();
    if (axis != 1 && axis != 1 - rank) {
      throw new NotInt8("axis " + axis + " is not the channel axis");
    }
    int c4 = 0;
    int w4 = 0;
    for (int i : firsts) {
      DeviceTensor t = cx.stored(n, i);
      if (t.rank() != rank || !Arrays.equals(t.value().spec().shape(), t.shape())) {
        throw new NotInt8("inputs differ in rank");
      }
      if (t.int8()) {
        c4 += layoutOf(t) == Layout.INT8_4C1W ? 1 : 0;
        w4 += layoutOf(t) == Layout.INT8_4W4C ? 1 : 0;
      }
    }
    Layout layout = w4 > c4 ? Layout.INT8_4W4C : Layout.INT8_4C1W;
    List<Value> ins = new ArrayList<>();
    for (int i : firsts) {
      ins.add(QuantizedLayoutOps.relayout(g, int8Input(n, i, i + 1, i + 2, layout), layout));
    }
    Value y = QuantizedConcatOps.concatChannels(g, ins, cx.quant(n, 0, 1).int8());
    return new DeviceTensor(y, y.spec().shape(), cx.quant(n, 0, 1));
  }

  private DeviceTensor gemm(IrNode n) {
    if (n.attrs().i("transA", 0) != 0 || n.attrs().f("alpha", 1f) != 1f) {
      throw new NotInt8("transA = 1 or alpha != 1");
    }
    TensorData b = cx.constant(n, 3, "B");
    boolean transB = n.attrs().i("transB", 0) != 0;
    return linear(n, b, transB, 6, n.input(7).isEmpty() ? -1 : 7);
  }

  private DeviceTensor matMul(IrNode n) {
    TensorData b = cx.constant(n, 3, "B");
    return linear(n, b, false, -1, 6);
  }

  /** QGemm / QLinearMatMul with a 2-D A: {@code biasInput} and {@code outScale} -1 when absent. */
  private DeviceTensor linear(IrNode n, TensorData b, boolean transB, int biasInput, int outScale) {
    DeviceTensor sa = cx.stored(n, 0);
    if (sa.rank() != 2 || b.rank() != 2) {
      throw new NotInt8("A " + Arrays.toString(sa.shape()) + " and B " + b + " must be 2-D");
    }
    if (b.type() != DataType.UINT8 && b.type() != DataType.INT8) {
      throw new NotInt8("B is " + b.type());
    }
    int k = (int) (transB ? b.shape()[1] : b.shape()[0]);
    int outF = (int) (transB ? b.shape()[0] : b.shape()[1]);
    if (sa.shape()[1] != k) {
      throw cx.unsupported(
          n, "A " + Arrays.toString(sa.shape()) + " and B " + b + " do not multiply");
    }
    WeightGrid grid = WeightGrid.read(cx, n, 4, 5, outF);
    long[] codes = b.toLongs();
    byte[] bytes = new byte[codes.length];
    for (int i = 0; i < codes.length; i++) {
      bytes[i] = (byte) codes[i];
    }
    int[] zeros = new int[grid.zeros().length];
    for (int i = 0; i < zeros.length; i++) {
      zeros[i] = (int) grid.zeros()[i];
    }
    int[] bias = biasInput < 0 ? null : intBias(n, biasInput, outF);
    QuantizedLinearWeights w =
        QuantizedLinearWeights.fromOnnx(
            bytes,
            k,
            outF,
            transB,
            b.type() == DataType.UINT8,
            grid.scales(),
            n.input(5).isEmpty() ? null : zeros,
            bias);
    Value a =
        QuantizedLayoutOps.relayout(g, int8Input(n, 0, 1, 2, Layout.INT8_4C1W), Layout.INT8_4C1W);
    long[] shape = {sa.shape()[0], outF};
    if (outScale < 0) {
      Value y = QuantizedLinearOps.linearToFloat(g, a, w, n.activation());
      return cx.shaped(n, y, shape, null);
    }
    Quant yq = cx.quant(n, outScale, outScale + 1);
    if (dequantizedAlone(n, yq)) {
      // The real values of the codes, which the DequantizeLinear then passes on as they are.
      return realValues(
          QuantizedLinearOps.linearDequantized(g, a, w, yq.int8(), n.activation()), shape, yq);
    }
    return new DeviceTensor(
        QuantizedLinearOps.linear(g, a, w, yq.int8(), n.activation()), shape, yq);
  }

  /**
   * Returns whether the only reader of a node's output is a per-tensor DequantizeLinear of the grid
   * {@code q} (and the graph does not output the codes): the node (a linear layer, an add or a mul)
   * may write the real values of its codes itself, which the float lowering of that
   * DequantizeLinear passes on without a dispatch.
   */
  private boolean dequantizedAlone(IrNode n, Quant q) {
    IrNode reader = soleReader(n, Op.DEQUANTIZE);
    return reader != null
        && !QuantOpLowering.perAxisDequantize(cx, reader)
        && cx.quant(reader, 1, 2).int8().equals(q.int8());
  }

  /**
   * Returns the node of {@code op} that alone reads a node's output, as its first input (the graph
   * not outputting it), or null.
   */
  private IrNode soleReader(IrNode n, Op op) {
    if (!cx.soleReader(n.output())) {
      return null;
    }
    IrNode reader = cx.consumers(n.output()).get(0);
    return reader.op() == op && reader.input(0).equals(n.output()) ? reader : null;
  }

  private Value rank4(IrNode n, Value x) {
    if (x.spec().rank() != 4) {
      throw new NotInt8("input " + x.spec() + " is not 4-D");
    }
    return x;
  }

  private DeviceTensor result(Value y, IrNode n, int scale, int zero) {
    return new DeviceTensor(y, y.spec().shape(), cx.quant(n, scale, zero));
  }

  /**
   * Returns input {@code i} as int8 codes on the grid the node names: an int8 tensor as is
   * (requantized when it holds another grid), a quantized float tensor (from an fp32 region) or a
   * quantized constant quantized on the device.
   *
   * @param layout the layout to produce a new value in, or null for the consumers' choice
   */
  private Value int8Input(IrNode n, int i, int scale, int zero, Layout layout) {
    Quant q = cx.quant(n, scale, zero);
    String name = n.input(i);
    DeviceTensor t;
    if (cx.isConstant(name)) {
      TensorData c = cx.constantOrNull(name);
      float[] real = new float[(int) c.count()];
      long[] v = c.toLongs();
      for (int k = 0; k < real.length; k++) {
        real[k] = (float) (v[k] - q.zeroPoint()) * q.scale();
      }
      t =
          cx.materialize(
              n, name + "::dequantized", TensorData.ofFloats(real, c.shape()), c.shape());
    } else {
      t = cx.stored(n, i);
      if (t.quant() == null) {
        throw new NotInt8("input '" + name + "' is not quantized");
      }
    }
    if (t.int8()) {
      return QuantizedUnaryOps.requantize(g, t.value(), q.int8());
    }
    Layout target =
        layout != null ? layout : layouts.produced(name, t.value().spec().shape(), q.int8());
    return LayoutOps.quantize(g, LayoutOps.toNchw(g, t.value()), q.int8(), target);
  }
}
