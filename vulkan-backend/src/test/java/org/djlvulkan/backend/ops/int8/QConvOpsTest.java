package org.djlvulkan.backend.ops.int8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.djlvulkan.backend.config.KernelPolicy;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.QuantParams;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.testing.CapabilityEdits;
import org.djlvulkan.backend.testing.Int8Reference;
import org.djlvulkan.backend.testing.Int8Runner;
import org.djlvulkan.backend.testing.Pairwise;
import org.djlvulkan.backend.testing.QConv2dReference;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.djlvulkan.backend.vk.DeviceCapabilities;
import org.djlvulkan.shaders.KernelFeature;
import org.djlvulkan.shaders.KernelId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The q8ta convolution family, bit-exact against the Java integer reference: a pairwise grid of
 * shapes, groupings, activations and layouts that hits every branch of the selector, each case run
 * with every kernel that can run it (forced) on both int8 dot paths, with output scales and zero
 * points chosen so that both -128 and 127 appear.
 */
@ExtendWith(VulkanExtension.class)
class QConvOpsTest {

  /** How input channels are split into groups. */
  enum Grouping {
    DENSE,
    GROUPS_2,
    DEPTHWISE_X1,
    DEPTHWISE_X2
  }

  /** One case: shape, geometry, activation, bias and the layouts in and out. */
  record Case(
      int n,
      int ic,
      int h,
      int w,
      int oc,
      Conv2dParams p,
      Activation act,
      boolean bias,
      Layout inLayout,
      Optional<Layout> outLayout) {
    int[] dims() {
      return new int[] {n, ic, h, w};
    }

    TensorSpec input(QuantParams quant) {
      return TensorSpec.quantized(inLayout, quant, n, ic, h, w);
    }

    long seed() {
      return toString().hashCode();
    }

    @Override
    public String toString() {
      return "["
          + n
          + ","
          + ic
          + ","
          + h
          + ","
          + w
          + "]->"
          + oc
          + " "
          + p
          + " act="
          + (act.clamp() ? "clamp[" + act.lo() + "," + act.hi() + "]" : "none")
          + " bias="
          + bias
          + " in="
          + inLayout
          + " out="
          + outLayout.map(Layout::toString).orElse("kernel's");
    }
  }

  private static final Activation CLIP = Activation.clamp(-1f, 2f);
  private static final QuantParams UNIT = new QuantParams(1f, 0);

  static Stream<Case> grid() {
    List<Object[]> rows =
        Pairwise.cases(
            8,
            List.of(3, 4, 8, 12, 20),
            List.of(4, 5, 16, 33),
            List.of(new int[] {5, 7}, new int[] {6, 8}, new int[] {4, 9}),
            List.of(
                Conv2dParams.of(1, 1, 0),
                Conv2dParams.of(3, 1, 1),
                Conv2dParams.of(3, 2, 1),
                Conv2dParams.of(3, 1, 2).withDilation(2, 2),
                Conv2dParams.of(1, 2, 0),
                new Conv2dParams(2, 3, 2, 1, 1, 2, 0, 2, 1, 0, 1)),
            List.of(Grouping.values()),
            List.of(1, 2),
            List.of(Activation.NONE, Activation.RELU, CLIP),
            List.of(true, false),
            List.of(Layout.INT8_4C1W, Layout.INT8_4W4C),
            List.of(
                Optional.<Layout>empty(),
                Optional.of(Layout.INT8_4C1W),
                Optional.of(Layout.INT8_4W4C)));
    List<Case> cases = new ArrayList<>();
    for (Object[] r : rows) {
      int ic = (Integer) r[0];
      int oc = (Integer) r[1];
      int[] hw = (int[]) r[2];
      Conv2dParams p = (Conv2dParams) r[3];
      switch ((Grouping) r[4]) {
        case GROUPS_2:
          ic += ic % 2;
          oc += oc % 2;
          p = p.withGroups(2);
          break;
        case DEPTHWISE_X1:
          oc = ic;
          p = p.withGroups(ic);
          break;
        case DEPTHWISE_X2:
          oc = 2 * ic;
          p = p.withGroups(ic);
          break;
        default:
          break;
      }
      @SuppressWarnings("unchecked")
      Optional<Layout> out = (Optional<Layout>) r[9];
      cases.add(
          new Case(
              (Integer) r[5],
              ic,
              hw[0],
              hw[1],
              oc,
              p,
              (Activation) r[6],
              (Boolean) r[7],
              (Layout) r[8],
              out));
    }
    // Groups that start inside a word (IC / groups = 3: byte offsets 0, 3 and 2 of a word).
    cases.add(
        new Case(
            1,
            9,
            5,
            6,
            6,
            Conv2dParams.of(3, 1, 1).withGroups(3),
            CLIP,
            true,
            Layout.INT8_4C1W,
            Optional.empty()));
    // The stem's shape in small: IC = 3, 7x7 stride 2 (im2col on 4W4C pads each tap's channels
    // to 4 with zero weights; on 4C1W the generic im2col packs K densely).
    for (Layout stemLayout : List.of(Layout.INT8_4C1W, Layout.INT8_4W4C)) {
      cases.add(
          new Case(
              1,
              3,
              11,
              9,
              8,
              Conv2dParams.of(7, 2, 3),
              Activation.RELU,
              true,
              stemLayout,
              Optional.empty()));
    }
    // One input channel (grayscale), padded to 4 per tap on 4W4C, and 2 (a 2-channel stem).
    cases.add(
        new Case(
            2,
            1,
            7,
            10,
            6,
            Conv2dParams.of(3, 2, 1),
            CLIP,
            true,
            Layout.INT8_4W4C,
            Optional.of(Layout.INT8_4C1W)));
    cases.add(
        new Case(
            1,
            2,
            9,
            9,
            13,
            Conv2dParams.of(5, 1, 2),
            Activation.NONE,
            false,
            Layout.INT8_4W4C,
            Optional.empty()));
    // Long K and an odd number of output channel groups on the pointwise GEMM.
    cases.add(
        new Case(
            2,
            72,
            3,
            5,
            12,
            Conv2dParams.of(1, 1, 0),
            Activation.NONE,
            true,
            Layout.INT8_4W4C,
            Optional.empty()));
    // im2col on 4W4C at stride 1 with W % 4 == 0: the lined-up paths of the optimized im2col.
    cases.add(
        new Case(
            1,
            8,
            6,
            8,
            5,
            Conv2dParams.of(3, 1, 1),
            Activation.RELU,
            false,
            Layout.INT8_4W4C,
            Optional.empty()));
    return cases.stream();
  }

  /** The selector's rule, DESIGN.md section 1. */
  private static QConvKernel expectedKernel(Case c) {
    if (c.p().groups() == c.ic() && c.oc() % c.ic() == 0) {
      return QConvKernel.DEPTHWISE;
    }
    if (caps().subgroupSize() < 16
        && c.p().groups() == 1
        && c.ic() * c.p().kernelH() * c.p().kernelW() <= 64) {
      return QConvKernel.GENERAL;
    }
    if (c.p().groups() == 1 && c.p().isPointwise()) {
      return QConvKernel.POINTWISE;
    }
    boolean im2colIc = c.ic() % 4 == 0 || c.ic() < 4 || caps().subgroupSize() < 16;
    return c.p().groups() == 1 && im2colIc ? QConvKernel.IM2COL : QConvKernel.GENERAL;
  }

  private static DeviceCapabilities caps() {
    return VulkanExtension.device().capabilities();
  }

  /** The dot paths the device can run: the fallback, and the dot product where supported. */
  static List<Int8DotPath> dotPaths() {
    return caps().supports(KernelFeature.INTEGER_DOT_PRODUCT)
        ? List.of(Int8DotPath.FALLBACK, Int8DotPath.DOT_PRODUCT)
        : List.of(Int8DotPath.FALLBACK);
  }

  /** Test data of a case: input, weights, quantization, and the reference output. */
  record Data(int[] x, QuantParams xq, QConv2dWeights w, QuantParams yq, int[] expected) {}

  static Data data(Case c) {
    Random r = new Random(c.seed());
    int[] x = Int8Reference.random(c.n() * c.ic() * c.h() * c.w(), r.nextLong());
    QuantParams xq = new QuantParams(0.02f + r.nextFloat() * 0.05f, r.nextInt(41) - 20);
    int icpg = c.ic() / c.p().groups();
    int count = c.oc() * icpg * c.p().kernelH() * c.p().kernelW();
    int[] wv = Int8Reference.random(count, r.nextLong());
    byte[] wb = new byte[count];
    for (int i = 0; i < count; i++) {
      wb[i] = (byte) wv[i];
    }
    float[] scales = new float[c.oc()];
    float[] bias = c.bias() ? new float[c.oc()] : null;
    for (int o = 0; o < c.oc(); o++) {
      scales[o] = 0.002f + r.nextFloat() * 0.02f;
      if (bias != null) {
        bias[o] = (r.nextFloat() * 2 - 1) * 4;
      }
    }
    QConv2dWeights w =
        new QConv2dWeights(c.oc(), icpg, c.p().kernelH(), c.p().kernelW(), wb, scales, bias, null);
    return withInput(c, x, xq, w);
  }

  /**
   * Test data of a case for given input codes and weights: the output grid spans the reference's
   * real results in 320 steps (so both ends saturate), and the reference output on it.
   */
  static Data withInput(Case c, int[] x, QuantParams xq, QConv2dWeights w) {
    int[] shifted = QConv2dReference.shiftedSums(x, c.dims(), xq.zeroPoint(), w, c.p());
    int plane = c.p().outH(c.h()) * c.p().outW(c.w());
    float[] y = QConv2dReference.realOutputs(shifted, plane, xq.scale(), w, c.act());
    // 320 steps over the output's range: its ends saturate at -128 and 127.
    QuantParams yq = gridOver(y, 320);
    return new Data(x, xq, w, yq, QConv2dReference.requantize(y, yq));
  }

  /**
   * An output quantization whose codes span the range of {@code values} in {@code steps} steps,
   * centred on it: more than 255 steps saturate both ends, fewer leave room on both sides.
   */
  static QuantParams gridOver(float[] values, int steps) {
    float lo = Float.MAX_VALUE;
    float hi = -Float.MAX_VALUE;
    for (float v : values) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    float scale = hi > lo ? (hi - lo) / steps : 1f;
    int zero = (int) Math.max(-128, Math.min(127, Math.round(-(lo + hi) / 2 / scale)));
    return new QuantParams(scale, zero);
  }

  /**
   * Test data of a case in the int32 bias form (ONNX Runtime's requantization): the output scale
   * spans the real results {@code float(acc' + b) * s_x * s_w} in 320 steps, so both ends saturate.
   */
  static Data intBiasData(Case c) {
    return intBiasData(c, false);
  }

  /**
   * {@link #intBiasData(Case)}, or with {@code activationInside} an output grid of 200 steps over
   * the results before the activation (see {@link #activationInsideData}).
   */
  static Data intBiasData(Case c, boolean activationInside) {
    Data base = data(c);
    QConv2dWeights fw = base.w();
    Random r = new Random(c.seed() * 31 + 7);
    int[] bias = new int[c.oc()];
    float[] scales = new float[c.oc()];
    for (int o = 0; o < c.oc(); o++) {
      scales[o] = fw.scale(o);
      bias[o] = c.bias() ? r.nextInt(20001) - 10000 : 0;
    }
    QConv2dWeights w =
        new QConv2dWeights(
            c.oc(),
            fw.inChannelsPerGroup(),
            fw.kernelH(),
            fw.kernelW(),
            fw.weight(),
            scales,
            null,
            bias);
    int[] shifted =
        QConv2dReference.shiftedSums(base.x(), c.dims(), base.xq().zeroPoint(), w, c.p());
    int plane = c.p().outH(c.h()) * c.p().outW(c.w());
    float[] y = new float[shifted.length];
    Activation gridAct = activationInside ? Activation.NONE : c.act();
    for (int i = 0; i < shifted.length; i++) {
      int o = (i / plane) % c.oc();
      y[i] = gridAct.apply((float) (shifted[i] + bias[o]) * (base.xq().scale() * scales[o]));
    }
    QuantParams yq = gridOver(y, activationInside ? 200 : 320);
    int[] expected =
        QConv2dReference.intBiasOutputs(shifted, plane, base.xq().scale(), w, c.act(), yq);
    return new Data(base.x(), base.xq(), w, yq, expected);
  }

  /**
   * Test data of a case whose output grid spans the results before the activation (in 200 steps),
   * so the activation's bounds fall inside the codes' range and its clamp decides codes. In {@link
   * #data} the grid spans the activated results and saturates at both ends, where the codes' own
   * range would hide a kernel that skipped the activation's clamp.
   */
  static Data activationInsideData(Case c) {
    Data base = data(c);
    int[] shifted = shiftedSums(c, base);
    int plane = c.p().outH(c.h()) * c.p().outW(c.w());
    float[] raw =
        QConv2dReference.realOutputs(shifted, plane, base.xq().scale(), base.w(), Activation.NONE);
    QuantParams yq = gridOver(raw, 200);
    float[] y = QConv2dReference.realOutputs(shifted, plane, base.xq().scale(), base.w(), c.act());
    return new Data(base.x(), base.xq(), base.w(), yq, QConv2dReference.requantize(y, yq));
  }

  /** The grid's cases with an activation. */
  static Stream<Case> activated() {
    return grid().filter(c -> c.act() != Activation.NONE);
  }

  static Int8Runner.Output run(Case c, Data d, QConvOptions options) {
    return run(c, d, options, 1);
  }

  static Int8Runner.Output run(Case c, Data d, QConvOptions options, int runs) {
    long[] shape = {c.n(), c.ic(), c.h(), c.w()};
    return Int8Runner.run(
        List.of(new Int8Runner.Input(shape, d.x(), d.xq(), c.inLayout())),
        (g, in) -> QConvOps.conv2d(g, in.get(0), c.p(), d.w(), d.yq(), c.act(), options),
        runs);
  }

  /** Checks the output words (padding included) against the packed reference. */
  static void assertExact(String label, Int8Runner.Output o, Data d) {
    TensorSpec s = o.spec();
    int[] dims = {s.n(), s.c(), s.h(), s.w()};
    Int8Reference.assertWords(
        label, o.words(), Int8Reference.pack(d.expected(), dims, d.yq().zeroPoint(), s.layout()));
  }

  @ParameterizedTest
  @MethodSource("grid")
  void theInt32BiasEpilogueIsBitExactOnEveryKernelAndDotPath(Case c) {
    Data d = intBiasData(c);
    Int8Reference.assertSaturatesBothEnds(c + " int32 bias", d.expected());
    assertThat(candidateFailures(c, Map.of("int32 bias", d)))
        .as("int32 bias epilogue disagrees with the reference for %s", c)
        .isEmpty();
  }

  /**
   * Runs every candidate kernel of a case on every dot path on each data form (by label); returns
   * the disagreements with the reference.
   */
  private static List<String> candidateFailures(Case c, Map<String, Data> forms) {
    TensorSpec in = c.input(UNIT);
    List<String> failures = new ArrayList<>();
    for (QConvKernel k : QConvKernelSelector.RULES.candidates(c.p(), in, c.oc(), caps())) {
      for (Int8DotPath dot : dotPaths()) {
        QConvOptions o = QConvOptions.forcing(k).withDotPath(dot);
        if (c.outLayout().isPresent()) {
          o = o.withOutputLayout(c.outLayout().get());
        }
        for (Map.Entry<String, Data> form : forms.entrySet()) {
          try {
            assertExact(
                k + "/" + dot + " " + form.getKey(), run(c, form.getValue(), o), form.getValue());
          } catch (AssertionError e) {
            failures.add(e.getMessage());
          }
        }
      }
    }
    return failures;
  }

  @ParameterizedTest
  @MethodSource("grid")
  void everyCandidateKernelOnBothDotPathsIsBitExact(Case c) {
    TensorSpec in = c.input(UNIT);
    QConvKernel selected =
        QConvKernelSelector.select(c.p(), in, c.oc(), caps(), QConvOptions.DEFAULT).kernel();
    assertThat(selected).as("selector's kernel for %s", c).isEqualTo(expectedKernel(c));
    Data d = data(c);
    Int8Reference.assertSaturatesBothEnds(c.toString(), d.expected());
    List<QConvKernel> kernels = QConvKernelSelector.RULES.candidates(c.p(), in, c.oc(), caps());
    assertThat(kernels).contains(selected, QConvKernel.GENERAL);
    List<String> failures = new ArrayList<>();
    for (QConvKernel k : kernels) {
      for (Int8DotPath dot : dotPaths()) {
        QConvOptions o = QConvOptions.forcing(k).withDotPath(dot);
        if (c.outLayout().isPresent()) {
          o = o.withOutputLayout(c.outLayout().get());
        }
        QConvPlan plan = QConvKernelSelector.select(c.p(), in, c.oc(), caps(), o);
        Int8Runner.Output out = run(c, d, o);
        assertThat(out.spec().layout()).isEqualTo(plan.outputLayout());
        try {
          assertExact(k + "/" + plan.variant() + "/" + dot, out, d);
        } catch (AssertionError e) {
          failures.add(e.getMessage());
        }
      }
    }
    assertThat(failures).as("kernels that disagree with the reference for %s", c).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("activated")
  void everyCandidateKernelClampsToTheActivationInsideTheCodesRange(Case c) {
    int plane = c.p().outH(c.h()) * c.p().outW(c.w());
    Data floatBias = activationInsideData(c);
    Data intBias = intBiasData(c, true);
    // The same data without the activation: the activation must change codes of both forms.
    int[] floatUnclamped =
        QConv2dReference.requantize(
            QConv2dReference.realOutputs(
                shiftedSums(c, floatBias),
                plane,
                floatBias.xq().scale(),
                floatBias.w(),
                Activation.NONE),
            floatBias.yq());
    int[] intUnclamped =
        QConv2dReference.intBiasOutputs(
            shiftedSums(c, intBias),
            plane,
            intBias.xq().scale(),
            intBias.w(),
            Activation.NONE,
            intBias.yq());
    assertThat(Arrays.equals(floatUnclamped, floatBias.expected()))
        .as("the activation changes codes of %s", c)
        .isFalse();
    assertThat(Arrays.equals(intUnclamped, intBias.expected()))
        .as("the activation changes codes of %s, int32 bias", c)
        .isFalse();
    assertThat(
            candidateFailures(
                c,
                Map.of("activation inside", floatBias, "activation inside, int32 bias", intBias)))
        .as("kernels that disagree with the reference for %s", c)
        .isEmpty();
  }

  private static int[] shiftedSums(Case c, Data d) {
    return QConv2dReference.shiftedSums(d.x(), c.dims(), d.xq().zeroPoint(), d.w(), c.p());
  }

  @Test
  void theGridCoversEverySelectorBranchAndVariant() {
    Set<QConvKernel> selected = EnumSet.noneOf(QConvKernel.class);
    Set<QConvVariant> run = EnumSet.noneOf(QConvVariant.class);
    grid()
        .forEach(
            c -> {
              TensorSpec in = c.input(UNIT);
              selected.add(
                  QConvKernelSelector.select(c.p(), in, c.oc(), caps(), QConvOptions.DEFAULT)
                      .kernel());
              for (QConvKernel k :
                  QConvKernelSelector.RULES.candidates(c.p(), in, c.oc(), caps())) {
                run.add(
                    QConvKernelSelector.select(c.p(), in, c.oc(), caps(), QConvOptions.forcing(k))
                        .variant());
              }
            });
    assertThat(selected)
        .as("kernels the selector chose")
        .containsExactlyInAnyOrder(QConvKernel.values());
    assertThat(run).as("variants run").containsExactlyInAnyOrder(QConvVariant.values());
  }

  @Test
  void im2colSplitsOverOutputPixelsUnderASmallBudget() {
    Case c =
        new Case(
            2,
            8,
            5,
            7,
            6,
            Conv2dParams.of(3, 1, 1).withPads(1, 0, 2, 1),
            CLIP,
            true,
            Layout.INT8_4W4C,
            Optional.empty());
    Data d = data(c);
    TensorSpec in = c.input(d.xq());
    long perBlock = (8 * 9 / 4) * 16L;
    int pixels = 2 * c.p().outH(5) * c.p().outW(7);
    for (long budget : new long[] {3 * perBlock + 5, 16, 1000 * perBlock}) {
      // The scratch form (GPUs would read the input implicitly where the scratch is split).
      QConvOptions o =
          QConvOptions.forcing(QConvKernel.IM2COL)
              .withIm2colBudget(budget)
              .withPolicy(KernelPolicy.DEFAULT.withIm2col(KernelPolicy.Im2col.SCRATCH));
      QConvPlan plan = QConvKernelSelector.select(c.p(), in, c.oc(), caps(), o);
      int blocks = (int) Math.max(1, Math.min((pixels + 3) / 4, budget / perBlock));
      assertThat(plan.im2colPixelsPerChunk()).isEqualTo(4 * blocks);
      assertThat(plan.im2colScratchBytes()).isEqualTo(blocks * perBlock);
      assertThat(plan.im2colChunks()).isEqualTo(((pixels + 3) / 4 + blocks - 1) / blocks);
      for (Int8DotPath dot : dotPaths()) {
        assertExact(
            "budget " + budget + " (" + plan.im2colChunks() + " chunks), " + dot,
            run(c, d, o.withDotPath(dot)),
            d);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("grid")
  void bothGemmTilingsOnBothDotPathsAreBitExact(Case c) {
    TensorSpec in = c.input(UNIT);
    Data d = data(c);
    List<String> failures = new ArrayList<>();
    for (QConvKernel k : QConvKernelSelector.RULES.candidates(c.p(), in, c.oc(), caps())) {
      if (k != QConvKernel.POINTWISE && k != QConvKernel.IM2COL) {
        continue;
      }
      for (QConvGemmTiling tiling : QConvGemmTiling.values()) {
        for (Int8DotPath dot : dotPaths()) {
          QConvOptions o = QConvOptions.forcing(k).withDotPath(dot).withGemmTiling(tiling);
          if (c.outLayout().isPresent()) {
            o = o.withOutputLayout(c.outLayout().get());
          }
          QConvPlan plan = QConvKernelSelector.select(c.p(), in, c.oc(), caps(), o);
          assertThat(plan.gemmTiling()).isEqualTo(tiling);
          try {
            assertExact(k + "/" + tiling + "/" + plan.shader(), run(c, d, o), d);
          } catch (AssertionError e) {
            failures.add(e.getMessage());
          }
        }
      }
    }
    assertThat(failures).as("GEMM tilings that disagree with the reference for %s", c).isEmpty();
  }

  /** The plan of a small pointwise GEMM (1 x 4 x 4 positions, K 128, 8 channels) on a device. */
  private static QConvPlan smallPointwise(DeviceCapabilities device, QConvOptions options) {
    TensorSpec in = TensorSpec.quantized(Layout.INT8_4W4C, UNIT, 1, 128, 4, 4);
    return QConvKernelSelector.select(Conv2dParams.of(1, 1, 0), in, 8, device, options);
  }

  @Test
  void theGemmTilingFollowsTheSubgroupWidth() {
    // Two passes: a GPU's auto would split this small GEMM's reduction in the workgroup, on the
    // register tiles whatever the subgroup width.
    QConvOptions twoPass =
        QConvOptions.DEFAULT.withPolicy(
            KernelPolicy.DEFAULT
                .withCoopmat(KernelPolicy.Coopmat.OFF)
                .withSplitK(KernelPolicy.SplitK.TWO_PASS));
    for (DeviceCapabilities device :
        List.of(caps(), CapabilityEdits.asCooperativeMatrixGpu(caps(), 1024))) {
      QConvPlan plan = smallPointwise(device, twoPass);
      assertThat(plan.gemmTiling())
          .as("subgroups of %s", device.subgroupSize())
          .isEqualTo(
              device.subgroupSize() < QConvKernelSelector.WIDE_SUBGROUP
                  ? QConvGemmTiling.REGISTERS
                  : QConvGemmTiling.SHARED_MEMORY);
      // A tiling the options name holds under auto too: the workgroup split yields to it.
      QConvPlan forced =
          smallPointwise(
              device, QConvOptions.DEFAULT.withGemmTiling(QConvGemmTiling.SHARED_MEMORY));
      assertThat(forced.gemmTiling()).isEqualTo(QConvGemmTiling.SHARED_MEMORY);
      assertThat(forced.workgroupSlices()).isEqualTo(1);
    }
  }

  /**
   * GEMM cases that cross tile edges: pointwise over several workgroup tiles (80 blocks, 18 channel
   * groups, K4 = 18: one full 8-k4 stage and a short one), and im2col with K4 = 27 into a 4C1W
   * output.
   */
  static List<Case> gemmTileCases() {
    return List.of(
        new Case(
            2,
            72,
            5,
            30,
            70,
            Conv2dParams.of(1, 1, 0),
            Activation.RELU,
            true,
            Layout.INT8_4W4C,
            Optional.empty()),
        new Case(
            1,
            12,
            9,
            11,
            20,
            Conv2dParams.of(3, 2, 1),
            CLIP,
            false,
            Layout.INT8_4W4C,
            Optional.of(Layout.INT8_4C1W)));
  }

  @Test
  void splitKGemmsAreBitExactAcrossTilesAndSlices() {
    // Pointwise over several workgroup tiles (80 blocks, 18 channel groups), K4 = 18; im2col with
    // K4 = 27 into a 4C1W output. 3, 7 and 11 slices of 8-k4 stages leave short and empty slices;
    // 11 is more than the reduce pass reads at a time (8).
    List<Case> cases = gemmTileCases();
    for (Case c : cases) {
      Data d = data(c);
      TensorSpec in = c.input(d.xq());
      int k4s = (c.ic() * c.p().kernelH() * c.p().kernelW() + 3) / 4;
      for (int splits : new int[] {1, 3, 7, 11}) {
        for (QConvGemmTiling tiling : QConvGemmTiling.values()) {
          for (KernelPolicy.SplitK form : KernelPolicy.SplitK.values()) {
            QConvOptions o =
                QConvOptions.DEFAULT
                    .withGemmSplits(splits)
                    .withGemmTiling(tiling)
                    .withOutputLayout(c.outLayout().orElse(Layout.INT8_4W4C))
                    .withPolicy(KernelPolicy.DEFAULT.withSplitK(form));
            QConvPlan plan = QConvKernelSelector.select(c.p(), in, c.oc(), caps(), o);
            assertThat(plan.kernel()).isIn(QConvKernel.POINTWISE, QConvKernel.IM2COL);
            // The workgroup form splits in layers of invocations (each at least 4 k4s long). AUTO
            // would take it on GPUs, whose reductions here are all short, but yields to the tiling
            // these options name: it splits in two passes.
            boolean inWorkgroup = splits > 1 && form == KernelPolicy.SplitK.WORKGROUP;
            assertThat(plan.gemmSplits()).isEqualTo(inWorkgroup ? 1 : Math.min(splits, k4s));
            assertThat(plan.workgroupSlices())
                .isEqualTo(inWorkgroup ? Math.min(splits, k4s / 4) : 1);
            assertThat(plan.splitInOnePass())
                .isEqualTo(splits > 1 && form == KernelPolicy.SplitK.ONE_PASS);
            for (Int8DotPath dot : dotPaths()) {
              // Two runs of one context: the tile counters start each run from zero.
              assertExact(
                  plan.kernel() + "/" + tiling + "/" + form + " with " + splits + " slices, " + dot,
                  run(c, d, o.withDotPath(dot), 2),
                  d);
            }
          }
        }
      }
    }
  }

  @Test
  void autoSplitsShortReductionsInTheWorkgroupOnGpusOnly() {
    DeviceCapabilities gpu = CapabilityEdits.asCooperativeMatrixGpu(caps(), 1024);
    QConvOptions auto = QConvOptions.DEFAULT.withGemmSplits(4);
    long longest = QConvKernelSelector.WORKGROUP_SPLIT_MAX_K;
    Conv2dParams pointwise = Conv2dParams.of(1, 1, 0);
    // 7 x 8 positions (14 blocks) x 64 channels: K' 512 is small enough, K' 576 is not; 7 x 8 x
    // 2048 positions are too many multiply-adds at K' 512.
    TensorSpec large = TensorSpec.quantized(Layout.INT8_4W4C, UNIT, 1, longest, 7 * 2048, 8);
    long macs = 7 * 2048 * 8 * 64 * longest;
    assertThat(macs).isGreaterThan(QConvKernelSelector.WORKGROUP_SPLIT_MAX_MULTIPLY_ADDS);
    assertThat(QConvKernelSelector.select(pointwise, large, 64, gpu, auto).workgroupSlices())
        .as("%s multiply-adds", macs)
        .isEqualTo(1);
    for (long k : new long[] {longest, longest + 64}) {
      TensorSpec in = TensorSpec.quantized(Layout.INT8_4W4C, UNIT, 1, k, 7, 8);
      QConvPlan onGpu = QConvKernelSelector.select(pointwise, in, 64, gpu, auto);
      boolean short_ = k <= longest;
      assertThat(onGpu.workgroupSlices()).as("K' %s on a GPU", k).isEqualTo(short_ ? 4 : 1);
      assertThat(onGpu.gemmSplits()).as("K' %s on a GPU", k).isEqualTo(short_ ? 1 : 4);
      QConvPlan here = QConvKernelSelector.select(pointwise, in, 64, caps(), auto);
      boolean wide = caps().subgroupSize() >= QConvKernelSelector.WIDE_SUBGROUP;
      assertThat(here.workgroupSlices() > 1).as("K' %s here", k).isEqualTo(wide && short_);
    }
  }

  @Test
  void theKernelPolicyForcesTheFallback() {
    // The cooperative-matrix GEMM takes no dot path: leave it out here.
    KernelPolicy noDot =
        new KernelPolicy(false, KernelPolicy.Coopmat.OFF, KernelPolicy.FloatGemm.AUTO);
    assertThat(Int8DotPath.preferred(caps(), noDot)).isEqualTo(Int8DotPath.FALLBACK);
    // Here and on a GPU, where a GEMM this small splits its reduction in the workgroup by default.
    for (DeviceCapabilities device :
        List.of(caps(), CapabilityEdits.asCooperativeMatrixGpu(caps(), 1024))) {
      QConvPlan twoPass =
          smallPointwise(
              device,
              QConvOptions.DEFAULT.withPolicy(noDot.withSplitK(KernelPolicy.SplitK.TWO_PASS)));
      assertThat(twoPass.dotPath()).isEqualTo(Int8DotPath.FALLBACK);
      assertThat(twoPass.shader())
          .isEqualTo(
              QConvKernelSelector.gemmTiling(device) == QConvGemmTiling.REGISTERS
                  ? KernelId.Q8TA_GEMM_REG
                  : KernelId.Q8TA_GEMM);
      QConvPlan workgroup =
          smallPointwise(
              device,
              QConvOptions.DEFAULT.withPolicy(noDot.withSplitK(KernelPolicy.SplitK.WORKGROUP)));
      assertThat(workgroup.dotPath()).isEqualTo(Int8DotPath.FALLBACK);
      assertThat(workgroup.shader()).isEqualTo(KernelId.Q8TA_GEMM_WGK);
    }
    QConvPlan onGpu =
        smallPointwise(
            CapabilityEdits.asCooperativeMatrixGpu(caps(), 1024),
            QConvOptions.DEFAULT.withPolicy(noDot));
    assertThat(onGpu.shader()).as("auto on a GPU").isEqualTo(KernelId.Q8TA_GEMM_WGK);
    Int8DotPath auto =
        caps().supports(KernelFeature.INTEGER_DOT_PRODUCT)
            ? Int8DotPath.DOT_PRODUCT
            : Int8DotPath.FALLBACK;
    assertThat(Int8DotPath.preferred(caps(), noDot.withInt8Dot(true))).isEqualTo(auto);
  }

  @Test
  void aForcedDotProductNeedsTheDeviceFeature() {
    DeviceCapabilities noDot = CapabilityEdits.withoutIntegerDotProduct(caps());
    TensorSpec in = TensorSpec.quantized(Layout.INT8_4C1W, UNIT, 1, 8, 4, 4);
    Conv2dParams p = Conv2dParams.of(3, 1, 1);
    assertThatThrownBy(
            () ->
                QConvKernelSelector.select(
                    p, in, 8, noDot, QConvOptions.DEFAULT.withDotPath(Int8DotPath.DOT_PRODUCT)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(QConvOps.OP)
        .hasMessageContaining("INTEGER_DOT_PRODUCT");
    assertThat(QConvKernelSelector.select(p, in, 8, noDot, QConvOptions.DEFAULT).dotPath())
        .isEqualTo(Int8DotPath.FALLBACK);
  }

  @Test
  void forcedKernelsThatCannotRunTheShapeAreRefused() {
    TensorSpec in = TensorSpec.quantized(Layout.INT8_4C1W, UNIT, 1, 4, 5, 5);
    Conv2dParams k3 = Conv2dParams.of(3, 1, 1);
    assertThatThrownBy(
            () ->
                QConvKernelSelector.select(
                    k3, in, 8, caps(), QConvOptions.forcing(QConvKernel.POINTWISE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(QConvOps.OP)
        .hasMessageContaining("[1, 4, 5, 5]")
        .hasMessageContaining("POINTWISE")
        .hasMessageContaining("1x1");
    assertThatThrownBy(
            () ->
                QConvKernelSelector.select(
                    k3, in, 8, caps(), QConvOptions.forcing(QConvKernel.DEPTHWISE)))
        .hasMessageContaining("DEPTHWISE")
        .hasMessageContaining("groups == IC");
    assertThatThrownBy(
            () ->
                QConvKernelSelector.select(
                    k3.withGroups(2), in, 8, caps(), QConvOptions.forcing(QConvKernel.IM2COL)))
        .hasMessageContaining("IM2COL")
        .hasMessageContaining("groups == 1");
  }

  @Test
  void badInputsNameTheOpAndTheProblem() {
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    QuantParams q = new QuantParams(0.1f, 0);
    Value in = g.input("x", TensorSpec.quantized(Layout.INT8_4C1W, q, 1, 6, 4, 4));
    QConv2dWeights w = weights(4, 6, 3);
    Conv2dParams k3 = Conv2dParams.of(3, 1, 1);
    assertThatThrownBy(() -> QConvOps.conv2d(g, in, k3, w, q, Activation.HARD_SWISH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(QConvOps.OP)
        .hasMessageContaining("HardSwish");
    assertThatThrownBy(() -> QConvOps.conv2d(g, in, k3, weights(4, 5, 3), q, Activation.NONE))
        .hasMessageContaining("[1, 6, 4, 4]")
        .hasMessageContaining("do not match");
    assertThatThrownBy(
            () ->
                QConvOps.conv2d(
                    g, in, Conv2dParams.of(7, 1, 1), weights(4, 6, 7), q, Activation.NONE))
        .hasMessageContaining("kernel 7x7");
    Value f32 =
        g.input(
            "f", TensorSpec.of(org.djlvulkan.backend.tensor.DType.F32, Layout.NC4HW4, 1, 6, 4, 4));
    assertThatThrownBy(() -> QConvOps.conv2d(g, f32, k3, w, q, Activation.NONE))
        .hasMessageContaining("quantized I8");
    assertThatThrownBy(
            () -> new QConv2dWeights(2, 1, 1, 1, new byte[2], new float[] {1f, 0f}, null, null))
        .hasMessageContaining("output channel 1");
    assertThatThrownBy(
            () ->
                new QConv2dWeights(1, 8192, 3, 3, new byte[8192 * 9], new float[] {1f}, null, null))
        .hasMessageContaining("73728")
        .hasMessageContaining("overflow");
  }

  private static QConv2dWeights weights(int oc, int icpg, int k) {
    float[] scales = new float[oc];
    Arrays.fill(scales, 0.01f);
    return new QConv2dWeights(oc, icpg, k, k, new byte[oc * icpg * k * k], scales, null, null);
  }
}
