package org.djlvulkan.backend.ops.int8;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.QuantParams;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.testing.Int8Reference;
import org.djlvulkan.backend.testing.Int8Runner;
import org.djlvulkan.backend.testing.Pairwise;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Requantization and QLinearSigmoid (256-entry tables) against integer references, bit-exact. */
@ExtendWith(VulkanExtension.class)
class QuantizedUnaryOpsTest {
  private static final QuantParams IN = new QuantParams(0.05f, 10);

  /** Output quantizations: a finer scale (saturates both ends), a coarser one, a shifted one. */
  private static final List<QuantParams> OUTS =
      List.of(new QuantParams(0.02f, -5), new QuantParams(0.13f, 40), new QuantParams(0.05f, -30));

  static Stream<Arguments> cases() {
    List<Object[]> pairs =
        Pairwise.cases(
            17,
            QuantizedElementwiseOpsTest.BATCHES,
            QuantizedElementwiseOpsTest.CHANNELS,
            QuantizedElementwiseOpsTest.WIDTHS,
            QuantizedElementwiseOpsTest.LAYOUTS,
            OUTS,
            List.of(Function.values()));
    return pairs.stream()
        .map(v -> Arguments.of(QuantizedElementwiseOpsTest.dims(v), v[3], v[4], v[5]));
  }

  private static void check(
      String label,
      int[] d,
      Layout layout,
      QuantParams out,
      IntUnaryOperator reference,
      java.util.function.BiFunction<GraphBuilder, Value, Value> op) {
    int count = d[0] * d[1] * d[2] * d[3];
    int[] q = Int8Reference.random(count, count * 3L + d[1]);
    Int8Runner.Output result =
        Int8Runner.run(
            List.of(new Int8Runner.Input(new long[] {d[0], d[1], d[2], d[3]}, q, IN, layout)),
            (g, in) -> op.apply(g, in.get(0)));
    int[] expected = Arrays.stream(q).map(reference).toArray();
    assertThat(result.spec().quant()).contains(out);
    Int8Reference.assertWords(
        label + " " + Arrays.toString(d) + " " + layout + " " + out,
        result.words(),
        Int8Reference.pack(expected, d, out.zeroPoint(), layout));
  }

  /** The operations under test, each with its integer reference. */
  enum Function {
    REQUANTIZE,
    SIGMOID,
    LEAKY_RELU;

    int reference(int q, QuantParams out) {
      return switch (this) {
        case REQUANTIZE -> Int8Reference.requantize(q, IN, out);
        case SIGMOID -> sigmoid(q, out);
        case LEAKY_RELU -> leakyRelu(q, out, 0.1f);
      };
    }

    Value apply(GraphBuilder g, Value x, QuantParams out) {
      return switch (this) {
        case REQUANTIZE -> QuantizedUnaryOps.requantize(g, x, out);
        case SIGMOID -> QuantizedUnaryOps.sigmoid(g, x, out);
        case LEAKY_RELU -> QuantizedUnaryOps.leakyRelu(g, x, out, 0.1f);
      };
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void isBitExact(int[] d, Layout layout, QuantParams out, Function f) {
    check(f.name(), d, layout, out, q -> f.reference(q, out), (g, x) -> f.apply(g, x, out));
  }

  /** QLinearLeakyRelu: dequantize (float), x < 0 ? x * alpha : x (float), quantize (float). */
  private static int leakyRelu(int q, QuantParams out, float alpha) {
    float x = (float) (q - IN.zeroPoint()) * IN.scale();
    float y = x < 0 ? x * alpha : x;
    return Int8Reference.quantize(y * (1f / out.scale()), out.zeroPoint());
  }

  /** QLinearSigmoid: dequantize (float), sigmoid (double, rounded to float), quantize (float). */
  private static int sigmoid(int q, QuantParams out) {
    float x = (float) (q - IN.zeroPoint()) * IN.scale();
    float y = (float) (1.0 / (1.0 + StrictMath.exp(-(double) x)));
    return Int8Reference.quantize(y * (1f / out.scale()), out.zeroPoint());
  }

  @Test
  void referenceOutputsSaturateBothEnds() {
    int[] all = new int[256];
    for (int i = 0; i < 256; i++) {
      all[i] = i - 128;
    }
    QuantParams fine = OUTS.get(0);
    Int8Reference.assertSaturatesBothEnds(
        "requantize to " + fine,
        Arrays.stream(all).map(q -> Int8Reference.requantize(q, IN, fine)).toArray());
    QuantParams sigmoidOut = new QuantParams(1f / 300, -128);
    Int8Reference.assertSaturatesBothEnds(
        "sigmoid to " + sigmoidOut, Arrays.stream(all).map(q -> sigmoid(q, sigmoidOut)).toArray());
    // and the kernel reproduces that table, 4C1W
    Int8Runner.Output result =
        Int8Runner.run(
            List.of(new Int8Runner.Input(new long[] {1, 256}, all, IN, Layout.INT8_4C1W)),
            (g, in) -> QuantizedUnaryOps.sigmoid(g, in.get(0), sigmoidOut));
    int[] expected = Arrays.stream(all).map(q -> sigmoid(q, sigmoidOut)).toArray();
    Int8Reference.assertWords(
        "sigmoid of every int8 value",
        result.words(),
        Int8Reference.pack(
            expected, new int[] {1, 256, 1, 1}, sigmoidOut.zeroPoint(), Layout.INT8_4C1W));
  }

  @Test
  void requantizingToTheSameQuantizationAddsNoNode() {
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    Value x = g.input("x", TensorSpec.of(DType.I8, Layout.NCHW, 1, 4, 1, 1));
    Value p = QuantizedLayoutOps.fromBytes(g, x, IN, Layout.INT8_4C1W);
    int nodes = g.nodeCount();
    assertThat(QuantizedUnaryOps.requantize(g, p, new QuantParams(IN.scale(), IN.zeroPoint())))
        .isSameAs(p);
    assertThat(g.nodeCount()).isEqualTo(nodes);
  }
}
