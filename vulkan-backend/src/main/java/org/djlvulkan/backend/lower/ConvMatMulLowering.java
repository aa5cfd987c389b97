package org.djlvulkan.backend.lower;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.ShapeRules;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.ops.BinaryOp;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.ops.ShapeOps;
import org.djlvulkan.backend.ops.UnaryFunction;
import org.djlvulkan.backend.ops.fp.Conv2dWeights;
import org.djlvulkan.backend.ops.fp.ConvOps;
import org.djlvulkan.backend.ops.fp.ConvTransposeOps;
import org.djlvulkan.backend.ops.fp.ElementwiseOps;
import org.djlvulkan.backend.ops.fp.LinearOps;
import org.djlvulkan.backend.ops.fp.LinearWeights;
import org.djlvulkan.backend.ops.fp.MatMulOps;
import org.djlvulkan.backend.plan.KernelPlanner;

/**
 * Lowers the float operators that contract over channels: Conv (through {@code ops.fp.ConvOps},
 * whose selector picks the kernel), ConvTranspose, Gemm, MatMul (with NumPy's 1-D and batch rules)
 * and the linear layer that the quantized-as-float lowering also uses.
 */
final class ConvMatMulLowering {
  private final LoweringContext cx;
  private final GraphBuilder g;
  private final BroadcastLowering broadcast;

  ConvMatMulLowering(LoweringContext cx, BroadcastLowering broadcast) {
    this.cx = cx;
    this.g = cx.builder();
    this.broadcast = broadcast;
  }

  /**
   * ConvTranspose of a 4-D input with constant weights: output size from {@code output_shape}, or
   * {@code stride * (in - 1) + output_padding + (k - 1) * dilation + 1 - pads}; {@code auto_pad}
   * SAME_UPPER/SAME_LOWER splits the padding as ONNX says.
   */
  DeviceTensor convTranspose(IrNode n, DeviceTensor x) {
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

  DeviceTensor conv(IrNode n) {
    DeviceTensor x = cx.tensor4(n);
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
      KernelPlanner kernels = cx.kernels();
      Value out =
          ConvOps.conv2d(
              g,
              x.value(),
              cw,
              p,
              n.activation(),
              cx.plan().conv(n, p, x.value().spec(), cw.outChannels(), kernels));
      return cx.shaped(n, out, out.spec().shape(), quant);
    } catch (IllegalArgumentException e) {
      throw cx.unsupported(n, e.getMessage());
    }
  }

  DeviceTensor gemm(IrNode n) {
    DeviceTensor a = cx.tensor(n, 0);
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
      return broadcast.binary(n, BinaryOp.ADD, y, c, n.activation());
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
    return broadcast.binary(n, BinaryOp.ADD, y, bias, n.activation());
  }

  DeviceTensor matMul(IrNode n) {
    DeviceTensor a = cx.tensor(n, 0);
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
          ShapeRules.broadcast(Arrays.copyOf(as, as.length - 2), Arrays.copyOf(bs, bs.length - 2));
    } catch (IllegalArgumentException e) {
      throw cx.unsupported(n, e.getMessage());
    }
    long[] out = Arrays.copyOf(batch, batch.length + 2);
    out[batch.length] = as[as.length - 2];
    out[batch.length + 1] = bs[bs.length - 1];
    cx.requireRank(n, out, "result");
    try {
      Value y = MatMulOps.matmul(g, broadcast.aligned(n, a, 4), broadcast.aligned(n, b, 4));
      return cx.shaped(n, y, out, null);
    } catch (IllegalArgumentException e) {
      throw cx.unsupported(n, e.getMessage());
    }
  }

  /**
   * Adds {@code act(alpha * A * op(B) + beta * C)} for a 2-D runtime A and constant B, with the
   * given activation.
   */
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
}
