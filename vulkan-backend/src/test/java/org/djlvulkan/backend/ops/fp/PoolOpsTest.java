package org.djlvulkan.backend.ops.fp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.djlvulkan.backend.testing.PoolGrid.FLAGS;
import static org.djlvulkan.backend.testing.PoolGrid.KERNELS;
import static org.djlvulkan.backend.testing.PoolGrid.PADS;
import static org.djlvulkan.backend.testing.PoolGrid.SPATIAL;
import static org.djlvulkan.backend.testing.PoolGrid.STRIDES;

import java.util.List;
import java.util.stream.Stream;
import org.djlvulkan.backend.ops.Pool2dParams;
import org.djlvulkan.backend.testing.Accuracy;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.Pairwise;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(VulkanExtension.class)
public class PoolOpsTest {
  private static final List<Integer> CHANNELS = List.of(1, 3, 4, 5, 16, 17);
  private static final List<Integer> BATCHES = List.of(1, 3);
  private static final List<Integer> DILATIONS = List.of(1, 2);

  private static String describe(int n, int c, int h, int w, Pool2dParams p) {
    return String.format(
        "n%d c%d %dx%d k%dx%d s%d p%d,%d,%d,%d d%d ceil=%b cip=%b",
        n,
        c,
        h,
        w,
        p.kernelH(),
        p.kernelW(),
        p.strideH(),
        p.padTop(),
        p.padLeft(),
        p.padBottom(),
        p.padRight(),
        p.dilationH(),
        p.ceilMode(),
        p.countIncludePad());
  }

  /**
   * The pooling geometry of a pairwise case: kernel (index 2), stride (3), pads (4) and ceil mode
   * (5), with a dilation and the count-include-pad flag (shared with {@link QuantizedPoolOpsTest}).
   */
  public static Pool2dParams params(Object[] v, int dilation, boolean countIncludePad) {
    int[] k = (int[]) v[2];
    int s = (Integer) v[3];
    int[] pad = (int[]) v[4];
    return new Pool2dParams(
        k[0],
        k[1],
        s,
        s,
        pad[0],
        pad[1],
        pad[2],
        pad[3],
        dilation,
        dilation,
        (Boolean) v[5],
        countIncludePad);
  }

  static Stream<Arguments> maxCases() {
    return Pairwise.cases(11, CHANNELS, SPATIAL, KERNELS, STRIDES, PADS, FLAGS, BATCHES, DILATIONS)
        .stream()
        .map(v -> Arguments.of(v[6], v[0], v[1], params(v, (Integer) v[7], false)));
  }

  static Stream<Arguments> avgCases() {
    return Pairwise.cases(13, CHANNELS, SPATIAL, KERNELS, STRIDES, PADS, FLAGS, BATCHES, FLAGS)
        .stream()
        .map(v -> Arguments.of(v[6], v[0], v[1], params(v, 1, (Boolean) v[7])));
  }

  /**
   * Output size by enumerating windows: floor mode keeps the windows that fit in the padded input;
   * ceil mode adds one more when the last one leaves part of the padded input uncovered, unless it
   * would start in the end padding.
   */
  static int referenceOutSize(int in, int k, int s, int pb, int pe, int d, boolean ceil) {
    int extent = d * (k - 1) + 1;
    int o = 0;
    while (o * s + extent <= in + pb + pe) {
      o++;
    }
    if (ceil && (o - 1) * s + extent < in + pb + pe && o * s < in + pb) {
      o++;
    }
    return o;
  }

  /** Double-precision pooling over NCHW; max or average per ONNX. */
  static double[] reference(float[] x, int n, int c, int h, int w, Pool2dParams p, boolean max) {
    int oh =
        referenceOutSize(
            h, p.kernelH(), p.strideH(), p.padTop(), p.padBottom(), p.dilationH(), p.ceilMode());
    int ow =
        referenceOutSize(
            w, p.kernelW(), p.strideW(), p.padLeft(), p.padRight(), p.dilationW(), p.ceilMode());
    double[] out = new double[n * c * oh * ow];
    int i = 0;
    for (int b = 0; b < n; b++) {
      for (int ch = 0; ch < c; ch++) {
        for (int y = 0; y < oh; y++) {
          for (int xx = 0; xx < ow; xx++) {
            double acc = max ? Double.NEGATIVE_INFINITY : 0;
            int inside = 0;
            int insidePadded = 0;
            for (int ky = 0; ky < p.kernelH(); ky++) {
              for (int kx = 0; kx < p.kernelW(); kx++) {
                int iy = y * p.strideH() - p.padTop() + ky * p.dilationH();
                int ix = xx * p.strideW() - p.padLeft() + kx * p.dilationW();
                if (iy >= -p.padTop()
                    && iy < h + p.padBottom()
                    && ix >= -p.padLeft()
                    && ix < w + p.padRight()) {
                  insidePadded++;
                }
                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                  double v = x[((b * c + ch) * h + iy) * w + ix];
                  acc = max ? Math.max(acc, v) : acc + v;
                  inside++;
                }
              }
            }
            if (!max) {
              acc /= p.countIncludePad() ? insidePadded : inside;
            }
            out[i++] = acc;
          }
        }
      }
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("maxCases")
  void maxPoolMatchesReference(int n, int c, int[] hw, Pool2dParams p) {
    long[] shape = {n, c, hw[0], hw[1]};
    float[] x = OpRunner.random(OpRunner.count(shape), n * 31L + c);
    OpRunner.Result r = OpRunner.run(shape, x, (g, in) -> PoolOps.maxPool2d(g, in, p));
    assertThat(r.spec().shape())
        .containsExactly(
            n,
            c,
            referenceOutSize(
                hw[0],
                p.kernelH(),
                p.strideH(),
                p.padTop(),
                p.padBottom(),
                p.dilationH(),
                p.ceilMode()),
            referenceOutSize(
                hw[1],
                p.kernelW(),
                p.strideW(),
                p.padLeft(),
                p.padRight(),
                p.dilationW(),
                p.ceilMode()));
    Accuracy.assertExact(
        "max_pool2d " + describe(n, c, hw[0], hw[1], p),
        r.nchw(),
        reference(x, n, c, hw[0], hw[1], p, true));
  }

  @ParameterizedTest
  @MethodSource("avgCases")
  void avgPoolMatchesReference(int n, int c, int[] hw, Pool2dParams p) {
    long[] shape = {n, c, hw[0], hw[1]};
    float[] x = OpRunner.random(OpRunner.count(shape), n * 37L + c);
    OpRunner.Result r = OpRunner.run(shape, x, (g, in) -> PoolOps.avgPool2d(g, in, p));
    Accuracy.assertClose(
        "avg_pool2d " + describe(n, c, hw[0], hw[1], p),
        r.nchw(),
        reference(x, n, c, hw[0], hw[1], p, false));
  }

  static Stream<Arguments> globalCases() {
    return Stream.of(
        Arguments.of(1, 1, 1, 1),
        Arguments.of(3, 3, 7, 5),
        Arguments.of(1, 4, 6, 6),
        Arguments.of(3, 5, 3, 9),
        Arguments.of(1, 16, 7, 7),
        Arguments.of(3, 17, 5, 1));
  }

  @ParameterizedTest
  @MethodSource("globalCases")
  void globalAveragePoolMatchesReference(int n, int c, int h, int w) {
    long[] shape = {n, c, h, w};
    float[] x = OpRunner.random(OpRunner.count(shape), c * 7L + h);
    OpRunner.Result r = OpRunner.run(shape, x, PoolOps::globalAvgPool);
    assertThat(r.spec().shape()).containsExactly(n, c, 1, 1);
    Pool2dParams whole = new Pool2dParams(h, w, 1, 1, 0, 0, 0, 0, 1, 1, false, false);
    Accuracy.assertClose(
        String.format("global_avg_pool n%d c%d %dx%d", n, c, h, w),
        r.nchw(),
        reference(x, n, c, h, w, whole, false));
  }

  @Test
  void outputSizesFollowOnnxAndPyTorch() {
    // SqueezeNet 1.0: 3x3 s2 ceil on 111 -> 55; ResNet's stem pool 3x3 s2 p1 on 112 -> 56.
    assertThat(Pool2dParams.of(3, 2, 0).withCeilMode(true).outputH(111)).isEqualTo(55);
    assertThat(Pool2dParams.of(3, 2, 1).outputH(112)).isEqualTo(56);
    // 5 with k2 s2 p1: ceil gives 4 windows, but the 4th would start in the right padding.
    assertThat(Pool2dParams.of(2, 2, 1).withCeilMode(true).outputH(5)).isEqualTo(3);
    assertThat(Pool2dParams.of(2, 2, 1).outputH(5)).isEqualTo(3);
    // 6 with k2 s2 p0: exact either way; 7: ceil keeps the overhanging last window.
    assertThat(Pool2dParams.of(2, 2, 0).withCeilMode(true).outputH(6)).isEqualTo(3);
    assertThat(Pool2dParams.of(2, 2, 0).withCeilMode(true).outputH(7)).isEqualTo(4);
    assertThat(Pool2dParams.of(2, 2, 0).outputH(7)).isEqualTo(3);
    for (int in = 3; in <= 12; in++) {
      for (int k = 1; k <= 3; k++) {
        for (int s = 1; s <= 3; s++) {
          for (int pad = 0; pad < k; pad++) {
            for (boolean ceil : new boolean[] {false, true}) {
              Pool2dParams p = new Pool2dParams(k, k, s, s, pad, pad, 0, pad, 1, 1, ceil, false);
              assertThat(p.outputH(in))
                  .as("in %d %s", in, p)
                  .isEqualTo(referenceOutSize(in, k, s, pad, 0, 1, ceil));
              assertThat(p.outputW(in)).isEqualTo(referenceOutSize(in, k, s, pad, pad, 1, ceil));
            }
          }
        }
      }
    }
  }

  @Test
  void countIncludePadLeavesOutTheCeilModeOverhang() {
    // 1x1x1x3 input [1, 2, 3], k2 s2 p1 ceil, count_include_pad: windows [pad, 1], [2, 3] (the
    // third would start in the padding). With padding counted both divide by 2.
    long[] shape = {1, 1, 1, 3};
    float[] x = {1, 2, 3};
    Pool2dParams p = new Pool2dParams(1, 2, 1, 2, 0, 1, 0, 1, 1, 1, true, true);
    OpRunner.Result r = OpRunner.run(shape, x, (g, in) -> PoolOps.avgPool2d(g, in, p));
    assertThat(r.nchw()).containsExactly(0.5f, 2.5f);
    // k3 s2 p1 ceil on 4 columns: windows start at -1, 1, 3; the last covers [3, 4, 5) of which
    // only 3 and the pad column 4 lie in the padded input: divisor 2, not 3.
    float[] y = {1, 2, 3, 4};
    Pool2dParams q = new Pool2dParams(1, 3, 1, 2, 0, 1, 0, 1, 1, 1, true, true);
    OpRunner.Result s =
        OpRunner.run(new long[] {1, 1, 1, 4}, y, (g, in) -> PoolOps.avgPool2d(g, in, q));
    assertThat(s.nchw()).containsExactly(1f, 3f, 2f);
  }

  @Test
  void badParametersAreRejected() {
    assertThatThrownBy(() -> Pool2dParams.of(2, 1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("smaller than the window");
    assertThatThrownBy(() -> Pool2dParams.of(0, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> Pool2dParams.of(5, 1, 0).outputH(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("larger than the padded input");
  }
}
