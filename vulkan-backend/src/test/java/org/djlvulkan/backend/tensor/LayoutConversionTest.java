package org.djlvulkan.backend.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.Stream;
import org.djlvulkan.backend.ops.LayoutOps;
import org.djlvulkan.backend.testing.GraphRunner;
import org.djlvulkan.backend.testing.LayoutReference;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(VulkanExtension.class)
class LayoutConversionTest {

  static Stream<Arguments> oddShapes() {
    // C in {1, 3, 5} x W in {1, 7}, with N = 2 and odd H.
    return Stream.of(1, 3, 5)
        .flatMap(c -> Stream.of(1, 7).map(w -> Arguments.of(new int[] {2, c, 3, w})));
  }

  private static float[] random(int count, long seed, float range) {
    Random r = new Random(seed);
    float[] x = new float[count];
    for (int i = 0; i < count; i++) {
      x[i] = (r.nextFloat() * 2 - 1) * range;
    }
    return x;
  }

  private static long[] longs(int[] d) {
    return new long[] {d[0], d[1], d[2], d[3]};
  }

  @ParameterizedTest
  @MethodSource("oddShapes")
  void nc4hw4PacksWithZeroPaddingAndRoundTrips(int[] d) {
    float[] x = random(d[0] * d[1] * d[2] * d[3], 7, 3f);
    float[] packed =
        GraphRunner.runFloats(
            VulkanExtension.device(), longs(d), x, c -> LayoutOps.toNc4hw4(c.g(), c.input()));
    assertThat(packed).containsExactly(LayoutReference.toNc4hw4(x, d[0], d[1], d[2], d[3]));

    float[] back =
        GraphRunner.runFloats(
            VulkanExtension.device(),
            longs(d),
            x,
            c -> LayoutOps.toNchwOutput(c.g(), LayoutOps.toNc4hw4(c.g(), c.input())));
    assertThat(back).containsExactly(x);
  }

  @ParameterizedTest
  @MethodSource("oddShapes")
  void quantizeIsBitExactInBothInt8Layouts(int[] d) {
    // Range wide enough to saturate at both ends; values on .5 boundaries test roundEven.
    float[] x = random(d[0] * d[1] * d[2] * d[3], 11, 40f);
    x[0] = 2.5f * 0.25f;
    x[x.length - 1] = -1000f;
    QuantParams q = new QuantParams(0.25f, -3);
    for (Layout layout : new Layout[] {Layout.INT8_4C1W, Layout.INT8_4W4C}) {
      boolean is4w4c = layout == Layout.INT8_4W4C;
      int[] words =
          GraphRunner.runRaw(
              VulkanExtension.device(),
              longs(d),
              x,
              c -> LayoutOps.quantize(c.g(), c.input(), q, layout));
      assertThat(words)
          .as("packed words, %s", layout)
          .containsExactly(
              LayoutReference.quantizePacked(x, d, q.inverseScale(), q.zeroPoint(), is4w4c));

      float[] back =
          GraphRunner.runFloats(
              VulkanExtension.device(),
              longs(d),
              x,
              c -> LayoutOps.dequantize(c.g(), LayoutOps.quantize(c.g(), c.input(), q, layout)));
      float[] expected = new float[x.length];
      for (int i = 0; i < x.length; i++) {
        int qi = LayoutReference.quantize(x[i], q.inverseScale(), q.zeroPoint());
        expected[i] = LayoutReference.dequantize(qi, q.scale(), q.zeroPoint());
      }
      assertThat(back).as("dequantized, %s", layout).containsExactly(expected);
    }
  }
}
