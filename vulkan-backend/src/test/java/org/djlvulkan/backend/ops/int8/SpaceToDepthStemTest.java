package org.djlvulkan.backend.ops.int8;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Random;
import org.djlvulkan.backend.config.KernelPolicy.Stem;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.junit.jupiter.api.Test;

/** The space-to-depth rewrite of a stride-2 stem gives the original's integer sums. */
class SpaceToDepthStemTest {

  /** Integer sums {@code sum (x - zx) * w} of a convolution, padding holding {@code zx}. */
  private static int[] sums(
      int[] x, int c, int h, int w, Conv2dParams p, byte[] wt, int oc, int zx) {
    int oh = p.outH(h);
    int ow = p.outW(w);
    int[] y = new int[oc * oh * ow];
    for (int o = 0; o < oc; o++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          int acc = 0;
          for (int ic = 0; ic < c; ic++) {
            for (int ky = 0; ky < p.kernelH(); ky++) {
              for (int kx = 0; kx < p.kernelW(); kx++) {
                int iy = oy * p.strideH() - p.padTop() + ky;
                int ix = ox * p.strideW() - p.padLeft() + kx;
                int v = iy >= 0 && iy < h && ix >= 0 && ix < w ? x[(ic * h + iy) * w + ix] : zx;
                acc += (v - zx) * wt[((o * c + ic) * p.kernelH() + ky) * p.kernelW() + kx];
              }
            }
          }
          y[(o * oh + oy) * ow + ox] = acc;
        }
      }
    }
    return y;
  }

  /** The 2 x 2 space-to-depth of {@code x} as LayoutOps.quantizeSpaceToDepth orders it. */
  private static int[] spaceToDepth(int[] x, int c, int h, int w) {
    int[] y = new int[4 * c * (h / 2) * (w / 2)];
    for (int ch = 0; ch < 4 * c; ch++) {
      int phase = ch / c;
      int ic = ch % c;
      for (int yy = 0; yy < h / 2; yy++) {
        for (int xx = 0; xx < w / 2; xx++) {
          y[(ch * (h / 2) + yy) * (w / 2) + xx] =
              x[(ic * h + 2 * yy + phase / 2) * w + 2 * xx + phase % 2];
        }
      }
    }
    return y;
  }

  @Test
  void rewrittenStemsGiveTheOriginalSums() {
    Random r = new Random(28);
    // ResNet50's stem (7 x 7, pads 3), MobileNet's (3 x 3, pads 1), uneven pads, an even kernel,
    // one and two channels, non-square inputs.
    Conv2dParams[] params = {
      Conv2dParams.of(7, 2, 3),
      Conv2dParams.of(3, 2, 1),
      Conv2dParams.of(5, 2, 2).withPads(1, 2, 2, 1),
      Conv2dParams.of(4, 2, 1),
      Conv2dParams.of(3, 2, 0)
    };
    int[][] inputs = {{3, 16, 16}, {3, 10, 12}, {2, 14, 8}, {1, 12, 10}, {3, 8, 6}};
    for (int i = 0; i < params.length; i++) {
      Conv2dParams p = params[i];
      int c = inputs[i][0];
      int h = inputs[i][1];
      int w = inputs[i][2];
      int oc = 5;
      Optional<SpaceToDepthStem> stem = SpaceToDepthStem.of(p, new long[] {1, c, h, w});
      assertThat(stem).as("rewrite of %s on %dx%dx%d", p, c, h, w).isPresent();
      Conv2dParams q = stem.get().params();
      assertThat(q.strideH()).isEqualTo(1);
      assertThat(q.outH(h / 2)).isEqualTo(p.outH(h));
      assertThat(q.outW(w / 2)).isEqualTo(p.outW(w));
      int[] x = new int[c * h * w];
      for (int j = 0; j < x.length; j++) {
        x[j] = r.nextInt(256) - 128;
      }
      byte[] wt = new byte[oc * c * p.kernelH() * p.kernelW()];
      r.nextBytes(wt);
      float[] scales = new float[oc];
      java.util.Arrays.fill(scales, 0.01f);
      QConv2dWeights weights =
          new QConv2dWeights(oc, c, p.kernelH(), p.kernelW(), wt, scales, null, null);
      QConv2dWeights rewritten = stem.get().weights(weights);
      assertThat(rewritten.inChannelsPerGroup()).isEqualTo(4 * c);
      int zx = r.nextInt(256) - 128;
      int[] expected = sums(x, c, h, w, p, wt, oc, zx);
      int[] actual =
          sums(spaceToDepth(x, c, h, w), 4 * c, h / 2, w / 2, q, rewritten.weight(), oc, zx);
      assertThat(actual).as("sums of %s rewritten as %s", p, q).isEqualTo(expected);
    }
  }

  @Test
  void otherConvolutionsAreNotRewritten() {
    long[] rgb = {1, 3, 16, 16};
    assertThat(SpaceToDepthStem.of(Conv2dParams.of(3, 1, 1), rgb)).as("stride 1").isEmpty();
    assertThat(SpaceToDepthStem.of(Conv2dParams.of(3, 2, 1), new long[] {1, 8, 16, 16}))
        .as("8 channels")
        .isEmpty();
    assertThat(SpaceToDepthStem.of(Conv2dParams.of(3, 2, 1), new long[] {1, 3, 15, 16}))
        .as("odd height")
        .isEmpty();
    assertThat(SpaceToDepthStem.of(Conv2dParams.of(3, 2, 1).withDilation(2, 2), rgb))
        .as("dilation")
        .isEmpty();
  }

  @Test
  void thePolicyPicksTheRewriteForLargeStemsBeyondBatchOneOnGpus() {
    Conv2dParams resnet = Conv2dParams.of(7, 2, 3);
    Conv2dParams mobilenet = Conv2dParams.of(3, 2, 1);
    long[] one = {1, 3, 224, 224};
    long[] many = {32, 3, 224, 224};
    assertThat(SpaceToDepthStem.choose(resnet, many, Stem.AUTO, true)).as("7x7, GPU").isPresent();
    assertThat(SpaceToDepthStem.choose(resnet, one, Stem.AUTO, true)).as("batch 1, GPU").isEmpty();
    assertThat(SpaceToDepthStem.choose(resnet, one, Stem.AUTO, false))
        .as("batch 1, CPU")
        .isPresent();
    assertThat(SpaceToDepthStem.choose(mobilenet, many, Stem.AUTO, true)).as("3x3").isEmpty();
    assertThat(SpaceToDepthStem.choose(mobilenet, one, Stem.SPACE_TO_DEPTH, true))
        .as("forced")
        .isPresent();
    assertThat(SpaceToDepthStem.choose(resnet, many, Stem.STRIDED, false)).as("strided").isEmpty();
    assertThat(
            SpaceToDepthStem.choose(
                resnet, new long[] {32, 3, 225, 225}, Stem.SPACE_TO_DEPTH, true))
        .as("odd sides, forced")
        .isEmpty();
  }
}
