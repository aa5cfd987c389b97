package org.djlvulkan.backend.ops.int8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
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

/** QLinearAdd (with ReLU) and QLinearMul with broadcasting, in both layouts, bit-exact. */
@ExtendWith(VulkanExtension.class)
class QuantizedElementwiseOpsTest {
  /** Batch sizes, channel counts, widths and layouts the int8 element-wise tests pair up. */
  static final List<Integer> BATCHES = List.of(1, 2);

  static final List<Integer> CHANNELS = List.of(3, 4, 8, 12, 20);
  static final List<Integer> WIDTHS = List.of(1, 5, 8);
  static final List<Layout> LAYOUTS = List.of(Layout.INT8_4C1W, Layout.INT8_4W4C);

  private static final QuantParams QA = new QuantParams(0.04f, 5);
  private static final QuantParams QB = new QuantParams(0.07f, -20);

  /** A fine output scale (saturates both ends) and a coarse one (rounding inside the range). */
  private static final List<QuantParams> OUTS =
      List.of(new QuantParams(0.03f, 2), new QuantParams(0.2f, -60));

  /** How the operands' shapes relate to the full {@code [N, C, H, W]}. */
  enum Broadcast {
    SAME,
    PER_CHANNEL,
    ONE_CHANNEL,
    MIXED;

    long[] a(int[] d) {
      return this == MIXED ? new long[] {1, d[1], 1, d[3]} : full(d);
    }

    long[] b(int[] d) {
      switch (this) {
        case SAME:
          return full(d);
        case PER_CHANNEL:
          return new long[] {1, d[1], 1, 1};
        case ONE_CHANNEL:
          return new long[] {d[0], 1, d[2], d[3]};
        default:
          return new long[] {d[0], 1, d[2], 1};
      }
    }

    private static long[] full(int[] d) {
      return new long[] {d[0], d[1], d[2], d[3]};
    }
  }

  static Stream<Arguments> cases() {
    return Pairwise.cases(
            23,
            BATCHES,
            CHANNELS,
            WIDTHS,
            LAYOUTS,
            List.of(Broadcast.values()),
            List.of(Activation.NONE, Activation.RELU),
            OUTS)
        .stream()
        .map(v -> Arguments.of(dims(v), v[3], v[4], v[5], v[6]));
  }

  /** The NCHW dimensions of a pairwise case: batch, channels, height 3, width. */
  static int[] dims(Object[] factors) {
    return new int[] {(Integer) factors[0], (Integer) factors[1], 3, (Integer) factors[2]};
  }

  private static int count(long[] s) {
    return (int) Arrays.stream(s).reduce(1, (x, y) -> x * y);
  }

  private static int at(int[] q, long[] s, int n, int c, int h, int w) {
    int[] d = Int8Runner.dims4(s);
    return q[
        Int8Reference.index(
            d, d[0] == 1 ? 0 : n, d[1] == 1 ? 0 : c, d[2] == 1 ? 0 : h, d[3] == 1 ? 0 : w)];
  }

  /** Runs add or mul and compares every word with the reference. */
  private static void check(
      boolean add,
      AddRounding rounding,
      int[] d,
      Layout layout,
      Broadcast kind,
      Activation act,
      QuantParams out) {
    check(add, rounding, false, d, layout, kind, act, out);
  }

  /**
   * Runs add or mul and compares every word with the reference: the codes, or with {@code
   * dequantize} their real values {@code float(q - z) * s} in NCHW order.
   */
  private static void check(
      boolean add,
      AddRounding rounding,
      boolean dequantize,
      int[] d,
      Layout layout,
      Broadcast kind,
      Activation act,
      QuantParams out) {
    // Both code domains of ONNX Runtime's add: int8 models (0) and uint8 models (128).
    int offset = layout == Layout.INT8_4W4C ? 128 : 0;
    long[] sa = kind.a(d);
    long[] sb = kind.b(d);
    int[] a = Int8Reference.random(count(sa), d[1] * 5L + d[3]);
    int[] b = Int8Reference.random(count(sb), d[1] * 7L + d[0]);
    if (kind == Broadcast.SAME) {
      // Element pairs that saturate the fine output scale at both ends, for add and for mul.
      a[0] = -128;
      b[0] = 127;
      a[1] = -128;
      b[1] = -128;
    }
    Int8Runner.Output result =
        Int8Runner.run(
            List.of(
                new Int8Runner.Input(sa, a, QA, layout), new Int8Runner.Input(sb, b, QB, layout)),
            (g, in) ->
                add
                    ? QuantizedElementwiseOps.add(
                        g, in.get(0), in.get(1), out, act, offset, rounding, dequantize)
                    : QuantizedElementwiseOps.mul(g, in.get(0), in.get(1), out, dequantize));
    int[] expected = new int[d[0] * d[1] * d[2] * d[3]];
    int zy = out.zeroPoint() + offset;
    float fixed =
        (float) zy
            - (QA.scale() / out.scale() * (float) (QA.zeroPoint() + offset)
                + QB.scale() / out.scale() * (float) (QB.zeroPoint() + offset));
    float ra =
        add ? QA.scale() / out.scale() : (float) ((double) QA.scale() * QB.scale() / out.scale());
    float rb = QB.scale() / out.scale();
    for (int n = 0; n < d[0]; n++) {
      for (int c = 0; c < d[1]; c++) {
        for (int h = 0; h < d[2]; h++) {
          for (int w = 0; w < d[3]; w++) {
            int qa = at(a, sa, n, c, h, w);
            int qb = at(b, sb, n, c, h, w);
            int q;
            if (add) {
              // ONNX Runtime's form on the model's codes (offset 128 for uint8 models): two fused
              // multiply-adds (in double or by fma()), or one rounding per operation.
              float v;
              if (roundsOnce(rounding)) {
                v = Math.fma((float) (qa + offset), ra, Math.fma((float) (qb + offset), rb, fixed));
              } else {
                float fa = (float) (qa + offset) * ra;
                float fb = (float) (qb + offset) * rb + fixed;
                v = fa + fb;
              }
              if (act.clamp()) {
                float lo = (float) (Math.rint(act.lo() / out.scale()) + zy);
                float hi = (float) (Math.rint(act.hi() / out.scale()) + zy);
                v = Math.min(Math.max(v, lo), hi);
              }
              q = Int8Reference.quantize(v, -offset);
            } else {
              int x = qa - QA.zeroPoint();
              int y = qb - QB.zeroPoint();
              q = Int8Reference.quantize((float) (x * y) * ra, out.zeroPoint());
            }
            expected[Int8Reference.index(d, n, c, h, w)] = q;
          }
        }
      }
    }
    String label =
        (add ? rounding + " add " : "mul ")
            + Arrays.toString(d)
            + " "
            + layout
            + " "
            + kind
            + (act.clamp() ? " relu " : " ")
            + out;
    if (out == OUTS.get(0) && kind == Broadcast.SAME && !act.clamp()) {
      Int8Reference.assertSaturatesBothEnds(label, expected);
    }
    if (dequantize) {
      float[] real = new float[expected.length];
      for (int i = 0; i < real.length; i++) {
        real[i] = (float) (expected[i] - out.zeroPoint()) * out.scale();
      }
      assertThat(result.floats()).as("dequantized " + label).containsExactly(real);
      return;
    }
    Int8Reference.assertWords(
        label, result.words(), Int8Reference.pack(expected, d, out.zeroPoint(), layout));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void dequantizedFormsWriteTheCodesRealValues(
      int[] d, Layout layout, Broadcast kind, Activation act, QuantParams out) {
    boolean fp64 = VulkanExtension.device().capabilities().supports(KernelFeature.SHADER_FLOAT64);
    check(true, fp64 ? AddRounding.FP64 : AddRounding.SEPARATE, true, d, layout, kind, act, out);
    check(true, AddRounding.FMA, true, d, layout, kind, act, out);
    check(false, AddRounding.SEPARATE, true, d, layout, kind, Activation.NONE, out);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void addIsBitExact(int[] d, Layout layout, Broadcast kind, Activation act, QuantParams out) {
    check(true, AddRounding.SEPARATE, d, layout, kind, act, out);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void fusedAddIsBitExact(int[] d, Layout layout, Broadcast kind, Activation act, QuantParams out) {
    Assumptions.assumeTrue(
        VulkanExtension.device().capabilities().supports(KernelFeature.SHADER_FLOAT64),
        "no shaderFloat64 on this device");
    check(true, AddRounding.FP64, d, layout, kind, act, out);
  }

  /**
   * The fma() kernels: ONNX Runtime's words where the device's fma() rounds once, else those of one
   * rounding per operation (what its fma() then computes), so they run on every device.
   */
  @ParameterizedTest
  @MethodSource("cases")
  void fmaAddIsBitExact(int[] d, Layout layout, Broadcast kind, Activation act, QuantParams out) {
    check(true, AddRounding.FMA, d, layout, kind, act, out);
  }

  /** Whether the add kernel of this rounding rounds each multiply-add once on the test device. */
  private static boolean roundsOnce(AddRounding rounding) {
    return switch (rounding) {
      case FP64 -> true;
      case FMA -> FusedMultiplyAdd.roundsOnce(VulkanExtension.device());
      case SEPARATE -> false;
    };
  }

  @ParameterizedTest
  @MethodSource("cases")
  void mulIsBitExact(int[] d, Layout layout, Broadcast kind, Activation act, QuantParams out) {
    check(false, AddRounding.SEPARATE, d, layout, kind, Activation.NONE, out);
  }

  @Test
  void badOperandsAreRejected() {
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    Value x = g.input("x", TensorSpec.of(DType.I8, Layout.NCHW, 1, 4, 2, 3));
    Value a = QuantizedLayoutOps.fromBytes(g, x, QA, Layout.INT8_4C1W);
    Value b = QuantizedLayoutOps.fromBytes(g, x, QB, Layout.INT8_4W4C);
    assertThatThrownBy(() -> QuantizedElementwiseOps.add(g, a, b, QA, Activation.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected int8 INT8_4C1W");
    Value y = g.input("y", TensorSpec.of(DType.I8, Layout.NCHW, 1, 3, 2, 3));
    Value c = QuantizedLayoutOps.fromBytes(g, y, QB, Layout.INT8_4C1W);
    assertThatThrownBy(() -> QuantizedElementwiseOps.mul(g, a, c, QA))
        .hasMessageContaining("do not broadcast (dimension 1)");
    assertThatThrownBy(() -> QuantizedElementwiseOps.add(g, a, a, QA, Activation.HARD_SWISH))
        .hasMessageContaining("HardSwish");
    Value f = g.input("f", TensorSpec.of(DType.F32, Layout.NCHW, 1, 4, 2, 3));
    assertThatThrownBy(() -> QuantizedElementwiseOps.add(g, f, a, QA, Activation.NONE))
        .hasMessageContaining("expected int8 4C1W or 4W4C");
  }
}
