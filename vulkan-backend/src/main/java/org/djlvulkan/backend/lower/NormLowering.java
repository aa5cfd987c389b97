package org.djlvulkan.backend.lower;

import java.util.Arrays;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ir.Attributes;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.ShapeRules;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.ops.BinaryOp;
import org.djlvulkan.backend.ops.UnaryFunction;
import org.djlvulkan.backend.ops.fp.ElementwiseOps;
import org.djlvulkan.backend.ops.fp.LrnOps;
import org.djlvulkan.backend.ops.fp.ReduceOps;
import org.djlvulkan.backend.ops.fp.ReduceOps.Reduction;

/**
 * Lowers the normalizations as compositions of the reduction and element-wise kernels: LogSoftmax
 * ({@code x - logsumexp(x)} along the axis), InstanceNormalization (statistics per sample and
 * channel over H and W) and LayerNormalization (statistics over the axes from {@code axis} on):
 * {@code (x - mean) / sqrt(mean((x - mean)^2) + epsilon) * scale + bias}.
 */
final class NormLowering {
  private final LoweringContext cx;
  private final GraphBuilder g;

  NormLowering(LoweringContext cx) {
    this.cx = cx;
    this.g = cx.builder();
  }

  /**
   * LogSoftmax: with {@link Attributes#FLATTEN_FROM_AXIS}, over the flattened block from the axis
   * on.
   */
  DeviceTensor logSoftmax(IrNode n, DeviceTensor x) {
    int r = x.rank();
    long axisAttr = n.attrs().i("axis", -1);
    int axis = (int) (axisAttr < 0 ? axisAttr + r : axisAttr);
    if (axis < 0 || axis >= r) {
      throw cx.unsupported(n, "axis " + axisAttr + " out of range for rank " + r);
    }
    DeviceTensor in = x;
    boolean flatten = n.attrs().i(Attributes.FLATTEN_FROM_AXIS, 0) == 1 && axis < r - 1;
    if (r > 4 && !flatten) {
      // Above rank 4: over the axis of the rank-3 view [before, axis, after].
      in = cx.shaped(n, x.value(), ShapeRules.aroundAxis(x.shape(), axis), null);
      axis = 1;
    } else if (flatten) {
      long[] flat = {1, 1};
      for (int i = 0; i < r; i++) {
        flat[i < axis ? 0 : 1] *= x.shape()[i];
      }
      in = cx.shaped(n, x.value(), flat, null);
      axis = 1;
    }
    Value lse = ReduceOps.reduce(g, in.value(), axis, Reduction.LOG_SUM_EXP);
    Value y = ElementwiseOps.binary(g, BinaryOp.SUB, in.value(), lse, Activation.NONE);
    return cx.shaped(n, y, x.shape(), null);
  }

  /** InstanceNormalization of {@code [N, C, H, W]}: per-channel scale and bias inputs. */
  DeviceTensor instanceNorm(IrNode n, DeviceTensor x) {
    if (x.rank() != 4) {
      throw cx.unsupported(n, "input " + Arrays.toString(x.shape()) + " must be 4-D");
    }
    Normalized z = normalize(x.value(), new int[] {2, 3}, n.attrs().f("epsilon", 1e-5f));
    long[] perChannel = {1, x.shape()[1], 1, 1};
    return affine(n, z.value(), x.shape(), perChannel, 1, 2);
  }

  /** LayerNormalization (opset 17): normalized over the axes from {@code axis}, default -1. */
  DeviceTensor layerNorm(IrNode n, DeviceTensor x) {
    int r = x.rank();
    if (r > 4) {
      throw cx.unsupported(n, "input " + Arrays.toString(x.shape()) + " has rank above 4");
    }
    long axisAttr = n.attrs().i("axis", -1);
    int axis = (int) (axisAttr < 0 ? axisAttr + r : axisAttr);
    if (axis < 0 || axis >= r) {
      throw cx.unsupported(n, "axis " + axisAttr + " out of range for rank " + r);
    }
    int[] axes = new int[r - axis];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = axis + i;
    }
    Normalized z = normalize(x.value(), axes, n.attrs().f("epsilon", 1e-5f));
    long[] statShape = x.shape();
    Arrays.fill(statShape, axis, r, 1);
    if (n.outputs().size() > 1 && !n.outputs().get(1).isEmpty()) {
      cx.put(n.outputs().get(1), cx.shaped(n, z.mean(), statShape, null));
    }
    if (n.outputs().size() > 2 && !n.outputs().get(2).isEmpty()) {
      Value inv = ElementwiseOps.unary(g, z.deviation(), UnaryFunction.RECIPROCAL, 0f, 0f);
      cx.put(n.outputs().get(2), cx.shaped(n, inv, statShape, null));
    }
    long[] paramShape = x.shape();
    Arrays.fill(paramShape, 0, axis, 1);
    return affine(n, z.value(), x.shape(), paramShape, 1, 2);
  }

  /**
   * MeanVarianceNormalization: {@code (x - mean) / (sqrt(var) + 1e-9)} over {@code axes} (default
   * 0, 2 and 3), computed as {@code (x - mean) / sqrt(var + 1e-18)}, which is the same where the
   * variance is 0 and within float rounding elsewhere.
   */
  DeviceTensor meanVarianceNorm(IrNode n, DeviceTensor x) {
    int r = x.rank();
    if (r > 4) {
      throw cx.unsupported(n, "input " + Arrays.toString(x.shape()) + " has rank above 4");
    }
    long[] given = n.attrs().has("axes") ? n.attrs().ints("axes") : new long[] {0, 2, 3};
    int[] axes = new int[given.length];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = ShapeRules.axis(given[i], r, "axes");
    }
    return cx.shaped(n, normalize(x.value(), axes, 1e-18f).value(), x.shape(), null);
  }

  /** A normalized value with its mean and {@code sqrt(var + epsilon)}, both with kept axes. */
  private record Normalized(Value value, Value mean, Value deviation) {}

  /** {@code (x - mean) / sqrt(var + epsilon)} with the statistics over {@code axes}. */
  private Normalized normalize(Value x, int[] axes, float epsilon) {
    Value mean = meanOver(x, axes);
    Value centered = ElementwiseOps.binary(g, BinaryOp.SUB, x, mean, Activation.NONE);
    Value squared = ElementwiseOps.binary(g, BinaryOp.MUL, centered, centered, Activation.NONE);
    Value variance = meanOver(squared, axes);
    Value shifted = ElementwiseOps.unary(g, variance, UnaryFunction.AFFINE, 1f, epsilon);
    Value deviation = ElementwiseOps.unary(g, shifted, UnaryFunction.SQRT, 0f, 0f);
    return new Normalized(
        ElementwiseOps.binary(g, BinaryOp.DIV, centered, deviation, Activation.NONE),
        mean,
        deviation);
  }

  private Value meanOver(Value x, int[] axes) {
    Value v = x;
    long count = 1;
    for (int axis : axes) {
      count *= x.spec().shape()[axis];
      v = ReduceOps.reduce(g, v, axis, Reduction.SUM);
    }
    return ElementwiseOps.unary(g, v, UnaryFunction.AFFINE, 1f / count, 0f);
  }

  /** Multiplies by input {@code scaleInput} and adds input {@code biasInput} (if present). */
  private DeviceTensor affine(
      IrNode n, Value normalized, long[] shape, long[] paramShape, int scaleInput, int biasInput) {
    Value scale = cx.shaped(n, cx.tensor(n, scaleInput).value(), paramShape, null).value();
    Value y = ElementwiseOps.binary(g, BinaryOp.MUL, normalized, scale, Activation.NONE);
    if (!n.input(biasInput).isEmpty()) {
      Value bias = cx.shaped(n, cx.tensor(n, biasInput).value(), paramShape, null).value();
      y = ElementwiseOps.binary(g, BinaryOp.ADD, y, bias, Activation.NONE);
    }
    return cx.shaped(n, y, shape, null);
  }

  /**
   * GroupNormalization of {@code [N, C, ...]} (rank 3 or 4): each group of {@code C / num_groups}
   * channels normalized with its spatial axes, as the rank-3 view {@code [N, G, C / G * spatial]};
   * then the scale and bias, per channel ({@code C} values, operator set 21 and ExecuTorch) or per
   * group ({@code G} values, operator set 18: each repeated over its channels). ExecuTorch's group
   * norm may leave either out.
   */
  DeviceTensor groupNorm(IrNode n, DeviceTensor x) {
    long[] s = x.shape();
    long groups = n.attrs().i("num_groups", 0);
    if (s.length < 3 || s.length > 4) {
      throw cx.unsupported(n, "input " + Arrays.toString(s) + " must be 3-D or 4-D");
    }
    long channels = s[1];
    if (groups < 1 || channels % groups != 0) {
      throw cx.malformed(n, "num_groups " + groups + " does not divide " + channels + " channels");
    }
    long per = x.count() / (s[0] * groups);
    DeviceTensor grouped = cx.shaped(n, x.value(), new long[] {s[0], groups, per}, null);
    Normalized z = normalize(grouped.value(), new int[] {2}, n.attrs().f("epsilon", 1e-5f));
    Value y = cx.shaped(n, z.value(), s, null).value();
    long[] paramShape = new long[s.length];
    Arrays.fill(paramShape, 1);
    paramShape[1] = channels;
    for (int i = 1; i <= 2; i++) {
      if (n.input(i).isEmpty()) {
        continue;
      }
      Value param = perChannel(n, i, (int) channels, (int) groups, paramShape).value();
      y = ElementwiseOps.binary(g, i == 1 ? BinaryOp.MUL : BinaryOp.ADD, y, param, Activation.NONE);
    }
    return cx.shaped(n, y, s, null);
  }

  /** Input {@code i} as {@code [1, C, 1...]}: C values as they are, or G values repeated. */
  private DeviceTensor perChannel(IrNode n, int i, int channels, int groups, long[] shape) {
    TensorData c = cx.constantOrNull(n.input(i));
    long count = c != null ? c.count() : cx.tensor(n, i).count();
    if (count == channels) {
      return cx.shaped(n, cx.tensor(n, i).value(), shape, null);
    }
    if (count != groups || c == null) {
      throw cx.unsupported(
          n,
          "input "
              + i
              + " has "
              + count
              + " values (one per channel, "
              + channels
              + ", or a constant one per group, "
              + groups
              + ")");
    }
    float[] perGroup = c.toFloats();
    float[] v = new float[channels];
    for (int k = 0; k < channels; k++) {
      v[k] = perGroup[k / (channels / groups)];
    }
    return cx.materialize(n, n.input(i) + "::per-channel", TensorData.ofFloats(v, shape), shape);
  }

  /** LRN across channels of a 4-D input: size, alpha, beta and bias as attributes. */
  DeviceTensor lrn(IrNode n, DeviceTensor x) {
    if (x.rank() != 4) {
      throw cx.unsupported(n, "input " + Arrays.toString(x.shape()) + " must be 4-D");
    }
    long size = n.attrs().i("size", 0);
    if (size < 1) {
      throw cx.unsupported(n, "size must be positive, is " + size);
    }
    Value out =
        LrnOps.lrn(
            g,
            x.value(),
            (int) size,
            n.attrs().f("alpha", 1e-4f),
            n.attrs().f("beta", 0.75f),
            n.attrs().f("bias", 1f));
    return cx.shaped(n, out, x.shape(), null);
  }
}
