package org.djlvulkan.backend.passes;

import java.util.Arrays;
import java.util.List;
import org.djlvulkan.backend.ir.Attributes;
import org.djlvulkan.backend.ir.ShapeRules;
import org.djlvulkan.backend.ir.TensorData;

/**
 * The host references of ONNX Conv (groups, dilations, pads), MaxPool and AveragePool and
 * BatchNormalization (inference form) for any number of spatial axes: what runs where the device
 * kernels, written for 1-D and 2-D, meet a 3-D model. Sums in double, rounded once to the input
 * type.
 */
final class HostConvPool {
  private HostConvPool() {}

  /** Conv: {@code x [N, C, D..]}, {@code w [M, C / group, K..]}, optional bias {@code [M]}. */
  static TensorData conv(TensorData x, TensorData w, TensorData bias, Attributes a) {
    long[] xs = x.shape();
    long[] ws = w.shape();
    int group = (int) a.i("group", 1);
    if (ws.length != xs.length || xs.length < 3 || ws[1] * group != xs[1] || ws[0] % group != 0) {
      throw new IllegalArgumentException(
          "weights " + w + " do not fit input " + x + " in " + group + " groups");
    }
    HostWindow win = HostWindow.of(a, spatial(xs), spatial(ws), false);
    long outChannels = ws[0];
    long perGroupIn = ws[1];
    long perGroupOut = outChannels / group;
    long outCount = win.outCount();
    long taps = win.taps();
    long inCount = win.inCount();
    double[] y = new double[Math.toIntExact(xs[0] * outChannels * outCount)];
    for (long n = 0; n < xs[0]; n++) {
      for (long oc = 0; oc < outChannels; oc++) {
        long g = oc / perGroupOut;
        for (long o = 0; o < outCount; o++) {
          double sum = bias == null ? 0 : bias.getDouble((int) oc);
          for (long t = 0; t < taps; t++) {
            long src = win.source(o, t);
            if (src < 0) {
              continue;
            }
            for (long ic = 0; ic < perGroupIn; ic++) {
              long c = g * perGroupIn + ic;
              sum +=
                  x.getDouble((int) ((n * xs[1] + c) * inCount + src))
                      * w.getDouble((int) ((oc * perGroupIn + ic) * taps + t));
            }
          }
          y[(int) ((n * outChannels + oc) * outCount + o)] = sum;
        }
      }
    }
    return TensorData.ofDoubles(x.type(), y, shape(xs[0], outChannels, win.out()));
  }

  /** MaxPool (one output) or AveragePool over {@code kernel_shape}. */
  static TensorData pool(TensorData x, Attributes a, boolean max) {
    long[] xs = x.shape();
    long[] kernel = a.ints("kernel_shape");
    if (kernel == null || kernel.length != xs.length - 2) {
      throw new IllegalArgumentException("kernel_shape " + Arrays.toString(kernel) + " for " + x);
    }
    HostWindow win = HostWindow.of(a, spatial(xs), kernel, a.i("ceil_mode", 0) != 0);
    boolean countPad = a.i("count_include_pad", 0) != 0;
    long planes = xs[0] * xs[1];
    long outCount = win.outCount();
    long taps = win.taps();
    long inCount = win.inCount();
    double[] y = new double[Math.toIntExact(planes * outCount)];
    for (long p = 0; p < planes; p++) {
      for (long o = 0; o < outCount; o++) {
        double acc = max ? Double.NEGATIVE_INFINITY : 0;
        long counted = 0;
        for (long t = 0; t < taps; t++) {
          long src = win.source(o, t);
          if (src == -1 && countPad) {
            counted++;
          }
          if (src < 0) {
            continue;
          }
          double v = x.getDouble((int) (p * inCount + src));
          acc =
              max
                  ? (Double.isNaN(acc) || Double.isNaN(v) ? Double.NaN : Math.max(acc, v))
                  : acc + v;
          counted++;
        }
        y[(int) (p * outCount + o)] = max ? acc : acc / counted;
      }
    }
    return TensorData.ofDoubles(x.type(), y, shape(xs[0], xs[1], win.out()));
  }

  /**
   * MaxPool with its Indices output: the maximum of each window and where it is (the first one on
   * ties), int64 positions in the flattened input, row-major ({@code storage_order} 0) or with the
   * last two axes swapped (1, column-major, 2-D only).
   */
  static List<TensorData> maxPoolWithIndices(TensorData x, Attributes a) {
    long[] xs = x.shape();
    long[] kernel = a.ints("kernel_shape");
    if (kernel == null || kernel.length != xs.length - 2) {
      throw new IllegalArgumentException("kernel_shape " + Arrays.toString(kernel) + " for " + x);
    }
    boolean columnMajor = a.i("storage_order", 0) != 0;
    if (columnMajor && xs.length != 4) {
      throw new IllegalArgumentException("storage_order 1 needs a 2-D pooling, got " + x);
    }
    HostWindow win = HostWindow.of(a, spatial(xs), kernel, a.i("ceil_mode", 0) != 0);
    long planes = xs[0] * xs[1];
    long outCount = win.outCount();
    long inCount = win.inCount();
    double[] y = new double[Math.toIntExact(planes * outCount)];
    long[] at = new long[y.length];
    for (long p = 0; p < planes; p++) {
      for (long o = 0; o < outCount; o++) {
        double best = Double.NEGATIVE_INFINITY;
        long where = -1;
        for (long t = 0; t < win.taps(); t++) {
          long src = win.source(o, t);
          if (src < 0) {
            continue;
          }
          double v = x.getDouble((int) (p * inCount + src));
          if (where < 0 || v > best || (Double.isNaN(v) && !Double.isNaN(best))) {
            best = v;
            where = src;
          }
        }
        int i = (int) (p * outCount + o);
        y[i] = best;
        if (columnMajor) {
          long h = where / xs[3];
          long w = where % xs[3];
          at[i] = p * inCount + w * xs[2] + h;
        } else {
          at[i] = p * inCount + where;
        }
      }
    }
    long[] shape = shape(xs[0], xs[1], win.out());
    return List.of(TensorData.ofDoubles(x.type(), y, shape), TensorData.ofLongs(at, shape));
  }

  /**
   * MaxUnpool: zeros with each value of X at its index, which counts positions of the flattened
   * pooling inverse ({@code (in - 1) * stride - pads + kernel} per spatial axis); an {@code
   * output_shape} input, when given, takes the values at the same coordinates, padded at the end.
   */
  static TensorData maxUnpool(
      TensorData x, TensorData indices, TensorData outputShape, Attributes a) {
    long[] xs = x.shape();
    if (!Arrays.equals(indices.shape(), xs)) {
      throw new IllegalArgumentException("indices " + indices + " must have X's shape " + x);
    }
    long[] inverse = unpooledShape(xs, a);
    long[] out = outputShape != null && outputShape.count() > 0 ? outputShape.toLongs() : inverse;
    if (out.length != xs.length) {
      throw new IllegalArgumentException("output_shape " + Arrays.toString(out) + " for " + x);
    }
    long[] inverseStrides = ShapeRules.strides(inverse);
    long[] outStrides = ShapeRules.strides(out);
    double[] y = new double[Math.toIntExact(Arrays.stream(out).reduce(1, Math::multiplyExact))];
    for (int i = 0; i < x.count(); i++) {
      long k = indices.getLong(i);
      long at = 0;
      for (int d = 0; d < inverse.length; d++) {
        long coordinate = (k / inverseStrides[d]) % inverse[d];
        if (coordinate >= out[d] || k < 0) {
          throw new IllegalArgumentException(
              "index " + k + " outside the output " + Arrays.toString(out));
        }
        at += coordinate * outStrides[d];
      }
      y[(int) at] = x.getDouble(i);
    }
    return TensorData.ofDoubles(x.type(), y, out);
  }

  /**
   * MaxUnpool's shape without an {@code output_shape}: each spatial axis {@code (in - 1) * stride -
   * pads + kernel}, the pooling's inverse.
   */
  static long[] unpooledShape(long[] xs, Attributes a) {
    long[] kernel = a.ints("kernel_shape");
    if (kernel == null || kernel.length != xs.length - 2) {
      throw new IllegalArgumentException(
          "kernel_shape " + Arrays.toString(kernel) + " for " + Arrays.toString(xs));
    }
    long[] strides = a.ints("strides");
    long[] pads = a.ints("pads");
    long[] out = xs.clone();
    for (int d = 0; d < kernel.length; d++) {
      long stride = strides == null ? 1 : strides[d];
      long padding = pads == null ? 0 : pads[d] + pads[d + kernel.length];
      out[d + 2] = (xs[d + 2] - 1) * stride - padding + kernel[d];
    }
    return out;
  }

  /** BatchNormalization, inference form: {@code (x - mean) / sqrt(var + epsilon) * scale + b}. */
  static TensorData batchNorm(
      TensorData x, TensorData scale, TensorData b, TensorData mean, TensorData var, float eps) {
    long[] xs = x.shape();
    long channels = xs.length > 1 ? xs[1] : 1;
    long inner = 1;
    for (int d = 2; d < xs.length; d++) {
      inner *= xs[d];
    }
    double[] y = x.toDoubles();
    for (int i = 0; i < y.length; i++) {
      int c = (int) ((i / inner) % channels);
      double inv = 1 / Math.sqrt(var.getDouble(c) + eps);
      y[i] = (y[i] - mean.getDouble(c)) * inv * scale.getDouble(c) + b.getDouble(c);
    }
    return TensorData.ofDoubles(x.type(), y, xs);
  }

  private static long[] spatial(long[] shape) {
    return Arrays.copyOfRange(shape, 2, shape.length);
  }

  private static long[] shape(long n, long c, long[] spatial) {
    long[] s = new long[spatial.length + 2];
    s[0] = n;
    s[1] = c;
    System.arraycopy(spatial, 0, s, 2, spatial.length);
    return s;
  }
}
