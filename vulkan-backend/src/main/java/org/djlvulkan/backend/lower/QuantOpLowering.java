package org.djlvulkan.backend.lower;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.ops.BinaryOp;
import org.djlvulkan.backend.ops.UnaryFunction;
import org.djlvulkan.backend.ops.fp.ElementwiseOps;
import org.djlvulkan.backend.ops.fp.PoolOps;
import org.djlvulkan.backend.ops.int8.FakeQuantOps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the quantized operators: on the int8 kernels ({@link Int8OpLowering}) when the lowering
 * runs in int8 and the node allows it, else in fp32 (one INFO line per such node, with the reason).
 *
 * <p>In fp32 (precision FP32, and the nodes int8 cannot run): weights are dequantized at load, each
 * operator computes in float on the real values of its quantized inputs, and its output is rounded
 * to its quantization grid ({@link FakeQuantOps}), so every quantized tensor holds exactly the
 * values its 8-bit codes stand for and results match an int8 runtime to within rounding (one step
 * of the output grid). QuantizeLinear on a float tensor is the same rounding; DequantizeLinear of a
 * quantized tensor is free. This drifts from an int8 runtime: a convolution's float sum is not ONNX
 * Runtime's exact int32 sum, so an output near a half step may round the other way, and such
 * one-step differences compound through the network (a few steps on ResNet50's logits).
 */
final class QuantOpLowering {
  private static final Logger LOG = LoggerFactory.getLogger(QuantOpLowering.class);

  private final LoweringContext cx;
  private final FloatOpLowering floats;
  private final Int8OpLowering int8;
  private int fp32Nodes;

  QuantOpLowering(LoweringContext cx, FloatOpLowering floats, Int8OpLowering int8) {
    this.cx = cx;
    this.floats = floats;
    this.int8 = int8;
  }

  /** Returns how many quantized nodes ran in fp32 although the lowering runs in int8. */
  int fp32Nodes() {
    return fp32Nodes;
  }

  DeviceTensor lower(IrNode n) {
    if (perAxisDequantize(cx, n)) {
      return dequantizePerAxis(n);
    }
    if (perAxisQuantize(cx, n)) {
      return quantizePerAxis(n);
    }
    if (cx.int8()) {
      try {
        return int8.lower(n);
      } catch (Int8OpLowering.NotInt8 e) {
        fp32Nodes++;
        LOG.info(
            "{}: node '{}' ({}) runs in fp32, not int8: {}",
            cx.ir().source(),
            n.name(),
            n.label(),
            e.getMessage());
      }
    }
    return lowerFp32(n);
  }

  private DeviceTensor lowerFp32(IrNode n) {
    switch (n.op()) {
      case QUANTIZE:
        {
          DeviceTensor x = cx.tensor(n, 0);
          if (x.quant() != null) {
            throw cx.unsupported(n, "input is already quantized");
          }
          return round(n, x, cx.quant(n, 1, 2));
        }
      case DEQUANTIZE:
        {
          DeviceTensor x = quantized(n, 0, 1, 2);
          return new DeviceTensor(x.value(), x.shape(), null);
        }
      case QCONV:
        return conv(n);
      case QMAT_MUL:
        return matMul(n);
      case QGEMM:
        return gemm(n);
      case QADD:
        return binary(n, BinaryOp.ADD);
      case QMUL:
        return binary(n, BinaryOp.MUL);
      case QGLOBAL_AVERAGE_POOL:
        {
          if (n.attrs().i("channels_last", 0) != 0) {
            throw cx.unsupported(n, "channels_last = 1 is not supported");
          }
          DeviceTensor x = quantized(n, 0, 1, 2);
          requireRank4(n, x);
          return round(
              n,
              floats.pooled(n, PoolOps.globalAvgPool(cx.builder(), x.value()), null),
              cx.quant(n, 3, 4));
        }
      case QAVERAGE_POOL:
        {
          DeviceTensor x = quantized(n, 0, 1, 2);
          requireRank4(n, x);
          DeviceTensor y =
              floats.pooled(
                  n, PoolOps.avgPool2d(cx.builder(), x.value(), cx.windows().pool(n, x)), null);
          return round(n, y, cx.quant(n, 3, 4));
        }
      case QSIGMOID:
        {
          DeviceTensor x = quantized(n, 0, 1, 2);
          DeviceTensor y = floats.unary(n, ElementwiseOps.sigmoid(cx.builder(), x.value()));
          return round(n, y, cx.quant(n, 3, 4));
        }
      case QLEAKY_RELU:
        {
          DeviceTensor x = quantized(n, 0, 1, 2);
          float alpha = n.attrs().f("alpha", 0.01f);
          DeviceTensor y =
              floats.unary(
                  n,
                  ElementwiseOps.unary(
                      cx.builder(), x.value(), UnaryFunction.LEAKY_RELU, alpha, 0f));
          return round(n, y, cx.quant(n, 3, 4));
        }
      case QCONCAT:
        {
          List<DeviceTensor> ins = new ArrayList<>();
          for (int i = 2; i + 2 < n.inputs().size(); i += 3) {
            ins.add(quantized(n, i, i + 1, i + 2));
          }
          if (ins.isEmpty()) {
            throw cx.unsupported(n, "has no inputs");
          }
          return round(n, floats.concat(n, ins, null), cx.quant(n, 0, 1));
        }
      default:
        throw cx.unsupported(n, "not implemented");
    }
  }

  /** Returns whether a node is a DequantizeLinear with one scale per channel of an axis. */
  static boolean perAxisDequantize(LoweringContext cx, IrNode n) {
    if (n.op() != Op.DEQUANTIZE) {
      return false;
    }
    TensorData s = cx.isConstant(n.input(1)) ? cx.constantOrNull(n.input(1)) : null;
    return s != null && s.rank() == 1 && s.count() > 1;
  }

  /** Returns whether a node is a QuantizeLinear with one scale per channel of an axis. */
  static boolean perAxisQuantize(LoweringContext cx, IrNode n) {
    if (n.op() != Op.QUANTIZE) {
      return false;
    }
    TensorData s = cx.isConstant(n.input(1)) ? cx.constantOrNull(n.input(1)) : null;
    return s != null && s.rank() == 1 && s.count() > 1;
  }

  /**
   * QuantizeLinear of a float tensor with one scale and zero point per channel of {@code axis}:
   * {@code clamp(round_half_even(x / s[c]) + z[c])} to the zero point's type (uint8 without one),
   * as ONNX defines it. The result holds the integers themselves (the grid of scale 1 and zero
   * point 0), which is what a per-axis DequantizeLinear reads and what an 8-bit graph output
   * returns.
   */
  private DeviceTensor quantizePerAxis(IrNode n) {
    if (n.attrs().i("block_size", 0) != 0) {
      throw cx.unsupported(n, "blocked quantization (block_size != 0) is not supported");
    }
    DeviceTensor x = cx.tensor(n, 0);
    if (x.quant() != null) {
      throw cx.unsupported(n, "input is already quantized");
    }
    PerAxis p = perAxis(n, x.shape());
    DataType type = p.zeroType == null ? DataType.UINT8 : p.zeroType;
    Quant integers = new Quant(1f, 0, type);
    GraphBuilder g = cx.builder();
    DeviceTensor scaled = floats.broadcast().binary(n, BinaryOp.DIV, x, p.scales, Activation.NONE);
    Value rounded = ElementwiseOps.unary(g, scaled.value(), UnaryFunction.ROUND, 0f, 0f);
    DeviceTensor codes =
        floats
            .broadcast()
            .binary(
                n,
                BinaryOp.ADD,
                cx.shaped(n, rounded, scaled.shape(), null),
                p.zeros,
                Activation.clamp(integers.min(), integers.max()));
    return new DeviceTensor(codes.value(), codes.shape(), integers);
  }

  /** The per-channel scales and zero points of a per-axis (De)QuantizeLinear, on the device. */
  private record PerAxis(DeviceTensor scales, DeviceTensor zeros, DataType zeroType) {}

  private PerAxis perAxis(IrNode n, long[] shape) {
    long axis = n.attrs().i("axis", 1);
    if (axis < -shape.length || axis >= shape.length) {
      throw cx.unsupported(n, "axis " + axis + " is out of range for " + Arrays.toString(shape));
    }
    int a = (int) (axis < 0 ? axis + shape.length : axis);
    float[] scales = cx.constant(n, 1, "scale").toFloats();
    TensorData zt = cx.optionalConstant(n, 2, "zero point");
    long[] zeros = zt == null ? new long[scales.length] : zt.toLongs();
    if (scales.length != shape[a] || zeros.length != scales.length) {
      throw cx.unsupported(
          n,
          "per-axis quantization of "
              + Arrays.toString(shape)
              + " on axis "
              + a
              + " needs "
              + shape[a]
              + " scales and zero points, has "
              + scales.length
              + " and "
              + zeros.length);
    }
    if (zt != null && zt.type() != DataType.UINT8 && zt.type() != DataType.INT8) {
      throw cx.unsupported(n, "quantization to " + zt.type() + " is not supported (8-bit only)");
    }
    long[] along = new long[shape.length];
    Arrays.fill(along, 1);
    along[a] = shape[a];
    float[] z = new float[zeros.length];
    for (int c = 0; c < z.length; c++) {
      z[c] = zeros[c];
    }
    DeviceTensor zc =
        cx.materialize(n, n.input(2) + "::zero", TensorData.ofFloats(z, along), along);
    DeviceTensor sc =
        cx.materialize(n, n.input(1) + "::scale", TensorData.ofFloats(scales, along), along);
    return new PerAxis(sc, zc, zt == null ? null : zt.type());
  }

  /**
   * DequantizeLinear of an integer tensor (the integers themselves, an integer graph input) with
   * one scale and zero point per channel of {@code axis}: {@code (x - z[c]) * s[c]} in float, as
   * ONNX defines it, the scales and zero points broadcast along the axis.
   */
  private DeviceTensor dequantizePerAxis(IrNode n) {
    if (n.attrs().i("block_size", 0) != 0) {
      throw cx.unsupported(n, "blocked quantization (block_size != 0) is not supported");
    }
    DeviceTensor x = cx.tensor(n, 0);
    Quant q = x.quant();
    if (q == null || q.scale() != 1f || q.zeroPoint() != 0) {
      throw cx.unsupported(
          n,
          "per-axis dequantization reads integers (an 8-bit graph input), input '"
              + n.input(0)
              + "' is "
              + (q == null ? "float" : "quantized as " + q));
    }
    long[] shape = x.shape();
    PerAxis p = perAxis(n, shape);
    if (p.zeroType != null && p.zeroType != q.type()) {
      throw cx.unsupported(
          n, "zero point of type " + p.zeroType + " does not match the input's type " + q.type());
    }
    DeviceTensor zc = p.zeros;
    DeviceTensor sc = p.scales;
    DeviceTensor centered =
        floats
            .broadcast()
            .binary(n, BinaryOp.SUB, new DeviceTensor(x.value(), shape, null), zc, Activation.NONE);
    return floats.broadcast().binary(n, BinaryOp.MUL, centered, sc, Activation.NONE);
  }

  private void requireRank4(IrNode n, DeviceTensor x) {
    if (x.rank() != 4) {
      throw cx.unsupported(n, "input " + Arrays.toString(x.shape()) + " must be 4-D");
    }
  }

  /** Rounds a float result to a grid; the result is a quantized tensor. */
  private DeviceTensor round(IrNode n, DeviceTensor y, Quant q) {
    return new DeviceTensor(
        FakeQuantOps.fakeQuantize(cx.builder(), y.value(), q.int8()), y.shape(), q);
  }

  /**
   * Returns input {@code i}, a quantized tensor whose grid must be the one the node names. A
   * constant input is dequantized on the host and uploaded.
   */
  private DeviceTensor quantized(IrNode n, int i, int scale, int zero) {
    Quant q = cx.quant(n, scale, zero);
    String name = n.input(i);
    if (cx.isConstant(name)) {
      TensorData c = cx.constantOrNull(name);
      float[] real =
          dequantize(c.toLongs(), new float[] {q.scale()}, new long[] {q.zeroPoint()}, 1, 1);
      DeviceTensor t =
          cx.materialize(
              n, name + "::dequantized", TensorData.ofFloats(real, c.shape()), c.shape());
      return new DeviceTensor(t.value(), t.shape(), q);
    }
    DeviceTensor t = cx.tensor(n, i);
    if (t.quant() == null) {
      throw cx.unsupported(
          n, "input '" + name + "' is not the output of a quantized operator or QuantizeLinear");
    }
    if (!t.quant().equals(q)) {
      throw cx.unsupported(
          n,
          "input '"
              + name
              + "' is quantized as "
              + t.quant()
              + ", the node reads it as "
              + q
              + " (requantization is not supported)");
    }
    return t;
  }

  /** {@code (q - z[c]) * s[c]} in float, channel {@code c = (i / inner) % channels}. */
  private static float[] dequantize(long[] q, float[] s, long[] z, int channels, long inner) {
    float[] out = new float[q.length];
    for (int i = 0; i < q.length; i++) {
      int c = channels == 1 ? 0 : (int) ((i / inner) % channels);
      out[i] = (float) (q[i] - z[s.length == 1 ? 0 : c]) * s[s.length == 1 ? 0 : c];
    }
    return out;
  }

  private DeviceTensor conv(IrNode n) {
    DeviceTensor x = quantized(n, 0, 1, 2);
    requireRank4(n, x);
    TensorData w = cx.constant(n, 3, "the weights");
    long[] ws = w.shape();
    if (ws.length != 4) {
      throw cx.unsupported(n, "weights " + w + ": only 2-D convolution runs");
    }
    WeightGrid grid = WeightGrid.read(cx, n, 4, 5, ws[0]);
    long inner = w.count() / ws[0];
    float[] weights = dequantize(w.toLongs(), grid.scales(), grid.zeros(), (int) ws[0], inner);
    float[] bias = bias(n, 8, x.quant().scale(), grid.scales(), (int) ws[0]);
    DeviceTensor y = floats.contractions().convolution(n, x, ws, weights, bias, null);
    return round(n, y, cx.quant(n, 6, 7));
  }

  /**
   * The bias as real values: an int32 bias has scale {@code xScale * wScale[c]}, a float bias is
   * real already; null when absent.
   */
  private float[] bias(IrNode n, int input, float xScale, float[] wScales, int channels) {
    TensorData b = cx.optionalConstant(n, input, "the bias");
    if (b == null) {
      return null;
    }
    if (b.type() == DataType.FLOAT) {
      if (b.count() != channels) {
        throw cx.unsupported(n, "bias " + b + " must have " + channels + " values");
      }
      return b.toFloats();
    }
    long[] v = b.toLongs();
    if (v.length != channels) {
      throw cx.unsupported(n, "bias " + b + " must have " + channels + " values");
    }
    float[] out = new float[channels];
    for (int c = 0; c < channels; c++) {
      out[c] = (float) v[c] * (xScale * wScales[wScales.length == 1 ? 0 : c]);
    }
    return out;
  }

  /**
   * QLinearMatMul on a constant B: a 2-D product on the linear kernel, else (A or B of rank 3 or 4)
   * a batched MatMul with B dequantized on the host.
   */
  private DeviceTensor matMul(IrNode n) {
    DeviceTensor a = quantized(n, 0, 1, 2);
    TensorData b = cx.constant(n, 3, "B");
    // A 1-D B is one column: its grid is one scale and zero point.
    long cols = b.rank() == 1 ? 1 : b.shape()[b.rank() - 1];
    WeightGrid grid = WeightGrid.read(cx, n, 4, 5, cols);
    // Per-column grid: column c = i % cols.
    float[] real = dequantize(b.toLongs(), grid.scales(), grid.zeros(), (int) cols, 1);
    DeviceTensor y;
    if (a.rank() == 2 && b.rank() == 2) {
      y = floats.contractions().linear(n, a, b, real, false, 1f, null, 1f, n.activation(), null);
    } else {
      DeviceTensor bf =
          cx.materialize(
              n, n.input(3) + "::dequantized", TensorData.ofFloats(real, b.shape()), b.shape());
      y = floats.contractions().matMulOf(n, new DeviceTensor(a.value(), a.shape(), null), bf);
    }
    return round(n, y, cx.quant(n, 6, 7));
  }

  private DeviceTensor gemm(IrNode n) {
    if (n.attrs().i("transA", 0) != 0) {
      throw cx.unsupported(n, "transA = 1 is not supported");
    }
    if (n.attrs().f("alpha", 1f) != 1f) {
      throw cx.unsupported(n, "alpha != 1 is not supported");
    }
    DeviceTensor a = quantized(n, 0, 1, 2);
    TensorData b = cx.constant(n, 3, "B");
    if (b.rank() != 2) {
      throw cx.unsupported(n, "B " + b + " must be 2-D");
    }
    boolean transB = n.attrs().i("transB", 0) != 0;
    long outF = transB ? b.shape()[0] : b.shape()[1];
    WeightGrid grid = WeightGrid.read(cx, n, 4, 5, outF);
    float[] real =
        transB
            ? dequantize(b.toLongs(), grid.scales(), grid.zeros(), (int) outF, b.shape()[1])
            : dequantize(b.toLongs(), grid.scales(), grid.zeros(), (int) outF, 1);
    float[] c = bias(n, 6, a.quant().scale(), grid.scales(), (int) outF);
    DeviceTensor y =
        floats.contractions().linear(n, a, b, real, transB, 1f, c, 1f, n.activation(), null);
    if (n.input(7).isEmpty()) {
      return y; // no output scale: a float output
    }
    return round(n, y, cx.quant(n, 7, 8));
  }

  private DeviceTensor binary(IrNode n, BinaryOp op) {
    DeviceTensor a = quantized(n, 0, 1, 2);
    DeviceTensor b = quantized(n, 3, 4, 5);
    Activation act = n.activation();
    DeviceTensor y = floats.broadcast().binary(n, op, a, b, act);
    return round(n, y, cx.quant(n, 6, 7));
  }
}
