package org.djlvulkan.backend.ops.fp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ops.AutoPad;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.ops.LayoutOps;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.testing.Conv2dReference;
import org.djlvulkan.backend.testing.GraphRunner;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fp32 convolution family against the double-precision reference: a pairwise grid of shapes
 * that hits every branch of the selector, each run with every kernel that can run it (forced).
 */
@ExtendWith(VulkanExtension.class)
class ConvOpsTest {

  /** One convolution shape and the kernel the selector must pick for it. */
  record Case(
      String name,
      int n,
      int ic,
      int h,
      int w,
      int oc,
      Conv2dParams p,
      Activation act,
      boolean bias,
      ConvKernel expected) {
    @Override
    public String toString() {
      return name + " [" + n + "," + ic + "," + h + "," + w + "]->" + oc + " " + p + " act=" + act
          + " bias=" + bias;
    }
  }

  static String actName(Activation a) {
    return a.hardSwish()
        ? "hardswish"
        : a.clamp() ? "clamp[" + a.lo() + "," + a.hi() + "]" : "none";
  }

  private static final Activation CLIP = Activation.clamp(-1f, 2f);
  private static final Activation RELU6 = Activation.clamp(0f, 6f);

  static Stream<Case> grid() {
    Conv2dParams k3 = Conv2dParams.of(3, 1, 1);
    return Stream.of(
        new Case(
            "ic1 groups1 = depthwise x3",
            1,
            1,
            5,
            7,
            3,
            k3,
            Activation.NONE,
            true,
            ConvKernel.DEPTHWISE),
        new Case(
            "stem-like 7x7 s2",
            1,
            3,
            9,
            9,
            4,
            Conv2dParams.of(7, 2, 3),
            Activation.RELU,
            true,
            ConvKernel.IM2COL),
        new Case(
            "pointwise batch 3",
            3,
            4,
            6,
            5,
            5,
            Conv2dParams.of(1, 1, 0),
            Activation.HARD_SWISH,
            false,
            ConvKernel.POINTWISE),
        new Case(
            "asym pads s2",
            1,
            5,
            7,
            7,
            16,
            Conv2dParams.of(3, 2, 0).withPads(0, 1, 1, 0),
            CLIP,
            true,
            ConvKernel.IM2COL),
        new Case(
            "dilation 2",
            1,
            16,
            5,
            9,
            17,
            Conv2dParams.of(3, 1, 2).withDilation(2, 2),
            Activation.NONE,
            false,
            ConvKernel.DIRECT),
        new Case(
            "pointwise ic17 -> 1",
            2,
            17,
            4,
            3,
            1,
            Conv2dParams.of(1, 1, 0),
            Activation.RELU,
            true,
            ConvKernel.POINTWISE),
        new Case(
            "depthwise 3x3",
            1,
            16,
            8,
            8,
            16,
            k3.withGroups(16),
            Activation.RELU,
            true,
            ConvKernel.DEPTHWISE),
        new Case(
            "depthwise x2 s2 asym",
            1,
            5,
            7,
            6,
            10,
            Conv2dParams.of(3, 2, 0).withPads(1, 0, 0, 1).withGroups(5),
            Activation.HARD_SWISH,
            true,
            ConvKernel.DEPTHWISE),
        new Case(
            "depthwise x2 5x5 batch 3",
            3,
            4,
            5,
            5,
            8,
            Conv2dParams.of(5, 1, 2).withGroups(4),
            Activation.NONE,
            false,
            ConvKernel.DEPTHWISE),
        new Case(
            "depthwise 3x3 dilation 2 asym",
            1,
            4,
            7,
            7,
            4,
            Conv2dParams.of(3, 1, 0).withDilation(2, 2).withPads(2, 1, 0, 3).withGroups(4),
            RELU6,
            true,
            ConvKernel.DEPTHWISE),
        new Case(
            "groups 2 blocked",
            1,
            16,
            6,
            5,
            16,
            k3.withGroups(2),
            Activation.RELU,
            true,
            ConvKernel.DIRECT),
        new Case(
            "groups 2 gather",
            1,
            6,
            5,
            7,
            10,
            Conv2dParams.of(3, 2, 1).withGroups(2),
            CLIP,
            false,
            ConvKernel.DIRECT),
        new Case(
            "1x1 s2 batch 3",
            3,
            3,
            7,
            5,
            17,
            Conv2dParams.of(1, 2, 0),
            Activation.NONE,
            true,
            ConvKernel.DIRECT),
        new Case(
            "1x1 padded",
            1,
            17,
            5,
            5,
            5,
            Conv2dParams.of(1, 1, 1),
            RELU6,
            false,
            ConvKernel.DIRECT),
        new Case(
            "3x3 oc256 -> im2col", 1, 4, 9, 11, 256, k3, Activation.RELU, true, ConvKernel.IM2COL),
        new Case(
            "2x3 s(2,1) d(1,2) asym",
            2,
            5,
            7,
            7,
            3,
            new Conv2dParams(2, 3, 2, 1, 1, 2, 0, 2, 1, 0, 1),
            RELU6,
            true,
            ConvKernel.IM2COL),
        new Case(
            "1 -> 1 valid",
            1,
            1,
            5,
            5,
            1,
            Conv2dParams.of(3, 1, 0),
            Activation.NONE,
            false,
            ConvKernel.DEPTHWISE),
        new Case(
            "groups 4 ocpg 1",
            1,
            16,
            3,
            3,
            4,
            k3.withGroups(4),
            Activation.HARD_SWISH,
            true,
            ConvKernel.DIRECT),
        new Case(
            "depthwise 3x3 rows wider than a tile",
            2,
            12,
            5,
            19,
            12,
            k3.withGroups(12),
            RELU6,
            true,
            ConvKernel.DEPTHWISE),
        new Case(
            "depthwise 3x3 stride 2 rows",
            1,
            8,
            7,
            21,
            8,
            Conv2dParams.of(3, 2, 1).withGroups(8),
            Activation.NONE,
            false,
            ConvKernel.DEPTHWISE),
        new Case(
            "depthwise ic17 batch 3",
            3,
            17,
            5,
            3,
            17,
            k3.withGroups(17),
            Activation.NONE,
            true,
            ConvKernel.DEPTHWISE),
        new Case(
            "3x3 s2 ic3 oc130 -> im2col",
            1,
            3,
            11,
            13,
            130,
            Conv2dParams.of(3, 2, 1),
            Activation.HARD_SWISH,
            false,
            ConvKernel.IM2COL),
        new Case(
            "7x7 same_lower s2 ic4",
            1,
            4,
            10,
            9,
            5,
            Conv2dParams.of(7, 2, 0).withAutoPad(AutoPad.SAME_LOWER, 10, 9),
            Activation.NONE,
            true,
            ConvKernel.DIRECT));
  }

  static Conv2dWeights weights(Case c, long seed) {
    int icpg = c.ic() / c.p().groups();
    int count = c.oc() * icpg * c.p().kernelH() * c.p().kernelW();
    float[] w = Conv2dReference.random(count, seed, 1f);
    float[] b = c.bias() ? Conv2dReference.random(c.oc(), seed + 1, 1f) : null;
    return new Conv2dWeights(c.oc(), icpg, c.p().kernelH(), c.p().kernelW(), w, b);
  }

  /** Random 3x3 weights ({@code seed}) and bias ({@code seed + 1}), values in [-1, 1). */
  private static Conv2dWeights random3x3(int oc, int ic, long seed) {
    return new Conv2dWeights(
        oc,
        ic,
        3,
        3,
        Conv2dReference.random(oc * ic * 9, seed, 1f),
        Conv2dReference.random(oc, seed + 1, 1f));
  }

  private static float[] runConv(
      float[] x, long[] shape, Conv2dWeights w, Conv2dParams p, Activation act, ConvOptions o) {
    return GraphRunner.runFloats(
        VulkanExtension.device(),
        shape,
        x,
        c ->
            LayoutOps.toNchwOutput(
                c.g(), ConvOps.conv2d(c.g(), LayoutOps.toNc4hw4(c.g(), c.input()), w, p, act, o)));
  }

  private static TensorSpec spec(int n, int c, int h, int w) {
    return TensorSpec.of(DType.F32, Layout.NC4HW4, n, c, h, w);
  }

  @ParameterizedTest
  @MethodSource("grid")
  void everyCandidateKernelMatchesTheReference(Case c) {
    TensorSpec in = spec(c.n(), c.ic(), c.h(), c.w());
    var caps = VulkanExtension.device().capabilities();
    assertThat(ConvKernelSelector.select(c.p(), in, c.oc(), caps, ConvOptions.DEFAULT).kernel())
        .as("selector's kernel for %s", c)
        .isEqualTo(c.expected());
    float[] x = Conv2dReference.random(c.n() * c.ic() * c.h() * c.w(), c.name().hashCode(), 2f);
    Conv2dWeights w = weights(c, c.name().hashCode() + 7);
    double[] ref = Conv2dReference.conv2d(x, c.n(), c.ic(), c.h(), c.w(), w, c.p(), c.act());
    long[] shape = {c.n(), c.ic(), c.h(), c.w()};
    List<ConvKernel> kernels = ConvKernelSelector.RULES.candidates(c.p(), in, c.oc(), caps);
    assertThat(kernels).contains(c.expected(), ConvKernel.DIRECT);
    List<String> failures = new ArrayList<>();
    for (ConvKernel k : kernels) {
      for (ConvOptions o : gemmChoices(ConvOptions.forcing(k), k)) {
        float[] got = runConv(x, shape, w, c.p(), c.act(), o);
        try {
          Conv2dReference.assertClose(c + " kernel " + k + " " + o.forcedGemm(), ref, got);
        } catch (AssertionError e) {
          failures.add(e.getMessage());
        }
      }
    }
    assertThat(failures).as("kernels that disagree with the reference").isEmpty();
  }

  /** The options to run a kernel with: each GEMM kernel for the GEMM-based ones. */
  private static List<ConvOptions> gemmChoices(ConvOptions o, ConvKernel k) {
    if (k != ConvKernel.POINTWISE && k != ConvKernel.IM2COL) {
      return List.of(o);
    }
    List<ConvOptions> all = new ArrayList<>();
    for (FloatGemmKernel gemm :
        List.of(
            FloatGemmKernel.REGISTER_TILES,
            FloatGemmKernel.WIDE_REGISTER_TILES,
            FloatGemmKernel.SHARED_TILES,
            FloatGemmKernel.LARGE_TILES)) {
      all.add(o.withGemm(gemm));
    }
    return all;
  }

  @ParameterizedTest
  @EnumSource(
      value = FloatGemmKernel.class,
      names = {"SHARED_TILES", "LARGE_TILES"})
  void workgroupTileGemmSplitsKAndMatchesTheReference(FloatGemmKernel gemm) {
    // Shapes with too few output tiles to fill a GPU and a long K: the shared-tile GEMM splits K
    // and a second pass adds the splits; edges of every tile dimension are partial. The
    // 1024-channel case splits 16 ways, as deep layers do at batch 1.
    record Split(int n, int ic, int h, int w, int oc, Conv2dParams p, long budget) {}
    List<Split> cases =
        List.of(
            new Split(
                2, 260, 9, 11, 70, Conv2dParams.of(1, 1, 0), ConvOptions.DEFAULT_IM2COL_BUDGET),
            new Split(
                1, 1024, 3, 3, 8, Conv2dParams.of(1, 1, 0), ConvOptions.DEFAULT_IM2COL_BUDGET),
            new Split(1, 72, 7, 6, 33, Conv2dParams.of(3, 1, 1), ConvOptions.DEFAULT_IM2COL_BUDGET),
            new Split(2, 64, 6, 5, 20, Conv2dParams.of(3, 2, 1), 2L * 2 * 144 * 3 * 16));
    var caps = VulkanExtension.device().capabilities();
    for (Split c : cases) {
      TensorSpec in = spec(c.n(), c.ic(), c.h(), c.w());
      ConvKernel kernel = c.p().kernelH() == 1 ? ConvKernel.POINTWISE : ConvKernel.IM2COL;
      ConvOptions o = ConvOptions.forcing(kernel).withIm2colBudget(c.budget()).withGemm(gemm);
      ConvPlan plan = ConvKernelSelector.select(c.p(), in, c.oc(), caps, o);
      int k = kernel == ConvKernel.POINTWISE ? c.ic() : c.ic() * 9;
      int positions =
          kernel == ConvKernel.POINTWISE ? c.h() * c.w() : plan.im2colRowsPerChunk() * plan.outW();
      int splits = TiledGemm.splits(gemm, positions, (k + 3) / 4, c.oc(), c.n());
      assertThat(splits).as("splits of K for %s", c).isGreaterThan(1);
      if (c.ic() == 1024) {
        assertThat(splits).as("splits of K for %s", c).isEqualTo(16);
      }
      float[] x = Conv2dReference.random(c.n() * c.ic() * c.h() * c.w(), c.ic() + 31, 2f);
      Conv2dWeights w = randomWeights(c.oc(), c.ic(), c.p(), c.oc() + 5);
      double[] ref = Conv2dReference.conv2d(x, c.n(), c.ic(), c.h(), c.w(), w, c.p(), RELU6);
      Conv2dReference.assertClose(
          c + " (" + splits + " splits, " + plan.im2colChunks() + " im2col chunks)",
          ref,
          runConv(x, new long[] {c.n(), c.ic(), c.h(), c.w()}, w, c.p(), RELU6, o));
    }
  }

  /** Seeded weights in [-1, 1] (seed) and bias (seed + 1) of one group. */
  private static Conv2dWeights randomWeights(int oc, int ic, Conv2dParams p, int seed) {
    int k = ic * p.kernelH() * p.kernelW();
    return new Conv2dWeights(
        oc,
        ic,
        p.kernelH(),
        p.kernelW(),
        Conv2dReference.random(oc * k, seed, 1f),
        Conv2dReference.random(oc, seed + 1, 1f));
  }

  @Test
  void largeTileGemmCoversSeveralTilesAndPartialStages() {
    // Several 128 x 128 tiles along positions and channels, the last of each partial, and K in
    // whole and partial stages of 16 channels (76 = 4 x 16 + 12; 20 x 9 = 180 = 11 x 16 + 4);
    // then the 64-channel tile (60 and 40 output channels) with tiles that run on through 3 and 5
    // small planes (7 x 7 and 5 x 5: images start mid-tile and mid-row of 4), and planes of 1 and
    // 3.
    record Case(int n, int ic, int h, int w, int oc, Conv2dParams p) {}
    for (Case c :
        List.of(
            new Case(1, 76, 13, 23, 260, Conv2dParams.of(1, 1, 0)),
            new Case(2, 20, 12, 12, 136, Conv2dParams.of(3, 1, 1)),
            new Case(3, 36, 7, 7, 60, Conv2dParams.of(1, 1, 0)),
            new Case(5, 24, 5, 5, 40, Conv2dParams.of(3, 1, 1)),
            new Case(3, 40, 9, 9, 200, Conv2dParams.of(3, 2, 1)),
            // Planes smaller than an invocation's 4 rows: 4 rows span up to 4 batches.
            new Case(6, 16, 1, 1, 40, Conv2dParams.of(1, 1, 0)),
            new Case(5, 8, 1, 3, 24, Conv2dParams.of(1, 1, 0)))) {
      ConvKernel kernel = c.p().kernelH() == 1 ? ConvKernel.POINTWISE : ConvKernel.IM2COL;
      ConvOptions o = ConvOptions.forcing(kernel).withGemm(FloatGemmKernel.LARGE_TILES);
      float[] x = Conv2dReference.random(c.n() * c.ic() * c.h() * c.w(), c.ic() + 3, 2f);
      Conv2dWeights w = randomWeights(c.oc(), c.ic(), c.p(), c.oc() + 1);
      double[] ref =
          Conv2dReference.conv2d(x, c.n(), c.ic(), c.h(), c.w(), w, c.p(), Activation.RELU);
      Conv2dReference.assertClose(
          c.toString(),
          ref,
          runConv(x, new long[] {c.n(), c.ic(), c.h(), c.w()}, w, c.p(), Activation.RELU, o));
    }
  }

  @Test
  void im2colSplitsOverOutputRowsUnderASmallBudget() {
    int n = 2;
    int ic = 5;
    int h = 9;
    int wd = 7;
    int oc = 6;
    Conv2dParams p = Conv2dParams.of(3, 1, 1).withPads(1, 0, 2, 1);
    TensorSpec in = spec(n, ic, h, wd);
    var caps = VulkanExtension.device().capabilities();
    long perRow = (long) n * ((ic * 9 + 3) / 4) * p.outW(wd) * 16;
    float[] x = Conv2dReference.random(n * ic * h * wd, 11, 2f);
    Conv2dWeights w = random3x3(oc, ic, 12);
    double[] ref = Conv2dReference.conv2d(x, n, ic, h, wd, w, p, Activation.RELU);
    for (long budget : new long[] {2 * perRow + 5, 16, 100 * perRow}) {
      ConvOptions o = ConvOptions.forcing(ConvKernel.IM2COL).withIm2colBudget(budget);
      ConvPlan plan = ConvKernelSelector.select(p, in, oc, caps, o);
      int expectedRows = (int) Math.max(1, Math.min(p.outH(h), budget / perRow));
      assertThat(plan.im2colRowsPerChunk()).isEqualTo(expectedRows);
      assertThat(plan.im2colScratchBytes()).isEqualTo(expectedRows * perRow);
      float[] got = runConv(x, new long[] {n, ic, h, wd}, w, p, Activation.RELU, o);
      Conv2dReference.assertClose(
          "im2col budget " + budget + " (" + plan.im2colChunks() + " chunks)", ref, got);
    }
    assertThat(
            ConvKernelSelector.select(
                    p, in, oc, caps, ConvOptions.forcing(ConvKernel.IM2COL).withIm2colBudget(16))
                .im2colChunks())
        .isEqualTo(p.outH(h));
  }

  @Test
  void foldedBatchNormMatchesConvThenBatchNorm() {
    int n = 2;
    int ic = 5;
    int h = 6;
    int wd = 7;
    int oc = 6;
    Conv2dParams p = Conv2dParams.of(3, 2, 1);
    float[] x = Conv2dReference.random(n * ic * h * wd, 21, 2f);
    Conv2dWeights w = random3x3(oc, ic, 22);
    BatchNormParams bn = batchNormParams(oc, 24);
    double[] conv = Conv2dReference.conv2d(x, n, ic, h, wd, w, p, Activation.NONE);
    double[] ref =
        Conv2dReference.batchNorm(conv, n, oc, p.outH(h) * p.outW(wd), bn, Activation.RELU);
    Conv2dWeights folded = bn.foldInto(w);
    for (ConvKernel k : List.of(ConvKernel.DIRECT, ConvKernel.IM2COL)) {
      float[] got =
          runConv(x, new long[] {n, ic, h, wd}, folded, p, Activation.RELU, ConvOptions.forcing(k));
      Conv2dReference.assertClose("conv + folded BN, " + k, ref, got);
    }
    Conv2dWeights noBias = new Conv2dWeights(oc, ic, 3, 3, w.weight(), null);
    double[] refNoBias =
        Conv2dReference.batchNorm(
            Conv2dReference.conv2d(x, n, ic, h, wd, noBias, p, Activation.NONE),
            n,
            oc,
            p.outH(h) * p.outW(wd),
            bn,
            Activation.NONE);
    Conv2dReference.assertClose(
        "conv without bias + folded BN",
        refNoBias,
        runConv(
            x,
            new long[] {n, ic, h, wd},
            bn.foldInto(noBias),
            p,
            Activation.NONE,
            ConvOptions.DEFAULT));
  }

  static BatchNormParams batchNormParams(int c, long seed) {
    float[] var = Conv2dReference.random(c, seed + 3, 1f);
    for (int i = 0; i < c; i++) {
      var[i] = var[i] * var[i] + 0.1f;
    }
    return new BatchNormParams(
        Conv2dReference.random(c, seed, 2f),
        Conv2dReference.random(c, seed + 1, 1f),
        Conv2dReference.random(c, seed + 2, 1f),
        var,
        1e-5f);
  }

  @Test
  void standaloneBatchNormMatchesTheReference() {
    for (int c : new int[] {5, 16}) {
      int n = 2;
      int h = 3;
      int wd = 5;
      float[] x = Conv2dReference.random(n * c * h * wd, 31 + c, 3f);
      BatchNormParams bn = batchNormParams(c, 32 + c);
      Activation act = c == 5 ? Activation.clamp(0.25f, 2f) : Activation.NONE;
      float[] packed =
          GraphRunner.runFloats(
              VulkanExtension.device(),
              new long[] {n, c, h, wd},
              x,
              ctx ->
                  BatchNormOps.batchNorm(
                      ctx.g(), LayoutOps.toNc4hw4(ctx.g(), ctx.input()), bn, act));
      double[] ref = Conv2dReference.batchNorm(Conv2dReference.toDouble(x), n, c, h * wd, bn, act);
      // Read the NC4HW4 output directly, so padded lanes are checked to be zero too.
      int c4s = (c + 3) / 4;
      float[] nchw = new float[x.length];
      for (int b = 0; b < n; b++) {
        for (int ch = 0; ch < c4s * 4; ch++) {
          for (int i = 0; i < h * wd; i++) {
            float v = packed[((b * c4s + ch / 4) * h * wd + i) * 4 + ch % 4];
            if (ch < c) {
              nchw[(b * c + ch) * h * wd + i] = v;
            } else {
              assertThat(v).as("padded lane %d", ch).isZero();
            }
          }
        }
      }
      Conv2dReference.assertClose("standalone BN C=" + c + " " + act, ref, nchw);
    }
  }

  @Test
  void paddedOutputLanesAreZeroWithAPositiveClamp() {
    // OC = 5 with a clamp whose lower bound is positive: lanes 5..7 must still read zero.
    float[] x = Conv2dReference.random(3 * 4 * 4, 41, 1f);
    for (ConvKernel k : ConvKernel.values()) {
      // IC = 1 with groups 1 lets every kernel, depthwise included, run the same 1x1 shape.
      int oc = 5;
      Conv2dParams p = Conv2dParams.of(1, 1, 0);
      int ic = k == ConvKernel.DEPTHWISE ? 1 : 3;
      Conv2dWeights w =
          new Conv2dWeights(oc, ic, 1, 1, Conv2dReference.random(oc * ic, 42, 1f), null);
      float[] packed =
          GraphRunner.runFloats(
              VulkanExtension.device(),
              new long[] {1, ic, 4, 4},
              java.util.Arrays.copyOf(x, ic * 16),
              c ->
                  ConvOps.conv2d(
                      c.g(),
                      LayoutOps.toNc4hw4(c.g(), c.input()),
                      w,
                      p,
                      Activation.clamp(0.5f, 1f),
                      ConvOptions.forcing(k)));
      for (int i = 0; i < 16; i++) {
        for (int lane = 1; lane < 4; lane++) {
          assertThat(packed[(16 + i) * 4 + lane]).as("%s lane %d at %d", k, lane, i).isZero();
        }
      }
    }
  }

  @Test
  void forcedKernelThatCannotRunTheShapeIsRejected() {
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    Value in = OpRunner.nc4hw4Input(g, "x", 1, 4, 5, 5);
    Conv2dWeights w = new Conv2dWeights(8, 4, 3, 3, new float[8 * 4 * 9], null);
    Conv2dParams p = Conv2dParams.of(3, 1, 1);
    assertForcedRejected(g, in, w, p, ConvKernel.POINTWISE)
        .hasMessageContaining("aten.convolution.default")
        .hasMessageContaining("[1, 4, 5, 5]")
        .hasMessageContaining("1x1");
    assertForcedRejected(g, in, w, p, ConvKernel.DEPTHWISE).hasMessageContaining("groups == IC");
    Conv2dWeights grouped = new Conv2dWeights(8, 2, 3, 3, new float[8 * 2 * 9], null);
    assertForcedRejected(g, in, grouped, p.withGroups(2), ConvKernel.IM2COL)
        .hasMessageContaining("groups == 1");
  }

  /** Forcing {@code kernel} on the convolution fails with an error that names the kernel. */
  private static AbstractThrowableAssert<?, ? extends Throwable> assertForcedRejected(
      GraphBuilder g, Value in, Conv2dWeights w, Conv2dParams p, ConvKernel kernel) {
    return assertThatThrownBy(
            () -> ConvOps.conv2d(g, in, w, p, Activation.NONE, ConvOptions.forcing(kernel)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(kernel.name());
  }

  @Test
  void invalidShapesNameTheOpInputAndParams() {
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    Value in = OpRunner.nc4hw4Input(g, "x", 1, 6, 4, 4);
    Conv2dWeights big = new Conv2dWeights(2, 6, 7, 7, new float[2 * 6 * 49], null);
    assertThatThrownBy(() -> ConvOps.conv2d(g, in, big, Conv2dParams.of(7, 1, 1), Activation.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("aten.convolution.default")
        .hasMessageContaining("[1, 6, 4, 4]")
        .hasMessageContaining("kernel 7x7");
    Conv2dWeights wrong = new Conv2dWeights(2, 4, 3, 3, new float[2 * 4 * 9], null);
    assertThatThrownBy(
            () -> ConvOps.conv2d(g, in, wrong, Conv2dParams.of(3, 1, 1), Activation.NONE))
        .hasMessageContaining("do not match");
    Conv2dWeights threeGroups = new Conv2dWeights(4, 2, 3, 3, new float[4 * 2 * 9], null);
    assertThatThrownBy(
            () ->
                ConvOps.conv2d(
                    g, in, threeGroups, Conv2dParams.of(3, 1, 1).withGroups(3), Activation.NONE))
        .hasMessageContaining("groups 3 must divide");
  }

  @Test
  void autoPadFollowsOnnx() {
    assertThat(AutoPad.SAME_UPPER.pads(7, 3, 2, 1, 9, 9)).containsExactly(1, 1);
    assertThat(AutoPad.SAME_UPPER.pads(6, 3, 2, 1, 9, 9)).containsExactly(0, 1);
    assertThat(AutoPad.SAME_LOWER.pads(6, 3, 2, 1, 9, 9)).containsExactly(1, 0);
    assertThat(AutoPad.SAME_UPPER.pads(5, 3, 1, 2, 0, 0)).containsExactly(2, 2);
    assertThat(AutoPad.VALID.pads(6, 3, 2, 1, 9, 9)).containsExactly(0, 0);
    assertThat(AutoPad.NOTSET.pads(6, 3, 2, 1, 2, 3)).containsExactly(2, 3);
    Conv2dParams p = Conv2dParams.of(4, 2, 0).withAutoPad(AutoPad.SAME_UPPER, 9, 10);
    assertThat(p.outH(9)).isEqualTo(5);
    assertThat(p.outW(10)).isEqualTo(5);
    assertThat(AutoPad.fromOnnx("SAME_LOWER")).isEqualTo(AutoPad.SAME_LOWER);
  }
}
