package org.djlvulkan.backend.ops.fp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.testing.Accuracy;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(VulkanExtension.class)
class UnaryAndSumOpsTest {
  private interface UnaryBuilder {
    Value apply(GraphBuilder g, Value in);
  }

  private static double clamp01(double v) {
    return Math.min(1, Math.max(0, v));
  }

  static Stream<Arguments> unaryCases() {
    UnaryBuilder sigmoid = ElementwiseOps::sigmoid;
    UnaryBuilder hardSigmoid = (g, in) -> ElementwiseOps.hardSigmoid(g, in, 0.2f, 0.5f);
    UnaryBuilder hardSigmoidTorch = (g, in) -> ElementwiseOps.hardSigmoid(g, in, 1f / 6, 0.5f);
    UnaryBuilder hardSwish = ElementwiseOps::hardSwish;
    DoubleUnaryOperator refSigmoid = x -> 1 / (1 + Math.exp(-x));
    DoubleUnaryOperator refHardSigmoid = x -> clamp01(0.2 * x + 0.5);
    DoubleUnaryOperator refHardSigmoidTorch = x -> Math.min(Math.max(x + 3, 0), 6) / 6;
    DoubleUnaryOperator refHardSwish = x -> x * Math.min(Math.max(x + 3, 0), 6) / 6;
    return Stream.of(
        Arguments.of("sigmoid", sigmoid, refSigmoid, new long[] {3, 1, 5, 7}),
        Arguments.of("sigmoid", sigmoid, refSigmoid, new long[] {1, 17, 3, 3}),
        Arguments.of("hardsigmoid(0.2,0.5)", hardSigmoid, refHardSigmoid, new long[] {3, 5, 3, 1}),
        Arguments.of(
            "hardsigmoid(1/6,0.5)", hardSigmoidTorch, refHardSigmoidTorch, new long[] {1, 4, 7, 5}),
        Arguments.of("hardswish", hardSwish, refHardSwish, new long[] {3, 3, 5, 5}),
        Arguments.of("hardswish", hardSwish, refHardSwish, new long[] {1, 16, 1, 9}));
  }

  @ParameterizedTest(name = "{0} {3}")
  @MethodSource("unaryCases")
  void unaryMatchesReference(String name, UnaryBuilder op, DoubleUnaryOperator ref, long[] shape) {
    // Values in [-8, 8): both sides of every kink of the hard functions.
    float[] x = OpRunner.random(OpRunner.count(shape), shape[1] * 3 + shape[0]);
    for (int i = 0; i < x.length; i++) {
      x[i] *= 2;
    }
    OpRunner.Result r = OpRunner.run(shape, x, op::apply);
    double[] expected = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      expected[i] = ref.applyAsDouble(x[i]);
    }
    Accuracy.assertClose(name + " " + java.util.Arrays.toString(shape), r.nchw(), expected);
  }

  @Test
  void sigmoidSaturatesWithoutNaN() {
    float[] x = {-1000f, -90f, 0f, 90f, 1000f};
    OpRunner.Result r = OpRunner.run(new long[] {1, 5}, x, ElementwiseOps::sigmoid);
    assertThat(r.nchw()).containsExactly(0f, 0f, 0.5f, 1f, 1f);
  }

  @Test
  void sumOfThreeBroadcastingInputsWithReluMatchesReference() {
    long[] a = {3, 5, 3, 7};
    long[] b = {1, 5, 1, 1};
    long[] c = {3, 1, 3, 7};
    float[] xa = OpRunner.random(OpRunner.count(a), 1);
    float[] xb = OpRunner.random(OpRunner.count(b), 2);
    float[] xc = OpRunner.random(OpRunner.count(c), 3);
    OpRunner.Result r =
        OpRunner.run(
            List.of(a, b, c),
            List.of(xa, xb, xc),
            (g, in) -> ElementwiseOps.sum(g, in, Activation.RELU));
    double[] expected = new double[xa.length];
    for (int n = 0; n < 3; n++) {
      for (int ch = 0; ch < 5; ch++) {
        for (int p = 0; p < 21; p++) {
          double s = (double) xa[(n * 5 + ch) * 21 + p] + xb[ch] + xc[n * 21 + p];
          expected[(n * 5 + ch) * 21 + p] = Math.max(0, s);
        }
      }
    }
    Accuracy.assertClose("sum of 3 (broadcast) + relu", r.nchw(), expected);
  }

  @Test
  void sumOfOneInputIsTheInput() {
    long[] shape = {1, 3, 2, 2};
    float[] x = OpRunner.random(12, 5);
    OpRunner.Result r =
        OpRunner.run(
            List.of(shape),
            List.of(x),
            (g, in) -> {
              Value s = ElementwiseOps.sum(g, in, Activation.NONE);
              assertThat(s).isSameAs(in.get(0));
              return s;
            });
    assertThat(r.nchw()).containsExactly(x);
  }
}
