package org.djlvulkan.backend.frontend.executorch;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ir.Attributes;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.ir.TensorData;

/**
 * Translation of ExecuTorch's int8 operators into the IR's quantized operators: the fused q8ta ops
 * of the Vulkan partitioner ({@code et_vk.q8ta_conv2d*}, {@code et_vk.q8ta_linear*}, {@code
 * et_vk.q8ta_add}) and {@code quantized_decomposed}'s quantize/dequantize.
 *
 * <p>The partitioner stores a q8ta convolution's weights already rearranged for its own kernels:
 * {@code [OC, KH * KW * IC/groups]} in (kh, kw, ic) order with the last dimension padded to a
 * multiple of 4, or {@code [KH, KW, OC]} for depthwise; per-channel scales and the float bias are
 * padded to a multiple of 4 channels. This class puts them back into the IR's {@code [OC,
 * IC/groups, KH, KW]} form (our weight packing makes its own blocked layout from that), with zero
 * weight zero points. A convolution keeps its float bias (the IR's float-bias requantization, the
 * arithmetic of PyTorch's quantized reference); a linear layer's bias is quantized to int32 at
 * scale {@code s_x * s_w[c]}, the form the int8 linear kernel takes.
 */
final class Q8taOperands {
  private Q8taOperands() {}

  private static float scale(EtCall c, int i) {
    if (c.kind(i) == ValueTable.Kind.TENSOR) {
      return (float) c.values().constant(c.arg(i)).getDouble(0);
    }
    return (float) c.real(i);
  }

  private static long zero(EtCall c, int i) {
    if (c.isNull(i)) {
      return 0;
    }
    if (c.kind(i) == ValueTable.Kind.TENSOR) {
      return c.values().constant(c.arg(i)).getLong(0);
    }
    double z = c.real(i);
    if (z != Math.rint(z)) {
      throw c.problem("zero point " + z + " (argument " + i + ") is not an integer");
    }
    return (long) z;
  }

  private static Activation activation(EtCall c, int i) {
    String a = c.string(i);
    switch (a) {
      case "none":
        return Activation.NONE;
      case "relu":
        return Activation.RELU;
      default:
        throw c.problem("activation '" + a + "' is not supported");
    }
  }

  private static float[] floats(EtCall c, int i, int n) {
    TensorData t = c.values().constant(c.arg(i));
    if (t.count() < n) {
      throw c.problem("argument " + i + " has " + t.count() + " values, needs " + n);
    }
    float[] all = t.toFloats();
    float[] out = new float[n];
    System.arraycopy(all, 0, out, 0, n);
    return out;
  }

  private static int[] intBias(EtCall c, int i, float inScale, float[] wScales) {
    if (c.isNull(i)) {
      return null;
    }
    int n = wScales.length;
    int[] q = new int[n];
    float[] bias = floats(c, i, n);
    for (int k = 0; k < n; k++) {
      double v = Math.rint(bias[k] / ((double) inScale * wScales[k]));
      if (Math.abs(v) > Integer.MAX_VALUE) {
        throw c.problem("bias of channel " + k + " does not fit int32 at the accumulator scale");
      }
      q[k] = (int) v;
    }
    return q;
  }

  private static String int8Tensor(EtGraphBuilder b, byte[] data, long... shape) {
    return b.constant(new TensorData(DataType.INT8, shape, ByteBuffer.wrap(data)));
  }

  /** {@code et_vk.q8ta_conv2d{,_pw,_dw}}: x, s_x, z_x, w, wsum, s_w, s_y, z_y, bias, kernel... */
  static void conv(EtCall c, EtGraphBuilder b, int o) {
    long[] x = c.dims(0);
    long[] y = c.outputDims(o);
    if (x.length != 4 || y.length != 4) {
      throw c.problem("q8ta convolution of a " + x.length + "-D input (4-D runs)");
    }
    int ic = (int) x[1];
    int oc = (int) y[1];
    long[] kernel = EtOperators.pair(c.ints(9));
    int kh = (int) kernel[0];
    int kw = (int) kernel[1];
    int groups = (int) c.integer(13);
    if (groups <= 0 || ic % groups != 0 || oc % groups != 0) {
      throw c.problem("groups " + groups + " do not divide IC " + ic + " and OC " + oc);
    }
    int icg = ic / groups;
    TensorData w = c.values().constant(c.arg(3));
    long[] wd = w.shape();
    byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(oc, icg), kh * kw)];
    boolean depthwise = icg == 1 && groups == oc && wd.length == 3;
    if (depthwise) {
      int ocPad = (int) wd[2];
      if (wd[0] != kh || wd[1] != kw || ocPad < oc) {
        throw c.problem("depthwise weight " + Arrays.toString(wd) + " does not fit");
      }
      for (int ch = 0; ch < oc; ch++) {
        for (int i = 0; i < kh; i++) {
          for (int j = 0; j < kw; j++) {
            out[(ch * kh + i) * kw + j] = w.data().get((i * kw + j) * ocPad + ch);
          }
        }
      }
    } else {
      int k = kh * kw * icg;
      if (wd.length != 2 || wd[0] < oc || wd[1] < k) {
        throw c.problem("weight " + Arrays.toString(wd) + " does not hold [" + oc + ", " + k + "]");
      }
      int row = (int) wd[1];
      for (int oo = 0; oo < oc; oo++) {
        for (int ci = 0; ci < icg; ci++) {
          for (int i = 0; i < kh; i++) {
            for (int j = 0; j < kw; j++) {
              out[((oo * icg + ci) * kh + i) * kw + j] =
                  w.data().get(oo * row + (i * kw + j) * icg + ci);
            }
          }
        }
      }
    }
    float sx = scale(c, 1);
    float[] sw = floats(c, 5, oc);
    DataType inType = c.values().type(c.arg(0));
    List<String> ins =
        List.of(
            c.tensor(0),
            b.scalar(sx),
            b.zeroPoint(zero(c, 2), inType),
            int8Tensor(b, out, oc, icg, kh, kw),
            b.floats(sw),
            int8Tensor(b, new byte[oc], oc),
            b.scalar(scale(c, 6)),
            b.zeroPoint(zero(c, 7), c.values().type(c.outputId(o))),
            c.isNull(8) ? "" : b.floats(floats(c, 8, oc)));
    EtOperators.emit(
        c,
        b,
        Op.QCONV,
        ins,
        c.outputs(o),
        EtOperators.convAttributes(c.ints(10), c.ints(11), c.ints(12), groups)
            .ints("kernel_shape", kh, kw)
            .build(),
        activation(c, 14));
  }

  /**
   * {@code et_vk.q8ta_linear{,_gemv}}: x, s_x, z_x, w, wsum, s_w, s_y, z_y, bias, activation. An
   * input of more than 2 dimensions (ConvNeXt's channels-last blocks) is multiplied as the rows of
   * its last dimension: reshaped to {@code [-1, K]} before and back after.
   */
  static void linear(EtCall c, EtGraphBuilder b, int o) {
    long[] x = c.dims(0);
    long[] y = c.outputDims(o);
    if (x.length < 2) {
      throw c.problem("q8ta linear of a " + x.length + "-D input");
    }
    int k = (int) x[x.length - 1];
    int oc = (int) y[y.length - 1];
    TensorData w = c.values().constant(c.arg(3));
    long[] wd = w.shape();
    if (wd.length != 2 || wd[0] < oc || wd[1] < k) {
      throw c.problem("weight " + Arrays.toString(wd) + " does not hold [OC, K]");
    }
    byte[] out = new byte[Math.multiplyExact(oc, k)];
    for (int r = 0; r < oc; r++) {
      for (int j = 0; j < k; j++) {
        out[r * k + j] = w.data().get((int) (r * wd[1] + j));
      }
    }
    float sx = scale(c, 1);
    float[] sw = floats(c, 5, oc);
    int[] bias = intBias(c, 8, sx, sw);
    String rows = c.tensor(0);
    List<String> outs = c.outputs(o);
    if (x.length > 2) {
      rows = b.fresh(c.name() + ":rows");
      EtOperators.emit(c, b, Op.RESHAPE, List.of(c.tensor(0), b.longs(-1, k)), List.of(rows));
      outs = List.of(b.fresh(c.name() + ":product"));
    }
    List<String> ins =
        List.of(
            rows,
            b.scalar(sx),
            b.zeroPoint(zero(c, 2), c.values().type(c.arg(0))),
            int8Tensor(b, out, oc, k),
            b.floats(sw),
            int8Tensor(b, new byte[oc], oc),
            bias == null ? "" : b.ints32(bias),
            b.scalar(scale(c, 6)),
            b.zeroPoint(zero(c, 7), c.values().type(c.outputId(o))));
    EtOperators.emit(
        c, b, Op.QGEMM, ins, outs, Attributes.builder().i("transB", 1).build(), activation(c, 9));
    if (x.length > 2) {
      long[] shape = y.clone();
      shape[0] = -1; // the program's example batch: keep the input's
      EtOperators.emit(c, b, Op.RESHAPE, List.of(outs.get(0), b.longs(shape)), c.outputs(o));
    }
  }

  /** {@code et_vk.q8ta_add}: a, b, s_a, z_a, s_b, z_b, s_y, z_y, alpha. */
  static void add(EtCall c, EtGraphBuilder b, int o) {
    if (!c.isNull(8) && c.real(8) != 1) {
      throw c.problem("q8ta_add with alpha " + c.real(8) + " (1 runs)");
    }
    List<String> ins =
        List.of(
            c.tensor(0),
            b.scalar(scale(c, 2)),
            b.zeroPoint(zero(c, 3), c.values().type(c.arg(0))),
            c.tensor(1),
            b.scalar(scale(c, 4)),
            b.zeroPoint(zero(c, 5), c.values().type(c.arg(1))),
            b.scalar(scale(c, 6)),
            b.zeroPoint(zero(c, 7), c.values().type(c.outputId(o))));
    EtOperators.emit(c, b, Op.QADD, ins, c.outputs(o));
  }

  /** {@code quantize_per_tensor}: x, scale, zero point, qmin, qmax, dtype. */
  static void quantize(EtCall c, EtGraphBuilder b, int o) {
    perTensor(c, b, o, Op.QUANTIZE, c.values().type(c.outputId(o)));
  }

  /** {@code dequantize_per_tensor}: x, scale, zero point, qmin, qmax, dtype, out_dtype. */
  static void dequantize(EtCall c, EtGraphBuilder b, int o) {
    perTensor(c, b, o, Op.DEQUANTIZE, c.values().type(c.arg(0)));
  }

  private static void perTensor(EtCall c, EtGraphBuilder b, int o, Op op, DataType type) {
    requireEightBit(c, type);
    EtOperators.emit(
        c,
        b,
        op,
        List.of(c.tensor(0), b.scalar(scale(c, 1)), b.zeroPoint(zero(c, 2), type)),
        c.outputs(o));
  }

  /** {@code quantize_per_channel}: x, scales, zero points, axis, qmin, qmax, dtype. */
  static void quantizePerChannel(EtCall c, EtGraphBuilder b, int o) {
    DataType type = c.values().type(c.outputId(o));
    perChannel(c, b, o, Op.QUANTIZE, type);
  }

  /** {@code dequantize_per_channel}: x, scales, zero points, axis, qmin, qmax, dtype, out_dtype. */
  static void dequantizePerChannel(EtCall c, EtGraphBuilder b, int o) {
    DataType type = c.values().type(c.arg(0));
    perChannel(c, b, o, Op.DEQUANTIZE, type);
  }

  private static void perChannel(EtCall c, EtGraphBuilder b, int o, Op op, DataType type) {
    requireEightBit(c, type);
    TensorData scales = c.values().constant(c.arg(1));
    int n = (int) scales.count();
    float[] s = scales.toFloats();
    byte[] z = new byte[n];
    if (!c.isNull(2)) {
      TensorData zp = c.values().constant(c.arg(2));
      for (int i = 0; i < n; i++) {
        z[i] = (byte) zp.getLong(i);
      }
    }
    long rank = c.dims(0).length;
    long axis = c.integer(3);
    EtOperators.emit(
        c,
        b,
        op,
        List.of(
            c.tensor(0),
            b.floats(s),
            b.constant(new TensorData(type, new long[] {n}, ByteBuffer.wrap(z)))),
        c.outputs(o),
        Attributes.builder().i("axis", axis < 0 ? axis + rank : axis).build(),
        Activation.NONE);
  }

  private static void requireEightBit(EtCall c, DataType type) {
    if (type != DataType.INT8 && type != DataType.UINT8) {
      throw c.problem("quantization to " + type + " (8-bit runs)");
    }
  }
}
