package org.djlvulkan.backend.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.function.Function;
import org.assertj.core.data.Offset;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ops.fp.ConvTransposeOps;
import org.djlvulkan.backend.ops.fp.LrnOps;
import org.djlvulkan.backend.ops.fp.ReduceOps;
import org.djlvulkan.backend.ops.fp.ResizeOps;
import org.djlvulkan.backend.testing.GraphRunner;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The strided copy (slice, Expand), pad, resize, transposed convolution, LRN and the extra
 * reductions (with ArgMax/ArgMin and TopK) on the GPU against Java loops over NCHW, on a 5-channel
 * input (padded lanes).
 */
@ExtendWith(VulkanExtension.class)
class LayoutKernelsTest {
  private static final long[] SHAPE = {2, 5, 4, 6};
  private static final int N = 2;
  private static final int C = 5;
  private static final int H = 4;
  private static final int W = 6;

  private static final float[] X = OpRunner.random(N * C * H * W, 11);

  private static float x(int n, int c, int h, int w) {
    return X[((n * C + c) * H + h) * W + w];
  }

  private static float[] run(Function<GraphRunner.GraphContext, Value> op) {
    return GraphRunner.runFloats(
        VulkanExtension.device(), SHAPE, X, c -> LayoutOps.toNchwOutput(c.g(), op.apply(c)));
  }

  private static Value in(GraphRunner.GraphContext c) {
    return LayoutOps.toNc4hw4(c.g(), c.input());
  }

  @Test
  void aStridedSliceWithNegativeStepsReadsWhatJavaReads() {
    // n: 1 only; c: 4, 2, 0 (step -2); h: 0..3 step 3; w: 5, 4, 3 (step -1).
    long[] begin = {1, 4, 0, 5};
    long[] step = {1, -2, 3, -1};
    long[] out = {1, 3, 2, 3};
    float[] y = run(c -> ShapeOps.slice(c.g(), in(c), begin, step, out));
    int i = 0;
    for (int c = 0; c < 3; c++) {
      for (int h = 0; h < 2; h++) {
        for (int w = 0; w < 3; w++) {
          assertThat(y[i++]).isEqualTo(x(1, 4 - 2 * c, 3 * h, 5 - w));
        }
      }
    }
  }

  @Test
  void padFillsEveryModeAsJavaDoes() {
    long[] before = {0, 1, 2, 1};
    long[] after = {0, 2, 1, 3};
    for (ShapeOps.PadMode mode : ShapeOps.PadMode.values()) {
      float[] y = run(c -> ShapeOps.pad(c.g(), in(c), before, after, mode, 7.5f));
      int oc = C + 3;
      int oh = H + 3;
      int ow = W + 4;
      assertThat(y).hasSize(N * oc * oh * ow);
      int i = 0;
      for (int n = 0; n < N; n++) {
        for (int c = 0; c < oc; c++) {
          for (int h = 0; h < oh; h++) {
            for (int w = 0; w < ow; w++) {
              int sc = source(c - 1, C, mode);
              int sh = source(h - 2, H, mode);
              int sw = source(w - 1, W, mode);
              float want = sc < 0 || sh < 0 || sw < 0 ? 7.5f : x(n, sc, sh, sw);
              assertThat(y[i++]).as("%s at %d %d %d %d", mode, n, c, h, w).isEqualTo(want);
            }
          }
        }
      }
    }
  }

  private static int source(int i, int len, ShapeOps.PadMode mode) {
    switch (mode) {
      case REFLECT:
        int r = Math.abs(i) % (2 * (len - 1));
        return r >= len ? 2 * (len - 1) - r : r;
      case EDGE:
        return Math.max(0, Math.min(len - 1, i));
      default:
        return i < 0 || i >= len ? -1 : i;
    }
  }

  @Test
  void resizeNearestAndBilinearFollowHalfPixelCoordinates() {
    int oh = 7;
    int ow = 9;
    float sh = (float) oh / H;
    float sw = (float) ow / W;
    float[] nearest =
        run(
            c ->
                ResizeOps.resize2d(
                    c.g(),
                    in(c),
                    oh,
                    ow,
                    sh,
                    sw,
                    ResizeOps.Interpolation.nearest("round_prefer_floor"),
                    "half_pixel"));
    float[] linear =
        run(
            c ->
                ResizeOps.resize2d(
                    c.g(), in(c), oh, ow, sh, sw, ResizeOps.Interpolation.linear(), "half_pixel"));
    int i = 0;
    for (int n = 0; n < N; n++) {
      for (int c = 0; c < C; c++) {
        for (int h = 0; h < oh; h++) {
          for (int w = 0; w < ow; w++) {
            double fy = (h + 0.5) / sh - 0.5;
            double fx = (w + 0.5) / sw - 0.5;
            int ny = clamp((int) (fy - Math.floor(fy) == 0.5 ? Math.floor(fy) : Math.rint(fy)), H);
            int nx = clamp((int) (fx - Math.floor(fx) == 0.5 ? Math.floor(fx) : Math.rint(fx)), W);
            assertThat(nearest[i]).isEqualTo(x(n, c, ny, nx));
            double cy = Math.max(0, Math.min(H - 1, fy));
            double cx = Math.max(0, Math.min(W - 1, fx));
            int y0 = (int) Math.floor(cy);
            int x0 = (int) Math.floor(cx);
            int y1 = Math.min(y0 + 1, H - 1);
            int x1 = Math.min(x0 + 1, W - 1);
            double top = x(n, c, y0, x0) * (1 - (cx - x0)) + x(n, c, y0, x1) * (cx - x0);
            double bottom = x(n, c, y1, x0) * (1 - (cx - x0)) + x(n, c, y1, x1) * (cx - x0);
            double want = top * (1 - (cy - y0)) + bottom * (cy - y0);
            assertThat((double) linear[i]).isCloseTo(want, Offset.offset(1e-5));
            i++;
          }
        }
      }
    }
  }

  /**
   * Bicubic up- and downsampling (ONNX's cubic convolution, A = -0.75 and PyTorch's -0.5, with and
   * without the neighbours past the edge) against the same formula in double.
   */
  @Test
  void resizeCubicWeighsTheFourByFourNeighbours() {
    int[][] sizes = {{7, 9}, {3, 4}};
    for (int[] size : sizes) {
      for (float a : new float[] {-0.75f, -0.5f}) {
        for (boolean exclude : new boolean[] {false, true}) {
          int oh = size[0];
          int ow = size[1];
          float sh = (float) oh / H;
          float sw = (float) ow / W;
          ResizeOps.Interpolation how = ResizeOps.Interpolation.cubic(a, exclude);
          float[] got =
              run(c -> ResizeOps.resize2d(c.g(), in(c), oh, ow, sh, sw, how, "half_pixel"));
          int i = 0;
          for (int n = 0; n < N; n++) {
            for (int c = 0; c < C; c++) {
              for (int h = 0; h < oh; h++) {
                for (int w = 0; w < ow; w++) {
                  double[] wy = cubicWeights((h + 0.5) / sh - 0.5, H, a, exclude);
                  double[] wx = cubicWeights((w + 0.5) / sw - 0.5, W, a, exclude);
                  int y0 = (int) Math.floor((h + 0.5) / sh - 0.5) - 1;
                  int x0 = (int) Math.floor((w + 0.5) / sw - 0.5) - 1;
                  double want = 0;
                  for (int ky = 0; ky < 4; ky++) {
                    for (int kx = 0; kx < 4; kx++) {
                      want += wy[ky] * wx[kx] * x(n, c, clamp(y0 + ky, H), clamp(x0 + kx, W));
                    }
                  }
                  assertThat((double) got[i])
                      .as("%dx%d a=%s exclude=%s at %d", oh, ow, a, exclude, i)
                      .isCloseTo(want, Offset.offset(1e-4));
                  i++;
                }
              }
            }
          }
        }
      }
    }
  }

  /** The four cubic weights of coordinate x over a line of {@code len}, as ONNX defines them. */
  private static double[] cubicWeights(double x, int len, double a, boolean exclude) {
    double t = x - Math.floor(x);
    int first = (int) Math.floor(x) - 1;
    double[] w = new double[4];
    double sum = 0;
    for (int k = 0; k < 4; k++) {
      w[k] = ResizeOps.cubicWeight(t - (k - 1), a);
      if (exclude && (first + k < 0 || first + k >= len)) {
        w[k] = 0;
      }
      sum += w[k];
    }
    for (int k = 0; exclude && k < 4; k++) {
      w[k] /= sum;
    }
    return w;
  }

  private static int clamp(int i, int len) {
    return Math.max(0, Math.min(len - 1, i));
  }

  @Test
  void aTransposedConvolutionWithStridePadsAndGroupsAddsWhatJavaAdds() {
    int oc = 4;
    int groups = 1;
    int k = 3;
    int stride = 2;
    int pad = 1;
    int outH = stride * (H - 1) + k - 2 * pad;
    int outW = stride * (W - 1) + k - 2 * pad;
    float[] w = OpRunner.random((long) C * oc * k * k, 12);
    float[] b = OpRunner.random(oc, 13);
    Conv2dParams geo = new Conv2dParams(k, k, stride, stride, 1, 1, pad, pad, 0, 0, groups);
    float[] y = run(c -> ConvTransposeOps.convTranspose2d(c.g(), in(c), w, b, oc, geo, outH, outW));
    double[] want = new double[N * oc * outH * outW];
    for (int n = 0; n < N; n++) {
      for (int o = 0; o < oc; o++) {
        for (int i = 0; i < outH * outW; i++) {
          want[(n * oc + o) * outH * outW + i] = b[o];
        }
        for (int ic = 0; ic < C; ic++) {
          for (int ih = 0; ih < H; ih++) {
            for (int iw = 0; iw < W; iw++) {
              for (int kh = 0; kh < k; kh++) {
                for (int kw = 0; kw < k; kw++) {
                  int yh = ih * stride - pad + kh;
                  int yw = iw * stride - pad + kw;
                  if (yh >= 0 && yh < outH && yw >= 0 && yw < outW) {
                    want[((n * oc + o) * outH + yh) * outW + yw] +=
                        (double) x(n, ic, ih, iw) * w[((ic * oc + o) * k + kh) * k + kw];
                  }
                }
              }
            }
          }
        }
      }
    }
    for (int i = 0; i < want.length; i++) {
      assertThat((double) y[i]).isCloseTo(want[i], Offset.offset(1e-4));
    }
  }

  @Test
  void lrnSumsTheSquaresOfTheChannelWindow() {
    int size = 3;
    float alpha = 0.3f;
    float beta = 0.75f;
    float bias = 2f;
    float[] y = run(c -> LrnOps.lrn(c.g(), in(c), size, alpha, beta, bias));
    int i = 0;
    for (int n = 0; n < N; n++) {
      for (int c = 0; c < C; c++) {
        for (int h = 0; h < H; h++) {
          for (int w = 0; w < W; w++) {
            double sum = 0;
            for (int k = Math.max(0, c - 1); k <= Math.min(C - 1, c + 1); k++) {
              sum += (double) x(n, k, h, w) * x(n, k, h, w);
            }
            double want = x(n, c, h, w) / Math.pow(bias + alpha / size * sum, beta);
            assertThat((double) y[i++]).isCloseTo(want, Offset.offset(1e-5));
          }
        }
      }
    }
  }

  @Test
  void minProductAndLogSumExpReduceTheChannelAxis() {
    float[] min = run(c -> ReduceOps.reduce(c.g(), in(c), 1, ReduceOps.Reduction.MIN));
    float[] prod = run(c -> ReduceOps.reduce(c.g(), in(c), 1, ReduceOps.Reduction.PROD));
    float[] lse = run(c -> ReduceOps.reduce(c.g(), in(c), 1, ReduceOps.Reduction.LOG_SUM_EXP));
    int i = 0;
    for (int n = 0; n < N; n++) {
      for (int h = 0; h < H; h++) {
        for (int w = 0; w < W; w++) {
          double m = Double.POSITIVE_INFINITY;
          double p = 1;
          double e = 0;
          for (int c = 0; c < C; c++) {
            m = Math.min(m, x(n, c, h, w));
            p *= x(n, c, h, w);
            e += Math.exp(x(n, c, h, w));
          }
          assertThat((double) min[i]).isEqualTo((double) (float) m);
          assertThat((double) prod[i]).isCloseTo(p, Offset.offset(1e-6 + 1e-6 * Math.abs(p)));
          assertThat((double) lse[i]).isCloseTo(Math.log(e), Offset.offset(1e-5));
          i++;
        }
      }
    }
  }

  @Test
  void argMaxAndArgMinPickTheIndexJavaPicksWithTiesAndNaN() {
    // Few distinct values, so most rows tie; one NaN, which wins wherever it is.
    float[] coarse = new float[X.length];
    for (int i = 0; i < X.length; i++) {
      coarse[i] = Math.round(X[i] * 2);
    }
    coarse[7] = Float.NaN;
    for (int axis : new int[] {1, 3}) {
      for (boolean max : new boolean[] {true, false}) {
        for (boolean last : new boolean[] {false, true}) {
          float[] y =
              GraphRunner.runFloats(
                  VulkanExtension.device(),
                  SHAPE,
                  coarse,
                  c ->
                      LayoutOps.toNchwOutput(
                          c.g(),
                          ReduceOps.argExtreme(
                              c.g(), LayoutOps.toNc4hw4(c.g(), c.input()), axis, max, last)));
          long[] dims = SHAPE.clone();
          long len = dims[axis];
          dims[axis] = 1;
          long stride = 1;
          for (int d = axis + 1; d < 4; d++) {
            stride *= SHAPE[d];
          }
          assertThat(y).hasSize((int) (coarse.length / len));
          for (int o = 0; o < y.length; o++) {
            long inner = o % stride;
            long outer = o / stride;
            long base = outer * len * stride + inner;
            int want = extremeIndex(coarse, base, stride, (int) len, max, last);
            assertThat(y[o]).as("axis %d max %s last %s at %d", axis, max, last, o).isEqualTo(want);
          }
        }
      }
    }
  }

  /** The first NaN, else the first (or last) index of the maximum (or minimum). */
  private static int extremeIndex(
      float[] a, long base, long stride, int len, boolean max, boolean last) {
    int best = 0;
    for (int t = 0; t < len; t++) {
      float x = a[(int) (base + t * stride)];
      if (Float.isNaN(x)) {
        return t;
      }
      float b = a[(int) (base + best * stride)];
      boolean better = max ? x > b : x < b;
      if (better || (last && x == b)) {
        best = t;
      }
    }
    return best;
  }

  @Test
  void topKReturnsWhatAStableJavaSortReturns() {
    float[] coarse = new float[X.length];
    for (int i = 0; i < X.length; i++) {
      coarse[i] = Math.round(X[i] * 3);
    }
    int[][] axisAndK = {{1, 3}, {3, 4}, {2, 1}};
    for (int[] ak : axisAndK) {
      int axis = ak[0];
      int k = ak[1];
      for (boolean largest : new boolean[] {true, false}) {
        float[][] got = new float[2][];
        for (int which = 0; which < 2; which++) {
          int out = which;
          got[which] =
              GraphRunner.runFloats(
                  VulkanExtension.device(),
                  SHAPE,
                  coarse,
                  c -> {
                    ReduceOps.TopK t =
                        ReduceOps.topK(
                            c.g(), LayoutOps.toNc4hw4(c.g(), c.input()), axis, k, largest);
                    return LayoutOps.toNchwOutput(c.g(), out == 0 ? t.values() : t.indices());
                  });
        }
        long len = SHAPE[axis];
        long stride = strideAfter(axis);
        long rows = coarse.length / len;
        assertThat(got[0]).hasSize((int) (rows * k));
        for (long row = 0; row < rows; row++) {
          long base = (row / stride) * len * stride + row % stride;
          Integer[] order = new Integer[(int) len];
          for (int t = 0; t < len; t++) {
            order[t] = t;
          }
          Arrays.sort(
              order,
              (p, q) -> {
                int cmp =
                    Float.compare(
                        coarse[(int) (base + p * stride)], coarse[(int) (base + q * stride)]);
                return largest ? -cmp : cmp;
              });
          for (int j = 0; j < k; j++) {
            int o = (int) ((row / stride) * k * stride + j * stride + row % stride);
            String where = "axis " + axis + " k " + k + " largest " + largest + " row " + row;
            assertThat(got[1][o]).as(where).isEqualTo((float) order[j]);
            assertThat(got[0][o]).as(where).isEqualTo(coarse[(int) (base + order[j] * stride)]);
          }
        }
      }
    }
  }

  /** The NCHW stride of one step along {@code axis}. */
  private static long strideAfter(int axis) {
    long stride = 1;
    for (int d = axis + 1; d < 4; d++) {
      stride *= SHAPE[d];
    }
    return stride;
  }
}
