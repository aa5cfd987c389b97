package org.djlvulkan.backend.passes;

import java.util.Arrays;
import org.djlvulkan.backend.ir.Attributes;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.TensorData;

/**
 * The host reference of ONNX ConvTranspose for any number of spatial axes: strides, dilations,
 * groups, pads or {@code auto_pad}, {@code output_padding} and {@code output_shape}. Every input
 * element scatters its products into the output; sums in double, rounded once to the input type.
 */
final class HostConvTranspose {
  private HostConvTranspose() {}

  /**
   * Computes ConvTranspose.
   *
   * @param x input {@code [N, C, D1..Dk]}
   * @param w weights {@code [C, M / group, K1..Kk]}
   * @param bias {@code [M]}, or null
   * @param a the node's attributes
   * @return the output {@code [N, M, O1..Ok]}
   */
  static TensorData compute(TensorData x, TensorData w, TensorData bias, Attributes a) {
    long[] xs = x.shape();
    long[] ws = w.shape();
    Geometry geo = geometry(xs, ws, a);
    int k = xs.length - 2;
    int group = (int) a.i("group", 1);
    long channels = xs[1];
    long outPerGroup = ws[1];
    long outChannels = geo.outChannels();
    long[] strides = HostWindow.orOnes(a.ints("strides"), k);
    long[] dilations = HostWindow.orOnes(a.ints("dilations"), k);
    long[] pads = geo.pads();
    long[] out = geo.out();
    long batch = xs[0];
    long inSpatial = count(xs, 2);
    long kernel = count(ws, 2);
    long outSpatial = Arrays.stream(out).reduce(1, Math::multiplyExact);
    double[] y = new double[Math.toIntExact(batch * outChannels * outSpatial)];
    long[] xc = new long[k];
    long[] kc = new long[k];
    long perGroup = channels / group;
    for (long n = 0; n < batch; n++) {
      for (long c = 0; c < channels; c++) {
        long g = c / perGroup;
        for (long i = 0; i < inSpatial; i++) {
          coords(i, xs, 2, xc);
          double v = x.getDouble((int) ((n * channels + c) * inSpatial + i));
          for (long kk = 0; kk < kernel; kk++) {
            coords(kk, ws, 2, kc);
            long o = 0;
            boolean inside = true;
            for (int d = 0; d < k && inside; d++) {
              long p = xc[d] * strides[d] + kc[d] * dilations[d] - pads[d];
              inside = p >= 0 && p < out[d];
              o = o * out[d] + p;
            }
            if (!inside) {
              continue;
            }
            for (long m = 0; m < outPerGroup; m++) {
              double wv = w.getDouble((int) ((c * outPerGroup + m) * kernel + kk));
              long oc = g * outPerGroup + m;
              y[(int) ((n * outChannels + oc) * outSpatial + o)] += v * wv;
            }
          }
        }
      }
    }
    if (bias != null) {
      for (int i = 0; i < y.length; i++) {
        y[i] += bias.getDouble((int) ((i / outSpatial) % outChannels));
      }
    }
    DataType type = x.type().isFloat() ? x.type() : DataType.FLOAT;
    return TensorData.ofDoubles(type, y, geo.shape(batch));
  }

  /**
   * The output geometry of ConvTranspose: output channels, the pads in effect (from {@code pads},
   * {@code auto_pad} or {@code output_shape}) and the output size per spatial axis.
   *
   * @param outChannels {@code M}
   * @param pads begin pads then end pads, one per spatial axis each
   * @param out the output size per spatial axis
   */
  record Geometry(long outChannels, long[] pads, long[] out) {
    /** Returns the output shape {@code [N, M, O1..Ok]} for a batch of {@code n}. */
    long[] shape(long n) {
      long[] s = new long[out.length + 2];
      s[0] = n;
      s[1] = outChannels;
      System.arraycopy(out, 0, s, 2, out.length);
      return s;
    }
  }

  /**
   * Reads the geometry of a ConvTranspose node.
   *
   * @param xs the input's shape {@code [N, C, D1..Dk]}
   * @param ws the weights' shape {@code [C, M / group, K1..Kk]}
   * @param a the node's attributes
   * @return the geometry
   * @throws IllegalArgumentException when the shapes do not fit each other or the groups
   */
  static Geometry geometry(long[] xs, long[] ws, Attributes a) {
    int k = xs.length - 2;
    if (k < 1 || ws.length != xs.length) {
      throw new IllegalArgumentException(
          "input " + Arrays.toString(xs) + " and weights " + Arrays.toString(ws) + " do not match");
    }
    int group = (int) a.i("group", 1);
    long channels = xs[1];
    if (ws[0] != channels || group < 1 || channels % group != 0) {
      throw new IllegalArgumentException(
          "weights "
              + Arrays.toString(ws)
              + " do not fit "
              + channels
              + " input channels in "
              + group
              + " groups");
    }
    long[] strides = HostWindow.orOnes(a.ints("strides"), k);
    long[] dilations = HostWindow.orOnes(a.ints("dilations"), k);
    long[] outPad = a.ints("output_padding") == null ? new long[k] : a.ints("output_padding");
    long[] pads = a.ints("pads") == null ? new long[2 * k] : a.ints("pads").clone();
    long[] shape = a.ints("output_shape");
    String autoPad = a.s("auto_pad", "NOTSET");
    long[] out = new long[k];
    for (int d = 0; d < k; d++) {
      long full = strides[d] * (xs[d + 2] - 1) + outPad[d] + (ws[d + 2] - 1) * dilations[d] + 1;
      long target =
          shape != null
              ? shape[shape.length - k + d]
              : autoPad.startsWith("SAME") ? xs[d + 2] * strides[d] : -1;
      if (target >= 0) {
        long total = full - target;
        boolean upper = !autoPad.equals("SAME_LOWER");
        pads[d] = upper ? total / 2 : total - total / 2;
        pads[d + k] = total - pads[d];
      } else if (autoPad.equals("VALID")) {
        pads[d] = 0;
        pads[d + k] = 0;
      }
      out[d] = full - pads[d] - pads[d + k];
    }
    return new Geometry(ws[1] * group, pads, out);
  }

  private static long count(long[] shape, int from) {
    long n = 1;
    for (int d = from; d < shape.length; d++) {
      n = Math.multiplyExact(n, shape[d]);
    }
    return n;
  }

  /** Writes the coordinates of flat index {@code i} over {@code shape[from..]} into {@code c}. */
  private static void coords(long i, long[] shape, int from, long[] c) {
    for (int d = shape.length - 1; d >= from; d--) {
      c[d - from] = i % shape[d];
      i /= shape[d];
    }
  }
}
