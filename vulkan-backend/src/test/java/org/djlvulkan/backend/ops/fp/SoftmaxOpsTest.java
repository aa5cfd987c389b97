package org.djlvulkan.backend.ops.fp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.Stream;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.ShapeRules;
import org.djlvulkan.backend.testing.Accuracy;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(VulkanExtension.class)
class SoftmaxOpsTest {

  /** Double-precision softmax along one axis of a row-major tensor. */
  static double[] reference(float[] x, long[] shape, int axis) {
    long[] around = ShapeRules.aroundAxis(shape, axis);
    long outer = around[0];
    long len = around[1];
    long inner = around[2];
    double[] out = new double[x.length];
    for (long o = 0; o < outer; o++) {
      for (long in = 0; in < inner; in++) {
        double max = Double.NEGATIVE_INFINITY;
        for (long k = 0; k < len; k++) {
          max = Math.max(max, x[(int) ((o * len + k) * inner + in)]);
        }
        double sum = 0;
        for (long k = 0; k < len; k++) {
          sum += Math.exp(x[(int) ((o * len + k) * inner + in)] - max);
        }
        for (long k = 0; k < len; k++) {
          int i = (int) ((o * len + k) * inner + in);
          out[i] = Math.exp(x[i] - max) / sum;
        }
      }
    }
    return out;
  }

  /** Sums a row-major tensor along one axis, in double, returned as floats. */
  static float[] sumAlong(float[] y, long[] shape, int axis) {
    long[] around = ShapeRules.aroundAxis(shape, axis);
    long outer = around[0];
    long len = around[1];
    long inner = around[2];
    float[] sums = new float[(int) (outer * inner)];
    for (long o = 0; o < outer; o++) {
      for (long in = 0; in < inner; in++) {
        double s = 0;
        for (long k = 0; k < len; k++) {
          s += y[(int) ((o * len + k) * inner + in)];
        }
        sums[(int) (o * inner + in)] = (float) s;
      }
    }
    return sums;
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // The classifier: [N, C] and [N, C, 1, 1] over C.
        Arguments.of(new long[] {1, 1}, 1),
        Arguments.of(new long[] {3, 3}, 1),
        Arguments.of(new long[] {1, 4}, -1),
        Arguments.of(new long[] {3, 5, 1, 1}, 1),
        Arguments.of(new long[] {1, 16}, 1),
        Arguments.of(new long[] {3, 17, 1, 1}, -3),
        Arguments.of(new long[] {2, 1000}, 1),
        // Every axis of a 4-D tensor, with spatial extent.
        Arguments.of(new long[] {3, 5, 4, 7}, 0),
        Arguments.of(new long[] {3, 5, 4, 7}, 1),
        Arguments.of(new long[] {3, 5, 4, 7}, 2),
        Arguments.of(new long[] {3, 5, 4, 7}, -1),
        Arguments.of(new long[] {2, 17, 3, 1}, 2),
        // Rank 3 and 1.
        Arguments.of(new long[] {2, 3, 5}, 2),
        Arguments.of(new long[] {2, 3, 5}, 0),
        Arguments.of(new long[] {7}, 0));
  }

  @ParameterizedTest(name = "{0} dim {1}")
  @MethodSource("cases")
  void softmaxMatchesReferenceAndRowsSumToOne(long[] shape, int dim) {
    float[] x = OpRunner.random(OpRunner.count(shape), OpRunner.count(shape) + dim);
    int axis = dim < 0 ? dim + shape.length : dim;
    OpRunner.Result r = OpRunner.run(shape, x, (g, in) -> SoftmaxOps.softmax(g, in, dim));
    Accuracy.assertClose(
        "softmax " + Arrays.toString(shape) + " dim " + dim, r.nchw(), reference(x, shape, axis));
    double[] ones = new double[(int) (x.length / shape[axis])];
    Arrays.fill(ones, 1.0);
    Accuracy.assertClose(
        "softmax row sums " + Arrays.toString(shape) + " dim " + dim,
        sumAlong(r.nchw(), shape, axis),
        ones);
  }

  @Test
  void largeLogitsDoNotOverflow() {
    float[] x = {1000f, 1001f, 999f, -1000f, 88f};
    long[] shape = {1, 5};
    OpRunner.Result r = OpRunner.run(shape, x, (g, in) -> SoftmaxOps.softmax(g, in, 1));
    assertThat(r.nchw()).doesNotContain(Float.NaN);
    Accuracy.assertClose("softmax large logits", r.nchw(), reference(x, shape, 1));
  }

  @Test
  void dimOutOfRangeIsRejected() {
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    Value v = OpRunner.nc4hw4Input(g, "x", 2, 3);
    assertThatThrownBy(() -> SoftmaxOps.softmax(g, v, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("aten._softmax.default")
        .hasMessageContaining("dim 2");
  }
}
