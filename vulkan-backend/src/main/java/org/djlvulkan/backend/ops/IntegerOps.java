package org.djlvulkan.backend.ops;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ops.int8.Int8Support;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.shaders.KernelId;

/**
 * The ONNX ops with int32 output, for conformance rather than speed: MatMulInteger and ConvInteger
 * on NCHW 8-bit operands (each uint8 or int8, as graph inputs or constants) with zero points, exact
 * in int32. The results are row-major (NCHW) I32 values.
 */
public final class IntegerOps {
  private static final String MATMUL_OP = "onnx.MatMulInteger";
  private static final String CONV_OP = "onnx.ConvInteger";

  private IntegerOps() {}

  /**
   * ONNX MatMulInteger: {@code Y = (A - a_zp) x (B - b_zp)} in int32, with NumPy matmul shapes:
   * {@code A [..., M, K]} and {@code B [..., K, N]} with up to two batch dimensions that broadcast;
   * a 1-D A is a row {@code [1, K]} and a 1-D B a column {@code [K, 1]}, whose dimension the result
   * drops.
   *
   * @param g the graph
   * @param a U8 or I8 NCHW, rank 1 to 4
   * @param b U8 or I8 NCHW, rank 1 to 4
   * @param aZeroPoint null (0), or A's type with one value, or one per row of each matrix of A (M
   *     values for a 2-D A, {@code [D1, D2, M, 1]} for an N-D one)
   * @param bZeroPoint null (0), or B's type with one value, or one per column of each matrix of B
   * @return I32 NCHW of the broadcast batch dimensions and {@code [M, N]}
   */
  public static Value matMulInteger(
      GraphBuilder g, Value a, Value b, Value aZeroPoint, Value bZeroPoint) {
    requireBytes(MATMUL_OP, a);
    requireBytes(MATMUL_OP, b);
    long[] sa = a.spec().shape();
    long[] sb = b.spec().shape();
    if (sa.length > 4 || sb.length > 4) {
      throw new IllegalArgumentException(
          MATMUL_OP + ": ranks above 4 are not supported: A " + a.spec() + ", B " + b.spec());
    }
    long[] ma = sa.length == 1 ? new long[] {1, sa[0]} : sa;
    long[] mb = sb.length == 1 ? new long[] {sb[0], 1} : sb;
    int m = Math.toIntExact(ma[ma.length - 2]);
    int k = Math.toIntExact(ma[ma.length - 1]);
    int n = Math.toIntExact(mb[mb.length - 1]);
    if (mb[mb.length - 2] != k) {
      throw new IllegalArgumentException(
          MATMUL_OP + ": inner dimensions differ: A " + a.spec() + ", B " + b.spec());
    }
    long[] batchA = leftPad(Arrays.copyOf(ma, ma.length - 2));
    long[] batchB = leftPad(Arrays.copyOf(mb, mb.length - 2));
    long[] batch = new long[2];
    for (int i = 0; i < 2; i++) {
      if (batchA[i] != batchB[i] && batchA[i] != 1 && batchB[i] != 1) {
        throw new IllegalArgumentException(
            MATMUL_OP + ": batch dimensions do not broadcast: A " + a.spec() + ", B " + b.spec());
      }
      batch[i] = Math.max(batchA[i], batchB[i]);
    }
    long matricesA = batchA[0] * batchA[1];
    long matricesB = batchB[0] * batchB[1];
    Value za = zeroPoint(g, MATMUL_OP, a, aZeroPoint, matricesA * m, "rows of A");
    Value zb = zeroPoint(g, MATMUL_OP, b, bZeroPoint, matricesB * n, "columns of B");
    Value out =
        g.intermediate(
            MATMUL_OP + "(" + a.name() + "," + b.name() + ")",
            TensorSpec.of(DType.I32, Layout.NCHW, matMulShape(sa, sb, batch, m, n)));
    byte[] push =
        PushConstants.words(13)
            .i(m)
            .i(k)
            .i(n)
            .i((int) batch[0])
            .i((int) batch[1])
            .i(batchA[0] == 1 ? 0 : (int) batchA[1])
            .i(batchA[1] == 1 ? 0 : 1)
            .i(batchB[0] == 1 ? 0 : (int) batchB[1])
            .i(batchB[1] == 1 ? 0 : 1)
            .i(signed(a))
            .i(signed(b))
            .i(za.spec().elementCount() == 1 ? 0 : 1)
            .i(zb.spec().elementCount() == 1 ? 0 : 1)
            .build();
    g.dispatch(
        MATMUL_OP,
        OpSupport.linearKernel(KernelId.MATMUL_INTEGER),
        List.of(
            Binding.write(out),
            Binding.read(a),
            Binding.read(b),
            Binding.read(za),
            Binding.read(zb)),
        push,
        OpSupport.linearGrid(g, out.spec().elementCount()));
    return out;
  }

  /**
   * ONNX ConvInteger: a 2-D convolution {@code y = sum (x - x_zp) * (w - w_zp)} in int32 with any
   * stride, padding (padding holds {@code x_zp}, so it adds nothing), dilation and groups.
   *
   * @param g the graph
   * @param x U8 or I8 NCHW {@code [N, C, H, W]}
   * @param w U8 or I8 NCHW {@code [OC, C / groups, KH, KW]}, KH and KW as in {@code params}
   * @param xZeroPoint null (0), or x's type with one value
   * @param wZeroPoint null (0), or w's type with one value or one per output channel
   * @param params kernel, stride, dilation, pads, groups
   * @return I32 NCHW {@code [N, OC, OH, OW]}
   */
  public static Value convInteger(
      GraphBuilder g, Value x, Value w, Value xZeroPoint, Value wZeroPoint, Conv2dParams params) {
    requireBytes(CONV_OP, x);
    requireBytes(CONV_OP, w);
    TensorSpec xs = x.spec();
    TensorSpec ws = w.spec();
    if (xs.rank() != 4 || ws.rank() != 4) {
      throw new IllegalArgumentException(CONV_OP + ": x and w must be 4-D: x " + xs + ", w " + ws);
    }
    int groups = params.groups();
    int oc = ws.n();
    if (xs.c() % groups != 0
        || oc % groups != 0
        || ws.c() != xs.c() / groups
        || ws.h() != params.kernelH()
        || ws.w() != params.kernelW()) {
      throw new IllegalArgumentException(
          CONV_OP
              + ": weights "
              + ws
              + " do not fit input "
              + xs
              + " with "
              + params
              + " (expected [OC, C / groups, KH, KW], OC and C divisible by groups)");
    }
    Value zx = zeroPoint(g, CONV_OP, x, xZeroPoint, 1, "");
    Value zw = zeroPoint(g, CONV_OP, w, wZeroPoint, oc, "output channels");
    int outH = params.outH(xs.h());
    int outW = params.outW(xs.w());
    Value out =
        g.intermediate(
            CONV_OP + "(" + x.name() + ")",
            TensorSpec.of(DType.I32, Layout.NCHW, xs.n(), oc, outH, outW));
    PushConstants pc = Int8Support.dimsPush(x, 20);
    pc.i(xs.n()).i(oc).i(outH).i(outW);
    pc.i(params.kernelH()).i(params.kernelW()).i(params.strideH()).i(params.strideW());
    pc.i(params.dilationH()).i(params.dilationW()).i(params.padTop()).i(params.padLeft());
    pc.i(groups).i(signed(x)).i(signed(w)).i(zw.spec().elementCount() == 1 ? 0 : 1);
    g.dispatch(
        CONV_OP,
        OpSupport.linearKernel(KernelId.CONV_INTEGER),
        List.of(
            Binding.write(out),
            Binding.read(x),
            Binding.read(w),
            Binding.read(zx),
            Binding.read(zw)),
        pc.build(),
        OpSupport.linearGrid(g, out.spec().elementCount()));
    return out;
  }

  private static void requireBytes(String op, Value v) {
    DType t = v.spec().dtype();
    if (v.spec().layout() != Layout.NCHW || (t != DType.U8 && t != DType.I8)) {
      throw new IllegalArgumentException(
          op + ": '" + v.name() + "' is " + v.spec() + ", expected U8 or I8 NCHW");
    }
  }

  private static int signed(Value v) {
    return v.spec().dtype() == DType.I8 ? 1 : 0;
  }

  /**
   * Checks a zero point against its operand (same type; one value or {@code perElement} values), or
   * declares a zero constant when it is absent.
   */
  private static Value zeroPoint(
      GraphBuilder g, String op, Value operand, Value zp, long perElement, String per) {
    if (zp == null) {
      return g.constant(
          operand.name() + ".zero_point",
          TensorSpec.of(operand.spec().dtype(), Layout.NCHW, 1),
          ByteBuffer.allocate(1));
    }
    long count = zp.spec().elementCount();
    if (zp.spec().layout() != Layout.NCHW
        || zp.spec().dtype() != operand.spec().dtype()
        || (count != 1 && count != perElement)) {
      throw new IllegalArgumentException(
          op
              + ": zero point '"
              + zp.name()
              + "' "
              + zp.spec()
              + " must be "
              + operand.spec().dtype()
              + " with 1 value"
              + (per.isEmpty() ? "" : " or " + perElement + " (one per " + per + ")")
              + ", for '"
              + operand.name()
              + "' "
              + operand.spec());
    }
    return zp;
  }

  /** Batch dimensions right-aligned to two, padded with 1s. */
  private static long[] leftPad(long[] dims) {
    if (dims.length > 2) {
      throw new IllegalArgumentException(
          MATMUL_OP + ": at most two batch dimensions are supported: " + Arrays.toString(dims));
    }
    long[] out = {1, 1};
    System.arraycopy(dims, 0, out, 2 - dims.length, dims.length);
    return out;
  }

  /**
   * The result's shape: the batch dimensions of the longer operand, M unless A is 1-D, N unless B
   * is.
   */
  private static long[] matMulShape(long[] sa, long[] sb, long[] batch, int m, int n) {
    int batchRank = Math.max(Math.max(sa.length, sb.length) - 2, 0);
    long[] shape = new long[batchRank + (sa.length == 1 ? 0 : 1) + (sb.length == 1 ? 0 : 1)];
    for (int i = 0; i < batchRank; i++) {
      shape[i] = batch[2 - batchRank + i];
    }
    int j = batchRank;
    if (sa.length != 1) {
      shape[j++] = m;
    }
    if (sb.length != 1) {
      shape[j] = n;
    }
    return shape;
  }
}
