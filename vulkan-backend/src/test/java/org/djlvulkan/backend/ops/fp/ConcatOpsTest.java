package org.djlvulkan.backend.ops.fp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.testing.Accuracy;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(VulkanExtension.class)
class ConcatOpsTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(1, new int[] {3, 5, 4}, 5, 3),
        Arguments.of(3, new int[] {3, 5, 4}, 1, 1),
        Arguments.of(3, new int[] {1, 1}, 3, 7),
        Arguments.of(1, new int[] {4, 4}, 7, 5),
        Arguments.of(3, new int[] {5, 17, 16}, 3, 3),
        Arguments.of(1, new int[] {16, 3}, 1, 9),
        Arguments.of(1, new int[] {1, 3, 1, 1, 2}, 2, 3),
        Arguments.of(2, new int[] {17}, 3, 1));
  }

  @ParameterizedTest(name = "n{0} c{1} {2}x{3}")
  @MethodSource("cases")
  void concatOnChannelsIsExact(int n, int[] channels, int h, int w) {
    List<long[]> shapes = new ArrayList<>();
    List<float[]> inputs = new ArrayList<>();
    int total = 0;
    for (int i = 0; i < channels.length; i++) {
      long[] s = {n, channels[i], h, w};
      shapes.add(s);
      inputs.add(OpRunner.random(OpRunner.count(s), 100 + i));
      total += channels[i];
    }
    OpRunner.Result r = OpRunner.run(shapes, inputs, (g, in) -> ConcatOps.cat(g, in, 1));
    assertThat(r.spec().shape()).containsExactly(n, total, h, w);
    double[] expected = new double[n * total * h * w];
    int plane = h * w;
    for (int b = 0; b < n; b++) {
      int offset = 0;
      for (int i = 0; i < channels.length; i++) {
        for (int c = 0; c < channels[i]; c++) {
          for (int p = 0; p < plane; p++) {
            expected[((b * total) + offset + c) * plane + p] =
                inputs.get(i)[((b * channels[i]) + c) * plane + p];
          }
        }
        offset += channels[i];
      }
    }
    Accuracy.assertExact(
        "cat n" + n + " c" + Arrays.toString(channels) + " " + h + "x" + w, r.nchw(), expected);
  }

  @Test
  void rank2InputsConcatenateOnChannels() {
    long[] a = {3, 3};
    long[] b = {3, 6};
    float[] xa = OpRunner.random(9, 1);
    float[] xb = OpRunner.random(18, 2);
    OpRunner.Result r =
        OpRunner.run(List.of(a, b), List.of(xa, xb), (g, in) -> ConcatOps.cat(g, in, -1));
    assertThat(r.spec().shape()).containsExactly(3, 9);
    double[] expected = new double[27];
    for (int n = 0; n < 3; n++) {
      for (int c = 0; c < 9; c++) {
        expected[n * 9 + c] = c < 3 ? xa[n * 3 + c] : xb[n * 6 + c - 3];
      }
    }
    Accuracy.assertExact("cat [3,3]+[3,6] dim -1", r.nchw(), expected);
  }

  @Test
  void mismatchedSpatialSizesAndOtherAxesAreRejected() {
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    Value a = OpRunner.nc4hw4Input(g, "a", 1, 3, 4, 4);
    Value b = OpRunner.nc4hw4Input(g, "b", 1, 3, 4, 5);
    assertThatThrownBy(() -> ConcatOps.cat(g, List.of(a, b), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("same N, H and W")
        .hasMessageContaining("'b.nc4hw4'");
    assertThatThrownBy(() -> ConcatOps.cat(g, List.of(a, a), 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("channel axis");
  }
}
