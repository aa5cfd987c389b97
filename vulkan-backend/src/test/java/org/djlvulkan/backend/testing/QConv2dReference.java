package org.djlvulkan.backend.testing;

import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.ops.int8.QConv2dWeights;
import org.djlvulkan.backend.tensor.QuantParams;

/**
 * The Java reference of the q8ta convolution (DESIGN.md section 4), NCHW in and out, straight from
 * the definition: exact int32 sums in which padding reads the input zero point, then the float
 * steps of the kernels as single IEEE binary32 operations in the same order, rounding half to even
 * with {@link Math#rint}.
 */
public final class QConv2dReference {
  private QConv2dReference() {}

  /**
   * The shifted sums {@code acc' = sum x * w - z_x * wsum[oc]} (padding reads {@code z_x}).
   *
   * @param x input NCHW int8 values
   * @param dims input N, C, H, W
   * @param zx the input zero point
   * @param wt the weights
   * @param p geometry
   * @return {@code acc'} NCHW {@code [N, OC, OH, OW]}
   */
  public static int[] shiftedSums(int[] x, int[] dims, int zx, QConv2dWeights wt, Conv2dParams p) {
    int n = dims[0];
    int c = dims[1];
    int h = dims[2];
    int w = dims[3];
    int oc = wt.outChannels();
    int oh = p.outH(h);
    int ow = p.outW(w);
    int icpg = c / p.groups();
    int ocpg = oc / p.groups();
    int[] out = new int[n * oc * oh * ow];
    for (int b = 0; b < n; b++) {
      for (int o = 0; o < oc; o++) {
        int g = o / ocpg;
        int wsum = 0;
        for (int icg = 0; icg < icpg; icg++) {
          for (int ky = 0; ky < p.kernelH(); ky++) {
            for (int kx = 0; kx < p.kernelW(); kx++) {
              wsum += wt.weight(o, icg, ky, kx);
            }
          }
        }
        for (int y = 0; y < oh; y++) {
          for (int xo = 0; xo < ow; xo++) {
            int acc = 0;
            for (int icg = 0; icg < icpg; icg++) {
              int ic = g * icpg + icg;
              for (int ky = 0; ky < p.kernelH(); ky++) {
                int iy = y * p.strideH() - p.padTop() + ky * p.dilationH();
                for (int kx = 0; kx < p.kernelW(); kx++) {
                  int ix = xo * p.strideW() - p.padLeft() + kx * p.dilationW();
                  boolean inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
                  int xv = inside ? x[((b * c + ic) * h + iy) * w + ix] : zx;
                  acc += xv * wt.weight(o, icg, ky, kx);
                }
              }
            }
            out[((b * oc + o) * oh + y) * ow + xo] = acc - zx * wsum;
          }
        }
      }
    }
    return out;
  }

  /**
   * The real outputs before requantization: {@code act(float(acc') * (s_x * s_w[oc]) + bias)}, each
   * step one float operation.
   *
   * @param shifted {@code acc'} NCHW from {@link #shiftedSums}
   * @param plane OH * OW
   * @param inputScale {@code s_x}
   * @param wt the weights (scales, bias)
   * @param act the activation (none, ReLU or a clamp)
   * @return the real values, NCHW
   */
  public static float[] realOutputs(
      int[] shifted, int plane, float inputScale, QConv2dWeights wt, Activation act) {
    int oc = wt.outChannels();
    float[] y = new float[shifted.length];
    for (int i = 0; i < shifted.length; i++) {
      int o = (i / plane) % oc;
      float m = inputScale * wt.scale(o);
      float v = (float) shifted[i] * m + wt.bias(o);
      y[i] = act.apply(v);
    }
    return y;
  }

  /**
   * The int32 bias form (ONNX Runtime's): {@code v = float(acc' + b[oc]) * M[oc]} with {@code M[oc]
   * = (s_x * s_w[oc]) / s_y} ({@link QConv2dWeights#multiplier}), one float multiply; with a clamp
   * activation {@code v} is clamped to the bounds in output steps, {@code [rint(lo / s_y), rint(hi
   * / s_y)]}; then {@code q = clamp(roundEven(v) + z_y, -128, 127)}.
   *
   * @param shifted {@code acc'} NCHW from {@link #shiftedSums}
   * @param plane OH * OW
   * @param inputScale {@code s_x}
   * @param wt the weights (scales, int32 bias)
   * @param act the activation (none, ReLU or a clamp)
   * @param out the output's scale and zero point
   * @return int8 values, NCHW
   */
  public static int[] intBiasOutputs(
      int[] shifted,
      int plane,
      float inputScale,
      QConv2dWeights wt,
      Activation act,
      QuantParams out) {
    int oc = wt.outChannels();
    int[] q = new int[shifted.length];
    for (int i = 0; i < shifted.length; i++) {
      int o = (i / plane) % oc;
      float v = (float) (shifted[i] + wt.intBias(o)) * wt.multiplier(o, inputScale, out.scale());
      if (act.clamp()) {
        v =
            Math.min(
                Math.max(v, (float) Math.rint(act.lo() / out.scale())),
                (float) Math.rint(act.hi() / out.scale()));
      }
      double r = Math.rint(v) + out.zeroPoint();
      q[i] = (int) Math.max(-128, Math.min(127, r));
    }
    return q;
  }

  /**
   * Requantizes real values: {@code clamp(roundEven(y * (1 / s_y)) + z_y, -128, 127)}.
   *
   * @param y real values
   * @param out the output's scale and zero point
   * @return int8 values
   */
  public static int[] requantize(float[] y, QuantParams out) {
    float inv = out.inverseScale();
    int[] q = new int[y.length];
    for (int i = 0; i < y.length; i++) {
      q[i] = LayoutReference.quantize(y[i], inv, out.zeroPoint());
    }
    return q;
  }
}
