package org.djlvulkan.backend.ops.int8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.djlvulkan.backend.testing.PoolGrid.FLAGS;
import static org.djlvulkan.backend.testing.PoolGrid.KERNELS;
import static org.djlvulkan.backend.testing.PoolGrid.PADS;
import static org.djlvulkan.backend.testing.PoolGrid.SPATIAL;
import static org.djlvulkan.backend.testing.PoolGrid.STRIDES;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ops.Pool2dParams;
import org.djlvulkan.backend.ops.fp.PoolOpsTest;
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

/** int8 max, average and global average pooling against integer references, bit-exact. */
@ExtendWith(VulkanExtension.class)
class QuantizedPoolOpsTest {
  private static final QuantParams IN = new QuantParams(0.1f, -7);
  private static final List<Integer> CHANNELS = List.of(3, 4, 8, 12, 20);
  private static final List<Integer> BATCHES = List.of(1, 2);
  private static final List<Layout> LAYOUTS = List.of(Layout.INT8_4C1W, Layout.INT8_4W4C);

  /** Average outputs: a fine scale (saturates both ends) and a coarse, shifted one. */
  private static final List<QuantParams> OUTS =
      List.of(new QuantParams(0.02f, 3), new QuantParams(0.15f, 50));

  static Stream<Arguments> maxCases() {
    return Pairwise.cases(
            29, CHANNELS, SPATIAL, KERNELS, STRIDES, PADS, FLAGS, BATCHES, List.of(1, 2), LAYOUTS)
        .stream()
        .map(
            v ->
                Arguments.of(
                    v[6], v[0], v[1], PoolOpsTest.params(v, (Integer) v[7], false), v[8], IN));
  }

  static Stream<Arguments> avgCases() {
    return Pairwise.cases(
            31, CHANNELS, SPATIAL, KERNELS, STRIDES, PADS, FLAGS, BATCHES, FLAGS, LAYOUTS, OUTS)
        .stream()
        .map(
            v ->
                Arguments.of(
                    v[6], v[0], v[1], PoolOpsTest.params(v, 1, (Boolean) v[7]), v[8], v[9]));
  }

  /** The pooling reference on NCHW int8: max, or the int32 sum and the float requantization. */
  private static int[] reference(
      int[] q, int[] d, Pool2dParams p, boolean max, QuantParams out, int[] outDims) {
    int[] y = new int[outDims[0] * outDims[1] * outDims[2] * outDims[3]];
    for (int n = 0; n < d[0]; n++) {
      for (int c = 0; c < d[1]; c++) {
        for (int oy = 0; oy < outDims[2]; oy++) {
          for (int ox = 0; ox < outDims[3]; ox++) {
            int acc = max ? -128 : 0;
            int inside = 0;
            int insidePadded = 0;
            for (int ky = 0; ky < p.kernelH(); ky++) {
              for (int kx = 0; kx < p.kernelW(); kx++) {
                int iy = oy * p.strideH() - p.padTop() + ky * p.dilationH();
                int ix = ox * p.strideW() - p.padLeft() + kx * p.dilationW();
                if (iy >= -p.padTop()
                    && iy < d[2] + p.padBottom()
                    && ix >= -p.padLeft()
                    && ix < d[3] + p.padRight()) {
                  insidePadded++;
                }
                if (iy >= 0 && iy < d[2] && ix >= 0 && ix < d[3]) {
                  int v = q[Int8Reference.index(d, n, c, iy, ix)];
                  acc = max ? Math.max(acc, v) : acc + v - IN.zeroPoint();
                  inside++;
                }
              }
            }
            int result = acc;
            if (!max) {
              int count = p.countIncludePad() ? insidePadded : inside;
              float ratio = (float) ((double) IN.scale() / ((double) count * out.scale()));
              result = Int8Reference.quantize((float) acc * ratio, out.zeroPoint());
            }
            y[Int8Reference.index(outDims, n, c, oy, ox)] = result;
          }
        }
      }
    }
    return y;
  }

  private static void check(
      String what, int n, int c, int[] hw, Pool2dParams p, Layout layout, QuantParams out) {
    boolean max = what.equals("max");
    int[] d = {n, c, hw[0], hw[1]};
    int[] q = Int8Reference.random(n * c * hw[0] * hw[1], n * 13L + c * 3L + hw[0]);
    Int8Runner.Output result =
        Int8Runner.run(
            List.of(new Int8Runner.Input(new long[] {n, c, hw[0], hw[1]}, q, IN, layout)),
            (g, in) ->
                max
                    ? QuantizedPoolOps.maxPool2d(g, in.get(0), p)
                    : QuantizedPoolOps.avgPool2d(g, in.get(0), p, out));
    int[] outDims = {n, c, p.outputH(hw[0]), p.outputW(hw[1])};
    assertThat(result.spec().shape())
        .containsExactly(outDims[0], outDims[1], outDims[2], outDims[3]);
    assertThat(result.spec().quant()).contains(out);
    int[] expected = reference(q, d, p, max, out, outDims);
    String label = what + " " + Arrays.toString(d) + " " + p + " " + layout + " " + out;
    Int8Reference.assertWords(
        label, result.words(), Int8Reference.pack(expected, outDims, out.zeroPoint(), layout));
  }

  @ParameterizedTest
  @MethodSource("maxCases")
  void maxPoolIsExact(int n, int c, int[] hw, Pool2dParams p, Layout layout, QuantParams out) {
    check("max", n, c, hw, p, layout, out);
  }

  /**
   * Windows wider than the grid's (stride 3, a 5-wide window dilated by 2, uneven pads, W not a
   * multiple of 4, ceil mode), and ResNet50's own 3 x 3 stride-2 pooling with pad 1.
   */
  @ParameterizedTest
  @MethodSource("wideWindowCases")
  void maxPoolOfWideWindowsIsExact(int[] hw, Pool2dParams p) {
    check("max", 2, 12, hw, p, Layout.INT8_4W4C, IN);
    check("max", 1, 5, hw, p, Layout.INT8_4C1W, IN);
  }

  static Stream<Arguments> wideWindowCases() {
    return Stream.of(
        Arguments.of(
            new int[] {11, 23}, new Pool2dParams(4, 5, 2, 3, 1, 2, 2, 1, 1, 2, true, false)),
        Arguments.of(
            new int[] {9, 30}, new Pool2dParams(3, 7, 1, 3, 0, 3, 1, 3, 1, 1, false, false)),
        Arguments.of(new int[] {16, 16}, Pool2dParams.of(3, 2, 1)));
  }

  @ParameterizedTest
  @MethodSource("avgCases")
  void avgPoolIsBitExact(int n, int c, int[] hw, Pool2dParams p, Layout layout, QuantParams out) {
    check("avg", n, c, hw, p, layout, out);
  }

  static Stream<Arguments> globalCases() {
    return Pairwise.cases(
            37,
            List.of(1, 2),
            CHANNELS,
            List.of(new int[] {1, 1}, new int[] {7, 7}, new int[] {3, 5}),
            LAYOUTS,
            OUTS)
        .stream()
        .map(v -> Arguments.of(v[0], v[1], v[2], v[3], v[4]));
  }

  @ParameterizedTest
  @MethodSource("globalCases")
  void globalAvgPoolIsBitExact(int n, int c, int[] hw, Layout layout, QuantParams out) {
    int[] q = Int8Reference.random(n * c * hw[0] * hw[1], c * 17L + hw[0]);
    Int8Runner.Output result =
        Int8Runner.run(
            List.of(new Int8Runner.Input(new long[] {n, c, hw[0], hw[1]}, q, IN, layout)),
            (g, in) -> QuantizedPoolOps.globalAvgPool(g, in.get(0), out));
    int[] d = {n, c, hw[0], hw[1]};
    Int8Reference.assertWords(
        "global avg " + Arrays.toString(d) + " " + layout + " " + out,
        result.words(),
        Int8Reference.pack(
            globalReference(q, d, out), new int[] {n, c, 1, 1}, out.zeroPoint(), layout));
  }

  /** The codes of global average pooling of {@code q} ({@code d} = N, C, H, W) onto {@code out}. */
  private static int[] globalReference(int[] q, int[] d, QuantParams out) {
    int[] expected = new int[d[0] * d[1]];
    // ONNX Runtime's multiplier: s_in / (s_out * float(H * W)), two float operations
    float ratio = IN.scale() / (out.scale() * (float) (d[2] * d[3]));
    for (int b = 0; b < d[0]; b++) {
      for (int ch = 0; ch < d[1]; ch++) {
        int acc = 0;
        for (int y = 0; y < d[2]; y++) {
          for (int x = 0; x < d[3]; x++) {
            acc += q[Int8Reference.index(d, b, ch, y, x)] - IN.zeroPoint();
          }
        }
        expected[b * d[1] + ch] = Int8Reference.quantize((float) acc * ratio, out.zeroPoint());
      }
    }
    return expected;
  }

  @ParameterizedTest
  @MethodSource("globalToRowsCases")
  void globalAvgPoolWritesTheLinearLayersLayoutFrom4w4c(int n, int c, int[] hw) {
    // The classifier's pool: 4W4C in, 4C1W out (the words a linear layer reads).
    int[] q = Int8Reference.random(n * c * hw[0] * hw[1], c * 29L + hw[1]);
    QuantParams out = OUTS.get(0);
    Int8Runner.Output result =
        Int8Runner.run(
            List.of(new Int8Runner.Input(new long[] {n, c, hw[0], hw[1]}, q, IN, Layout.INT8_4W4C)),
            (g, in) -> QuantizedPoolOps.globalAvgPool(g, in.get(0), out, Layout.INT8_4C1W));
    int[] d = {n, c, hw[0], hw[1]};
    Int8Reference.assertWords(
        "global avg 4W4C to 4C1W " + Arrays.toString(d),
        result.words(),
        Int8Reference.pack(
            globalReference(q, d, out), new int[] {n, c, 1, 1}, out.zeroPoint(), Layout.INT8_4C1W));
  }

  static Stream<Arguments> globalToRowsCases() {
    return Stream.of(
        Arguments.of(1, 2048, new int[] {7, 7}),
        Arguments.of(3, 10, new int[] {3, 5}),
        Arguments.of(2, 20, new int[] {9, 10}),
        Arguments.of(2, 4, new int[] {1, 1}));
  }

  @Test
  void averagesSaturateBothEndsWithTheFineScale() {
    // All -128 and all 127 inputs: averages at both ends of the input range, beyond the output's.
    int[] q = new int[2 * 4 * 3 * 3];
    Arrays.fill(q, 0, q.length / 2, -128);
    Arrays.fill(q, q.length / 2, q.length, 127);
    Pool2dParams p = Pool2dParams.of(2, 1, 1).withCountIncludePad(true);
    QuantParams fine = OUTS.get(0);
    int[] d = {2, 4, 3, 3};
    int[] outDims = {2, 4, p.outputH(3), p.outputW(3)};
    int[] expected = reference(q, d, p, false, fine, outDims);
    Int8Reference.assertSaturatesBothEnds("avg pool to " + fine, expected);
    Int8Runner.Output result =
        Int8Runner.run(
            List.of(new Int8Runner.Input(new long[] {2, 4, 3, 3}, q, IN, Layout.INT8_4C1W)),
            (g, in) -> QuantizedPoolOps.avgPool2d(g, in.get(0), p, fine));
    Int8Reference.assertWords(
        "saturating avg pool",
        result.words(),
        Int8Reference.pack(expected, outDims, fine.zeroPoint(), Layout.INT8_4C1W));
  }

  @Test
  void badArgumentsAreRejected() {
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    Value x = g.input("x", TensorSpec.of(DType.I8, Layout.NCHW, 1, 4, 5, 5));
    Value p = QuantizedLayoutOps.fromBytes(g, x, IN, Layout.INT8_4C1W);
    assertThatThrownBy(
            () -> QuantizedPoolOps.avgPool2d(g, p, Pool2dParams.of(3, 1, 0).withDilation(2, 2), IN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dilation");
    Value f = g.input("f", TensorSpec.of(DType.F32, Layout.NCHW, 1, 4, 5, 5));
    assertThatThrownBy(() -> QuantizedPoolOps.maxPool2d(g, f, Pool2dParams.of(3, 1, 0)))
        .hasMessageContaining("expected int8 4C1W or 4W4C");
  }
}
