package org.djlvulkan.backend.ops.int8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.djlvulkan.backend.config.KernelPolicy;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.QuantParams;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.testing.Int8Reference;
import org.djlvulkan.backend.testing.Int8Runner;
import org.djlvulkan.backend.testing.Pairwise;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.djlvulkan.shaders.KernelFeature;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Quantized linear (QGemm / QLinearMatMul) with int8 and fp32 output, on both dot-product paths,
 * against an integer reference computed from the ONNX-form weights, bit-exact.
 */
@ExtendWith(VulkanExtension.class)
class QuantizedLinearOpsTest {
  private static final QuantParams IN = new QuantParams(0.03f, -9);
  private static final QuantParams OUT = new QuantParams(0.05f, 4);

  /** How the ONNX B operand is given. */
  enum WeightKind {
    /** int8, zero point 0, a scale per output channel, B [K][N]. */
    SYMMETRIC,
    /** uint8 with zero point 128 and one scale, B transposed [N][K]. */
    UINT8_TRANSPOSED,
    /** int8 with a non-zero zero point and a scale per output channel. */
    INT8_ZERO_POINTS
  }

  /** ONNX-form B with its quantization, and the weights made from it. */
  private record OnnxWeights(
      byte[] b, boolean transB, boolean unsigned, float[] scales, int[] zeroPoints, int[] bias) {
    int value(int k, int n, int kk, int o) {
      int v = transB ? b[o * k + kk] : b[kk * n + o];
      return unsigned ? v & 0xFF : v;
    }

    int zeroPoint(int o) {
      return zeroPoints == null ? 0 : zeroPoints[zeroPoints.length == 1 ? 0 : o];
    }

    float scale(int o) {
      return scales[scales.length == 1 ? 0 : o];
    }

    QuantizedLinearWeights weights(int k, int n) {
      return QuantizedLinearWeights.fromOnnx(b, k, n, transB, unsigned, scales, zeroPoints, bias);
    }
  }

  private static OnnxWeights onnxWeights(WeightKind kind, int k, int n, boolean bias, long seed) {
    Random r = new Random(seed);
    byte[] b = new byte[k * n];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) r.nextInt(256);
    }
    float[] scales = new float[kind == WeightKind.UINT8_TRANSPOSED ? 1 : n];
    for (int i = 0; i < scales.length; i++) {
      scales[i] = 0.002f + r.nextFloat() * 0.01f;
    }
    int[] zeroPoints = null;
    if (kind == WeightKind.UINT8_TRANSPOSED) {
      zeroPoints = new int[] {128};
    } else if (kind == WeightKind.INT8_ZERO_POINTS) {
      zeroPoints = new int[n];
      for (int o = 0; o < n; o++) {
        zeroPoints[o] = r.nextInt(256) - 128;
      }
    }
    int[] biasValues = null;
    if (bias) {
      biasValues = new int[n];
      for (int o = 0; o < n; o++) {
        biasValues[o] = r.nextInt(40001) - 20000;
      }
    }
    return new OnnxWeights(
        b,
        kind == WeightKind.UINT8_TRANSPOSED,
        kind == WeightKind.UINT8_TRANSPOSED,
        scales,
        zeroPoints,
        biasValues);
  }

  /**
   * ONNX Runtime's result y[n][o] from the ONNX-form operands: {@code float(acc + b) * m} with
   * {@code m = s_x * s_w} (fp32 output, {@code out} null, then the activation) or {@code m = (s_x *
   * s_w) / s_y} (int8 output, clamped to the activation's bounds in output steps, before rounding).
   */
  private static float[] reference(
      int[] x, int rows, int k, int n, OnnxWeights w, Activation act, QuantParams out) {
    float[] y = new float[rows * n];
    for (int row = 0; row < rows; row++) {
      for (int o = 0; o < n; o++) {
        int acc = w.bias() == null ? 0 : w.bias()[o];
        for (int kk = 0; kk < k; kk++) {
          acc += (x[row * k + kk] - IN.zeroPoint()) * (w.value(k, n, kk, o) - w.zeroPoint(o));
        }
        float m = IN.scale() * w.scale(o);
        if (out == null) {
          y[row * n + o] = act.apply((float) acc * m);
        } else {
          float v = (float) acc * (m / out.scale());
          if (act.clamp()) {
            float lo = (float) Math.rint(act.lo() / out.scale());
            float hi = (float) Math.rint(act.hi() / out.scale());
            v = Math.min(Math.max(v, lo), hi);
          }
          y[row * n + o] = v;
        }
      }
    }
    return y;
  }

  static Stream<Arguments> cases() {
    return Pairwise.cases(
            41,
            List.of(3, 8, 20, 37, 300),
            List.of(1, 4, 10),
            List.of(1, 2, 3),
            List.of(true, false),
            List.of(true, false),
            List.of(WeightKind.values()),
            List.of(true, false),
            List.of(Activation.NONE, Activation.RELU),
            List.of(2, 4),
            List.of(
                QuantizedLinearOps.Reduction.LOOP,
                QuantizedLinearOps.Reduction.WORKGROUP,
                QuantizedLinearOps.Reduction.TILED))
        .stream()
        .map(Arguments::of);
  }

  /**
   * The tiled form over several tiles of rows and channel groups, with K in one stage, in several
   * with a partial last one, and as long as ResNet50's classifier's (the pairwise cases fit in one
   * tile).
   */
  static Stream<Arguments> tiledCases() {
    QuantizedLinearOps.Reduction tiled = QuantizedLinearOps.Reduction.TILED;
    return Stream.of(
        Arguments.of(
            300, 150, 70, true, true, WeightKind.INT8_ZERO_POINTS, true, Activation.RELU, 2, tiled),
        Arguments.of(
            300,
            150,
            70,
            false,
            false,
            WeightKind.UINT8_TRANSPOSED,
            false,
            Activation.NONE,
            4,
            tiled),
        Arguments.of(
            64, 130, 33, true, false, WeightKind.SYMMETRIC, true, Activation.NONE, 2, tiled),
        Arguments.of(
            2048, 40, 40, true, true, WeightKind.SYMMETRIC, true, Activation.NONE, 4, tiled));
  }

  /** A layer run on the device, with the operands its reference reads. */
  private record Ran(Int8Runner.Output out, OnnxWeights onnx, int[] x) {}

  /** Runs a layer of random operands (seeded by the shape) writing {@code form}. */
  private static Ran run(
      int k,
      int n,
      int rows,
      boolean packedDot,
      WeightKind kind,
      boolean bias,
      Activation act,
      int rank,
      QuantizedLinearOps.Reduction reduction,
      QuantizedLinearOps.Output form) {
    if (packedDot) {
      Assumptions.assumeTrue(
          VulkanExtension.device().capabilities().supports(KernelFeature.INTEGER_DOT_PRODUCT),
          "no packed int8 dot product on this device");
    }
    OnnxWeights onnx = onnxWeights(kind, k, n, bias, k * 31L + n);
    int[] x = Int8Reference.random(rows * k, rows * 7L + k);
    long[] shape = rank == 2 ? new long[] {rows, k} : new long[] {rows, k, 1, 1};
    QuantizedLinearWeights w = onnx.weights(k, n);
    QuantParams out = form == QuantizedLinearOps.Output.FLOAT ? null : OUT;
    Int8Runner.Output result =
        Int8Runner.run(
            List.of(new Int8Runner.Input(shape, x, IN, Layout.INT8_4C1W)),
            (g, in) ->
                QuantizedLinearOps.linear(g, in.get(0), w, out, form, act, packedDot, reduction));
    return new Ran(result, onnx, x);
  }

  @ParameterizedTest
  @MethodSource({"cases", "tiledCases"})
  void linearIsBitExact(
      int k,
      int n,
      int rows,
      boolean int8Out,
      boolean packedDot,
      WeightKind kind,
      boolean bias,
      Activation act,
      int rank,
      QuantizedLinearOps.Reduction reduction) {
    QuantizedLinearOps.Output form =
        int8Out ? QuantizedLinearOps.Output.CODES : QuantizedLinearOps.Output.FLOAT;
    Ran ran = run(k, n, rows, packedDot, kind, bias, act, rank, reduction, form);
    Int8Runner.Output out = ran.out();
    float[] y = reference(ran.x(), rows, k, n, ran.onnx(), act, int8Out ? OUT : null);
    String label =
        String.format(
            "linear K=%d OC=%d N=%d %s %s %s bias=%b %s rank %d %s",
            k,
            n,
            rows,
            int8Out ? "int8" : "fp32",
            packedDot ? "dot" : "fallback",
            kind,
            bias,
            act.clamp() ? "relu" : "none",
            rank,
            reduction);
    if (int8Out) {
      assertThat(out.spec()).isEqualTo(TensorSpec.quantized(Layout.INT8_4C1W, OUT, rows, n));
      int[] q = new int[y.length];
      for (int i = 0; i < y.length; i++) {
        q[i] = Int8Reference.quantize(y[i], OUT.zeroPoint());
      }
      Int8Reference.assertWords(
          label,
          out.words(),
          Int8Reference.pack(q, new int[] {rows, n, 1, 1}, OUT.zeroPoint(), Layout.INT8_4C1W));
    } else {
      assertThat(out.spec()).isEqualTo(TensorSpec.of(DType.F32, Layout.NC4HW4, rows, n));
      int oc4s = (n + 3) / 4;
      float[] expected = new float[rows * oc4s * 4];
      for (int row = 0; row < rows; row++) {
        System.arraycopy(y, row * n, expected, row * oc4s * 4, n);
      }
      assertThat(out.floats()).as(label).containsExactly(expected);
    }
  }

  /**
   * The form for a layer whose codes a DequantizeLinear reads alone writes their real values: the
   * codes of {@link #linearIsBitExact}'s reference, then {@code float(q - z) * s}, as the
   * dequantize kernel computes them, NCHW.
   */
  @ParameterizedTest
  @MethodSource({"cases", "tiledCases"})
  void dequantizedOutputIsTheCodesRealValues(
      int k,
      int n,
      int rows,
      boolean unused,
      boolean packedDot,
      WeightKind kind,
      boolean bias,
      Activation act,
      int rank,
      QuantizedLinearOps.Reduction reduction) {
    Ran ran =
        run(
            k,
            n,
            rows,
            packedDot,
            kind,
            bias,
            act,
            rank,
            reduction,
            QuantizedLinearOps.Output.DEQUANTIZED);
    Int8Runner.Output out = ran.out();
    float[] y = reference(ran.x(), rows, k, n, ran.onnx(), act, OUT);
    float[] expected = new float[y.length];
    for (int i = 0; i < y.length; i++) {
      int q = Int8Reference.quantize(y[i], OUT.zeroPoint());
      expected[i] = (float) (q - OUT.zeroPoint()) * OUT.scale();
    }
    assertThat(out.spec()).isEqualTo(TensorSpec.of(DType.F32, Layout.NCHW, rows, n));
    assertThat(out.floats())
        .as(
            "dequantized linear K=%d OC=%d N=%d %s %s bias=%b %s rank %d %s",
            k,
            n,
            rows,
            packedDot ? "dot" : "fallback",
            kind,
            bias,
            act.clamp() ? "relu" : "none",
            rank,
            reduction)
        .containsExactly(expected);
  }

  @Test
  void largeSumsSaturateBothEndsOnBothPaths() {
    int k = 300;
    int n = 6;
    OnnxWeights onnx = onnxWeights(WeightKind.INT8_ZERO_POINTS, k, n, false, 3);
    int[] x = new int[2 * k];
    for (int i = 0; i < k; i++) {
      // row 0 follows the sign of output 0's weights, row 1 the opposite sign: sums at both ends
      int v = onnx.value(k, n, i, 0) - onnx.zeroPoint(0);
      x[i] = v >= 0 ? 127 : -128;
      x[k + i] = v >= 0 ? -128 : 127;
    }
    float[] y = reference(x, 2, k, n, onnx, Activation.NONE, OUT);
    int[] q = new int[y.length];
    for (int i = 0; i < y.length; i++) {
      q[i] = Int8Reference.quantize(y[i], OUT.zeroPoint());
    }
    Int8Reference.assertSaturatesBothEnds("linear K=300", q);
    boolean dot =
        VulkanExtension.device().capabilities().supports(KernelFeature.INTEGER_DOT_PRODUCT);
    for (boolean packedDot : dot ? new boolean[] {false, true} : new boolean[] {false}) {
      Int8Runner.Output out =
          Int8Runner.run(
              List.of(new Int8Runner.Input(new long[] {2, k}, x, IN, Layout.INT8_4C1W)),
              (g, in) ->
                  QuantizedLinearOps.linear(
                      g,
                      in.get(0),
                      onnx.weights(k, n),
                      OUT,
                      QuantizedLinearOps.Output.CODES,
                      Activation.NONE,
                      packedDot,
                      QuantizedLinearOps.Reduction.AUTO));
      Int8Reference.assertWords(
          "linear K=300 dot=" + packedDot,
          out.words(),
          Int8Reference.pack(q, new int[] {2, n, 1, 1}, OUT.zeroPoint(), Layout.INT8_4C1W));
    }
  }

  @Test
  void gpusTakeTheGemvFormAtAnyBatchCpuDriversWhileTheOutputIsSmall() {
    QuantizedLinearOps.Reduction auto = QuantizedLinearOps.Reduction.AUTO;
    // ResNet50's classifier: K4 = 512, 250 channel groups.
    assertThat(auto.workgroup(256, 512, 250, true)).isTrue();
    assertThat(auto.workgroup(256, 512, 250, false)).isFalse();
    assertThat(auto.workgroup(65, 512, 250, false)).isTrue();
    // A short K keeps the loop on any device; the forced forms hold.
    assertThat(auto.workgroup(1, QuantizedLinearOps.GEMV_MIN_K4S - 1, 250, true)).isFalse();
    assertThat(QuantizedLinearOps.Reduction.LOOP.workgroup(1, 512, 250, true)).isFalse();
    assertThat(QuantizedLinearOps.Reduction.WORKGROUP.workgroup(256, 4, 250, false)).isTrue();
  }

  @Test
  void theKernelPolicyForcesTheFallback() {
    var caps = VulkanExtension.device().capabilities();
    assertThat(Int8Support.packedDot(caps, KernelPolicy.DEFAULT.withInt8Dot(false))).isFalse();
    assertThat(Int8Support.packedDot(caps, KernelPolicy.DEFAULT))
        .isEqualTo(caps.supports(KernelFeature.INTEGER_DOT_PRODUCT));
  }

  @Test
  void badArgumentsAreRejected() {
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    Value raw = g.input("x", TensorSpec.of(DType.I8, Layout.NCHW, 2, 8));
    Value x = QuantizedLayoutOps.fromBytes(g, raw, IN, Layout.INT8_4C1W);
    OnnxWeights onnx = onnxWeights(WeightKind.SYMMETRIC, 9, 3, false, 1);
    assertThatThrownBy(
            () -> QuantizedLinearOps.linear(g, x, onnx.weights(9, 3), OUT, Activation.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be [N, 9]");
    Value wide = QuantizedLayoutOps.fromBytes(g, raw, IN, Layout.INT8_4W4C);
    OnnxWeights fits = onnxWeights(WeightKind.SYMMETRIC, 8, 3, false, 1);
    assertThatThrownBy(
            () -> QuantizedLinearOps.linearToFloat(g, wide, fits.weights(8, 3), Activation.NONE))
        .hasMessageContaining("expected int8 INT8_4C1W");
    assertThatThrownBy(
            () ->
                QuantizedLinearWeights.fromOnnx(
                    new byte[6], 3, 2, false, true, new float[] {1f}, new int[] {256}, null))
        .hasMessageContaining("out of the uint8 range");
    assertThatThrownBy(
            () ->
                QuantizedLinearWeights.fromOnnx(
                    new byte[6], 3, 2, false, false, new float[] {1f, 1f, 1f}, null, null))
        .hasMessageContaining("scale needs 1 or N=2 values, got 3");
  }
}
