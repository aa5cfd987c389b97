package org.djlvulkan.backend.ops.int8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

/** QLinearConcat on channels: requantized inputs, channel counts not multiple of 4, bit-exact. */
@ExtendWith(VulkanExtension.class)
class QuantizedConcatOpsTest {
  private static final QuantParams OUT = new QuantParams(0.05f, -3);

  /** Input quantizations: the output's (copied), a wider one (saturates), a finer one. */
  private static final List<QuantParams> QUANTS =
      List.of(OUT, new QuantParams(0.2f, 20), new QuantParams(0.01f, -100));

  static Stream<Arguments> cases() {
    return Pairwise.cases(
            43,
            List.of(
                new int[] {3, 4}, new int[] {1, 5, 8}, new int[] {12, 20}, new int[] {4, 1, 3, 2}),
            List.of(1, 2),
            List.of(1, 5, 8),
            List.of(Layout.INT8_4C1W, Layout.INT8_4W4C),
            List.of(0, 1, 2))
        .stream()
        .map(v -> Arguments.of(v[0], v[1], v[2], v[3], v[4]));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void concatRequantizesEachInputBitExactly(
      int[] channels, int n, int w, Layout layout, int quantShift) {
    int h = 3;
    List<Int8Runner.Input> inputs = new ArrayList<>();
    int total = Arrays.stream(channels).sum();
    int[] expected = new int[n * total * h * w];
    int offset = 0;
    for (int i = 0; i < channels.length; i++) {
      int c = channels[i];
      QuantParams q = QUANTS.get((i + quantShift) % QUANTS.size());
      int[] values = Int8Reference.random(n * c * h * w, i * 11L + c + w);
      inputs.add(new Int8Runner.Input(new long[] {n, c, h, w}, values, q, layout));
      int[] d = {n, c, h, w};
      int[] od = {n, total, h, w};
      for (int b = 0; b < n; b++) {
        for (int ch = 0; ch < c; ch++) {
          for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
              expected[Int8Reference.index(od, b, offset + ch, y, x)] =
                  Int8Reference.requantize(values[Int8Reference.index(d, b, ch, y, x)], q, OUT);
            }
          }
        }
      }
      offset += c;
    }
    Int8Runner.Output out =
        Int8Runner.run(inputs, (g, in) -> QuantizedConcatOps.concatChannels(g, in, OUT));
    assertThat(out.spec()).isEqualTo(TensorSpec.quantized(layout, OUT, n, total, h, w));
    Int8Reference.assertWords(
        "concat "
            + Arrays.toString(channels)
            + " n"
            + n
            + " w"
            + w
            + " "
            + layout
            + " q"
            + quantShift,
        out.words(),
        Int8Reference.pack(expected, new int[] {n, total, h, w}, OUT.zeroPoint(), layout));
  }

  @Test
  void aWiderInputSaturatesBothEnds() {
    QuantParams wide = QUANTS.get(1);
    int[] all = new int[256];
    for (int i = 0; i < 256; i++) {
      all[i] = i - 128;
    }
    Int8Reference.assertSaturatesBothEnds(
        "requantize " + wide + " -> " + OUT,
        Arrays.stream(all).map(q -> Int8Reference.requantize(q, wide, OUT)).toArray());
  }

  @Test
  void badInputsAreRejected() {
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    Value x = g.input("x", TensorSpec.of(DType.I8, Layout.NCHW, 1, 4, 2, 3));
    Value y = g.input("y", TensorSpec.of(DType.I8, Layout.NCHW, 1, 4, 3, 3));
    Value a = QuantizedLayoutOps.fromBytes(g, x, OUT, Layout.INT8_4C1W);
    Value b = QuantizedLayoutOps.fromBytes(g, y, OUT, Layout.INT8_4C1W);
    Value c = QuantizedLayoutOps.fromBytes(g, x, OUT, Layout.INT8_4W4C);
    assertThatThrownBy(() -> QuantizedConcatOps.concatChannels(g, List.of(a, b), OUT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("same N, H and W");
    assertThatThrownBy(() -> QuantizedConcatOps.concatChannels(g, List.of(a, c), OUT))
        .hasMessageContaining("expected int8 INT8_4C1W");
    assertThatThrownBy(() -> QuantizedConcatOps.concatChannels(g, List.of(), OUT))
        .hasMessageContaining("at least one input");
  }
}
