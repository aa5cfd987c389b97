package org.djlvulkan.backend.ops.fp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ops.BinaryOp;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.ops.LayoutOps;
import org.djlvulkan.backend.ops.Pool2dParams;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Float16;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.testing.Conv2dReference;
import org.djlvulkan.backend.testing.GraphRunner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fp16 builds of the float kernels (activations stored as halves, arithmetic in fp32) against
 * the double-precision reference on the same fp16-rounded input: each op must keep F16 storage and
 * be within the rounding of its fp16 output.
 */
@ExtendWith(VulkanExtension.class)
class HalfStorageOpsTest {

  /** Rounds to the nearest fp16 value, as the device does when it stores an activation. */
  static float[] roundedToHalf(float[] x) {
    float[] r = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      r[i] = Float16.toFloat(Float16.fromFloat(x[i]));
    }
    return r;
  }

  /**
   * Fails unless every {@code |got - ref| <= 2^-10 |ref| + 2e-5 max |ref| + 1e-6}: one rounding of
   * the fp16 output (2^-11) with margin, plus fp32 accumulation.
   */
  static void assertHalfClose(String label, double[] ref, float[] got) {
    assertThat(got).as(label + ": length").hasSize(ref.length);
    double maxRef = 0;
    for (double r : ref) {
      maxRef = Math.max(maxRef, Math.abs(r));
    }
    for (int i = 0; i < ref.length; i++) {
      double bound = Math.abs(ref[i]) / 1024 + 2e-5 * maxRef + 1e-6;
      if (!(Math.abs(got[i] - ref[i]) <= bound)) {
        throw new AssertionError(
            String.format(
                "%s: at %d got %s, expected %s (bound %.3g)", label, i, got[i], ref[i], bound));
      }
    }
  }

  /**
   * Runs ops on the input packed as F16 NC4HW4; checks that the ops' result is F16 and reads it
   * back as fp32 NCHW.
   */
  static float[] runHalf(
      long[] shape, float[] x, Function<GraphBuilder, Function<Value, Value>> op) {
    return GraphRunner.runFloats(
        VulkanExtension.device(),
        shape,
        x,
        c -> {
          Value in = LayoutOps.toNc4hw4(c.g(), c.input(), DType.F16);
          Value out = op.apply(c.g()).apply(in);
          assertThat(out.spec().dtype()).as("storage of %s", out.name()).isEqualTo(DType.F16);
          return LayoutOps.toNchwOutput(c.g(), out);
        });
  }

  static Stream<ConvOpsTest.Case> convCases() {
    return ConvOpsTest.grid();
  }

  @ParameterizedTest
  @MethodSource("convCases")
  void everyConvolutionKernelKeepsFp16(ConvOpsTest.Case c) {
    var caps = VulkanExtension.device().capabilities();
    TensorSpec in = TensorSpec.of(DType.F16, Layout.NC4HW4, c.n(), c.ic(), c.h(), c.w());
    float[] x =
        roundedToHalf(
            Conv2dReference.random(c.n() * c.ic() * c.h() * c.w(), c.name().hashCode(), 2f));
    Conv2dWeights w = ConvOpsTest.weights(c, c.name().hashCode() + 7);
    // Every fp16 convolution kernel reads fp16 weights: the reference rounds them too.
    double[] ref =
        Conv2dReference.conv2d(x, c.n(), c.ic(), c.h(), c.w(), halfWeights(w), c.p(), c.act());
    List<String> failures = new ArrayList<>();
    for (ConvKernel k : ConvKernelSelector.RULES.candidates(c.p(), in, c.oc(), caps)) {
      List<ConvOptions> options = new ArrayList<>();
      if (k == ConvKernel.POINTWISE || k == ConvKernel.IM2COL) {
        for (FloatGemmKernel gemm : halfGemms()) {
          options.add(ConvOptions.forcing(k).withGemm(gemm));
        }
      } else {
        options.add(ConvOptions.forcing(k));
      }
      for (ConvOptions o : options) {
        float[] got =
            runHalf(
                new long[] {c.n(), c.ic(), c.h(), c.w()},
                x,
                g -> v -> ConvOps.conv2d(g, v, w, c.p(), c.act(), o));
        try {
          assertHalfClose(c + " " + k + " " + o.forcedGemm(), ref, got);
        } catch (AssertionError e) {
          failures.add(e.getMessage());
        }
      }
    }
    assertThat(failures).as("fp16 kernels that disagree with the reference").isEmpty();
  }

  /** The GEMM kernels for fp16 activations this device runs. */
  static List<FloatGemmKernel> halfGemms() {
    List<FloatGemmKernel> all = new ArrayList<>();
    all.add(FloatGemmKernel.REGISTER_TILES);
    all.add(FloatGemmKernel.WIDE_REGISTER_TILES);
    all.add(FloatGemmKernel.SHARED_TILES);
    all.add(FloatGemmKernel.LARGE_TILES);
    if (TiledGemm.coopmatF16(VulkanExtension.device().capabilities())) {
      all.add(FloatGemmKernel.COOPMAT_F16);
      all.add(FloatGemmKernel.COOPMAT_F16_WIDE);
      all.add(FloatGemmKernel.COOPMAT_F16_TALL);
    }
    return all;
  }

  /** The weights rounded to fp16, as the fp16 convolution and linear kernels read them. */
  static Conv2dWeights halfWeights(Conv2dWeights w) {
    return new Conv2dWeights(
        w.outChannels(),
        w.inChannelsPerGroup(),
        w.kernelH(),
        w.kernelW(),
        roundedToHalf(w.weight()),
        w.bias());
  }

  @Test
  void theCooperativeMatrixGemmNamesWhatItNeeds() {
    int n = 1;
    int ic = 8;
    long[] shape = {n, ic, 4, 4};
    float[] x = roundedToHalf(Conv2dReference.random(n * ic * 16, 41, 1f));
    Conv2dWeights w = new Conv2dWeights(8, ic, 1, 1, Conv2dReference.random(8 * ic, 42, 1f), null);
    Conv2dParams p = Conv2dParams.of(1, 1, 0);
    ConvOptions coopmat =
        ConvOptions.forcing(ConvKernel.POINTWISE).withGemm(FloatGemmKernel.COOPMAT_F16);
    // fp32 activations: never.
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                GraphRunner.runFloats(
                    VulkanExtension.device(),
                    shape,
                    x,
                    c ->
                        ConvOps.conv2d(
                            c.g(),
                            LayoutOps.toNc4hw4(c.g(), c.input()),
                            w,
                            p,
                            Activation.NONE,
                            coopmat)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("takes fp16 activations, not F32");
    if (!TiledGemm.coopmatF16(VulkanExtension.device().capabilities())) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  runHalf(shape, x, g -> v -> ConvOps.conv2d(g, v, w, p, Activation.NONE, coopmat)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("f16xf16->f32 16x16x16 cooperative matrices");
    }
  }

  @Test
  void splitKGemmKeepsFp32PartialsAndFp16Output() {
    int n = 2;
    int ic = 260;
    int oc = 70;
    long[] shape = {n, ic, 9, 11};
    assertThat(TiledGemm.splits(99, 65, oc, n)).isGreaterThan(1);
    float[] x = roundedToHalf(Conv2dReference.random(n * ic * 99, 5, 2f));
    Conv2dWeights w =
        new Conv2dWeights(
            oc,
            ic,
            1,
            1,
            Conv2dReference.random(oc * ic, 6, 1f),
            Conv2dReference.random(oc, 7, 1f));
    Conv2dParams p = Conv2dParams.of(1, 1, 0);
    double[] ref = Conv2dReference.conv2d(x, n, ic, 9, 11, halfWeights(w), p, Activation.RELU);
    ConvOptions o =
        ConvOptions.forcing(ConvKernel.POINTWISE).withGemm(FloatGemmKernel.SHARED_TILES);
    assertHalfClose(
        "pointwise split K, fp16",
        ref,
        runHalf(shape, x, g -> v -> ConvOps.conv2d(g, v, w, p, Activation.RELU, o)));
  }

  @Test
  void linearKeepsFp16WithBothGemmKernels() {
    int n = 3;
    int k = 600;
    int o = 37;
    float[] x = roundedToHalf(Conv2dReference.random(n * k, 11, 2f));
    LinearWeights w =
        new LinearWeights(
            o, k, Conv2dReference.random(o * k, 12, 1f), Conv2dReference.random(o, 13, 1f));
    // The GEMMs' fp16 builds read fp16 weights.
    LinearWeights halfW = new LinearWeights(o, k, roundedToHalf(w.weight()), w.bias());
    double[] ref = Conv2dReference.linear(x, n, halfW, Activation.NONE);
    for (FloatGemmKernel kernel : halfGemms()) {
      assertHalfClose(
          "linear fp16 " + kernel,
          ref,
          runHalf(
              new long[] {n, k},
              x,
              g -> v -> LinearOps.linear(g, v, w, Activation.NONE, java.util.Optional.of(kernel))));
    }
  }

  @Test
  void poolingClampAndAddKeepFp16() {
    int n = 2;
    int c = 6;
    int h = 7;
    int wd = 5;
    float[] x = roundedToHalf(Conv2dReference.random(n * c * h * wd, 21, 3f));
    long[] shape = {n, c, h, wd};
    // Global average pool: the mean of each plane.
    double[] mean = new double[n * c];
    for (int i = 0; i < n * c; i++) {
      for (int j = 0; j < h * wd; j++) {
        mean[i] += x[i * h * wd + j];
      }
      mean[i] /= h * wd;
    }
    assertHalfClose(
        "global average pool", mean, runHalf(shape, x, g -> v -> PoolOps.globalAvgPool(g, v)));
    // Max pool 3x3 stride 2 pad 1.
    Pool2dParams mp = new Pool2dParams(3, 3, 2, 2, 1, 1, 1, 1, 1, 1, false, false);
    int oh = mp.outputH(h);
    int ow = mp.outputW(wd);
    double[] max = new double[n * c * oh * ow];
    for (int i = 0; i < n * c; i++) {
      for (int y = 0; y < oh; y++) {
        for (int z = 0; z < ow; z++) {
          double m = Double.NEGATIVE_INFINITY;
          for (int dy = 0; dy < 3; dy++) {
            for (int dz = 0; dz < 3; dz++) {
              int iy = y * 2 - 1 + dy;
              int iz = z * 2 - 1 + dz;
              if (iy >= 0 && iy < h && iz >= 0 && iz < wd) {
                m = Math.max(m, x[(i * h + iy) * wd + iz]);
              }
            }
          }
          max[(i * oh + y) * ow + z] = m;
        }
      }
    }
    assertHalfClose("max pool", max, runHalf(shape, x, g -> v -> PoolOps.maxPool2d(g, v, mp)));
    // ReLU6, and x + relu6(x) (both operands F16).
    double[] relu6 = new double[x.length];
    double[] sum = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      relu6[i] = Math.min(6, Math.max(0, x[i]));
      sum[i] = x[i] + (float) relu6[i];
    }
    assertHalfClose(
        "clamp", relu6, runHalf(shape, x, g -> v -> ElementwiseOps.clamp(g, v, 0f, 6f)));
    assertHalfClose(
        "add",
        sum,
        runHalf(
            shape,
            x,
            g ->
                v ->
                    ElementwiseOps.binary(
                        g, BinaryOp.ADD, v, ElementwiseOps.clamp(g, v, 0f, 6f), Activation.NONE)));
  }

  @Test
  void channelConcatKeepsFp16OnEvenBoundariesAndWidensOnOdd() {
    int n = 2;
    int c = 6;
    long[] shape = {n, c, 3, 4};
    float[] x = roundedToHalf(Conv2dReference.random(n * c * 12, 31, 2f));
    // concat(x, x) along channels: each batch is its planes twice.
    double[] twice = twice(x, n);
    assertHalfClose(
        "concat even",
        twice,
        runHalf(shape, x, g -> v -> ConcatOps.concatChannels(g, List.of(v, v))));
    long[] odd = {n, 3, 3, 4};
    float[] y = roundedToHalf(Conv2dReference.random(n * 3 * 12, 32, 2f));
    double[] ref = twice(y, n);
    float[] got =
        GraphRunner.runFloats(
            VulkanExtension.device(),
            odd,
            y,
            cx -> {
              Value v = LayoutOps.toNc4hw4(cx.g(), cx.input(), DType.F16);
              Value out = ConcatOps.concatChannels(cx.g(), List.of(v, v));
              assertThat(out.spec().dtype()).isEqualTo(DType.F32);
              return LayoutOps.toNchwOutput(cx.g(), out);
            });
    Conv2dReference.assertClose("concat odd (widened)", ref, got);
  }

  @Test
  void softmaxOverChannelsKeepsFp16() {
    int n = 2;
    int c = 10;
    long[] shape = {n, c, 2, 3};
    float[] x = roundedToHalf(Conv2dReference.random(n * c * 6, 51, 4f));
    double[] ref = new double[x.length];
    for (int b = 0; b < n; b++) {
      for (int hw = 0; hw < 6; hw++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int ch = 0; ch < c; ch++) {
          max = Math.max(max, x[(b * c + ch) * 6 + hw]);
        }
        double sum = 0;
        for (int ch = 0; ch < c; ch++) {
          sum += Math.exp(x[(b * c + ch) * 6 + hw] - max);
        }
        for (int ch = 0; ch < c; ch++) {
          ref[(b * c + ch) * 6 + hw] = Math.exp(x[(b * c + ch) * 6 + hw] - max) / sum;
        }
      }
    }
    assertHalfClose("softmax", ref, runHalf(shape, x, g -> v -> SoftmaxOps.softmax(g, v, 1)));
  }

  @Test
  void halfInputsAndOutputsMoveBitsUnchanged() {
    // A float16 graph input packed into fp16 storage and written back as float16: every value,
    // subnormals and infinities included, comes back with its bits.
    float[] x = {1f, -2.5f, 65504f, Float.POSITIVE_INFINITY, 6e-8f, -0f, 0.1f, 3e-5f, -7f};
    ByteBuffer halves = Float16.narrow(x);
    long[] shape = {1, x.length, 1, 1};
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    Value in = g.input("x", TensorSpec.of(DType.F16, Layout.NCHW, shape));
    Value packed = Float16Ops.toNc4hw4(g, in, DType.F16);
    assertThat(packed.spec().dtype()).isEqualTo(DType.F16);
    g.output("y", Float16Ops.toHalfNchw(g, ElementwiseOps.clamp(g, packed, -1e9f, 1e9f)));
    try (var graph = g.build();
        var ctx = graph.newContext()) {
      ctx.write("x", halves.duplicate());
      ctx.run();
      ByteBuffer out = ctx.read("y");
      for (int i = 0; i < x.length; i++) {
        assertThat(out.getShort(2 * i))
            .as("element %d (%s)", i, x[i])
            .isEqualTo(halves.getShort(2 * i));
      }
    }
  }

  /** The channel concat of a batch with itself: each batch's planes twice. */
  private static double[] twice(float[] x, int batches) {
    int perBatch = x.length / batches;
    double[] out = new double[2 * x.length];
    for (int b = 0; b < batches; b++) {
      for (int part = 0; part < 2; part++) {
        for (int j = 0; j < perBatch; j++) {
          out[(b * 2 + part) * perBatch + j] = x[b * perBatch + j];
        }
      }
    }
    return out;
  }

  @Test
  void conversionsRoundToNearestEvenAndWidenExactly() {
    // Values around fp16's limits: rounding ties, subnormals, overflow to infinity, NaN.
    float[] x = {
      1f,
      1f + 1f / 2048,
      1f + 3f / 2048,
      -2.5f,
      65504f,
      65520f,
      -1e6f,
      6e-8f,
      3e-5f,
      0f,
      -0f,
      Float.NaN
    };
    long[] shape = {1, x.length};
    // fp32 -> fp16 by the cast kernel (a clamp's result, which no other storage holds), read back
    // by the fp16 output conversion.
    float[] narrowed =
        runToNchw(
            shape,
            x,
            c -> {
              Value f32 =
                  ElementwiseOps.clamp(
                      c.g(),
                      LayoutOps.toNc4hw4(c.g(), c.input()),
                      Float.NEGATIVE_INFINITY,
                      Float.POSITIVE_INFINITY);
              Value half = FloatStorage.as(c.g(), f32, DType.F16);
              assertThat(FloatStorage.as(c.g(), half, DType.F16)).isSameAs(half);
              return half;
            });
    // fp32 -> fp16 as the input is packed, then fp16 -> fp32 by the cast kernel.
    float[] widened =
        runToNchw(
            shape,
            x,
            c ->
                FloatStorage.as(c.g(), LayoutOps.toNc4hw4(c.g(), c.input(), DType.F16), DType.F32));
    check(x, narrowed, "cast to fp16");
    check(x, widened, "packed as fp16, cast to fp32");
  }

  /** Runs ops on the fp32 NCHW input; their NC4HW4 result (either storage) is read as fp32. */
  private static float[] runToNchw(
      long[] shape, float[] x, Function<GraphRunner.GraphContext, Value> ops) {
    return GraphRunner.runFloats(
        VulkanExtension.device(), shape, x, c -> LayoutOps.toNchwOutput(c.g(), ops.apply(c)));
  }

  private static void check(float[] x, float[] got, String what) {
    for (int i = 0; i < x.length; i++) {
      float want = Float16.toFloat(Float16.fromFloat(x[i]));
      if (Float.isNaN(x[i])) {
        assertThat(got[i]).as("NaN stays NaN").isNaN();
        continue;
      }
      assertThat(Float.floatToIntBits(got[i]))
          .as("%s: element %d (%s): got %s, want %s", what, i, x[i], got[i], want)
          .isEqualTo(Float.floatToIntBits(want));
    }
  }
}
