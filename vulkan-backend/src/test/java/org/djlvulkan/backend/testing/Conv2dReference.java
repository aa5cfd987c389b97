package org.djlvulkan.backend.testing;

import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.ops.fp.BatchNormParams;
import org.djlvulkan.backend.ops.fp.Conv2dWeights;
import org.djlvulkan.backend.ops.fp.LinearWeights;

/**
 * Double-precision Java references of the fp32 convolution family, BatchNormalization and linear
 * (NCHW in and out), and the tolerance check the kernel tests share: {@code max |diff| <= 1e-4 *
 * max |ref| + 1e-5}.
 */
public final class Conv2dReference {
  private Conv2dReference() {}

  /**
   * Convolution with bias and activation, straight from the definition.
   *
   * @param x input NCHW
   * @param n batch
   * @param c input channels
   * @param h input height
   * @param w input width
   * @param wt weights
   * @param p geometry
   * @param act activation
   * @return output NCHW {@code [n, OC, OH, OW]}
   */
  public static double[] conv2d(
      float[] x, int n, int c, int h, int w, Conv2dWeights wt, Conv2dParams p, Activation act) {
    int oc = wt.outChannels();
    int oh = p.outH(h);
    int ow = p.outW(w);
    int icpg = c / p.groups();
    int ocpg = oc / p.groups();
    double[] out = new double[n * oc * oh * ow];
    for (int b = 0; b < n; b++) {
      for (int o = 0; o < oc; o++) {
        int g = o / ocpg;
        for (int y = 0; y < oh; y++) {
          for (int xo = 0; xo < ow; xo++) {
            double s = wt.bias(o);
            for (int icg = 0; icg < icpg; icg++) {
              int ic = g * icpg + icg;
              for (int ky = 0; ky < p.kernelH(); ky++) {
                int iy = y * p.strideH() - p.padTop() + ky * p.dilationH();
                if (iy < 0 || iy >= h) {
                  continue;
                }
                for (int kx = 0; kx < p.kernelW(); kx++) {
                  int ix = xo * p.strideW() - p.padLeft() + kx * p.dilationW();
                  if (ix < 0 || ix >= w) {
                    continue;
                  }
                  s += (double) x[((b * c + ic) * h + iy) * w + ix] * wt.weight(o, icg, ky, kx);
                }
              }
            }
            out[((b * oc + o) * oh + y) * ow + xo] = act.apply(s);
          }
        }
      }
    }
    return out;
  }

  /**
   * Inference BatchNormalization from the definition {@code (x - mean) / sqrt(var + eps) * scale +
   * bias}, then the activation.
   *
   * @param x NCHW values
   * @param n batch
   * @param c channels
   * @param plane H * W
   * @param bn parameters
   * @param act activation
   * @return NCHW output
   */
  public static double[] batchNorm(
      double[] x, int n, int c, int plane, BatchNormParams bn, Activation act) {
    double[] out = new double[x.length];
    for (int b = 0; b < n; b++) {
      for (int ch = 0; ch < c; ch++) {
        double inv = 1.0 / Math.sqrt((double) bn.var()[ch] + bn.epsilon());
        for (int i = 0; i < plane; i++) {
          int idx = (b * c + ch) * plane + i;
          out[idx] = act.apply((x[idx] - bn.mean()[ch]) * inv * bn.scale()[ch] + bn.bias()[ch]);
        }
      }
    }
    return out;
  }

  /**
   * Linear layer {@code y[n][o] = act(sum_k x[n][k] * W[o][k] + bias[o])}.
   *
   * @param x {@code [n][K]}
   * @param n rows
   * @param w weights
   * @param act activation
   * @return {@code [n][out]}
   */
  public static double[] linear(float[] x, int n, LinearWeights w, Activation act) {
    int k = w.inFeatures();
    int o = w.outFeatures();
    double[] out = new double[n * o];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < o; j++) {
        double s = w.bias() == null ? 0 : w.bias()[j];
        for (int i = 0; i < k; i++) {
          s += (double) x[r * k + i] * w.weight()[j * k + i];
        }
        out[r * o + j] = act.apply(s);
      }
    }
    return out;
  }

  /**
   * Converts floats to doubles.
   *
   * @param x floats
   * @return doubles
   */
  public static double[] toDouble(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i];
    }
    return d;
  }

  /**
   * Throws an {@link AssertionError} naming the case, the max difference and the bound unless
   * {@code max |got - ref| <= 1e-4 * max |ref| + 1e-5} and the lengths match.
   *
   * @param label the case, for the message
   * @param ref reference values
   * @param got kernel output
   */
  public static void assertClose(String label, double[] ref, float[] got) {
    if (ref.length != got.length) {
      throw new AssertionError(label + ": " + got.length + " values, expected " + ref.length);
    }
    double maxRef = 0;
    double maxDiff = 0;
    int worst = -1;
    for (int i = 0; i < ref.length; i++) {
      maxRef = Math.max(maxRef, Math.abs(ref[i]));
      double d = Math.abs(got[i] - ref[i]);
      if (!(d <= maxDiff)) {
        maxDiff = d;
        worst = i;
      }
    }
    double bound = 1e-4 * maxRef + 1e-5;
    if (!(maxDiff <= bound)) {
      throw new AssertionError(
          String.format(
              "%s: max |diff| %.3g > %.3g (max |ref| %.3g) at %d: got %s, expected %s",
              label, maxDiff, bound, maxRef, worst, got[worst], ref[worst]));
    }
  }

  /**
   * Deterministic uniform values in {@code [-scale, scale)}.
   *
   * @param count how many
   * @param seed the seed
   * @param scale half-width
   * @return the values
   */
  public static float[] random(int count, long seed, float scale) {
    java.util.Random r = new java.util.Random(seed);
    float[] v = new float[count];
    for (int i = 0; i < count; i++) {
      v[i] = (r.nextFloat() * 2 - 1) * scale;
    }
    return v;
  }
}
