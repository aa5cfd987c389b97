package org.djlvulkan.backend.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.djlvulkan.backend.graph.ComputeGraph;
import org.djlvulkan.backend.graph.ExecutionContext;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ops.fp.ElementwiseOps;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.testing.Accuracy;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(VulkanExtension.class)
class ShapeOpsTest {

  private static double[] asDoubles(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i];
    }
    return d;
  }

  static Stream<Arguments> viewCases() {
    return Stream.of(
        // Views: N and C unchanged.
        Arguments.of(new long[] {3, 17, 1, 1}, new long[] {3, 17}, true),
        Arguments.of(new long[] {3, 5}, new long[] {3, 5, 1, 1}, true),
        Arguments.of(new long[] {1, 5, 3, 4}, new long[] {1, 5, 12}, true),
        Arguments.of(new long[] {2, 3, 3, 4}, new long[] {2, 3, -1, 3}, true),
        // Copies: elements move between channel groups.
        Arguments.of(new long[] {3, 5, 3, 1}, new long[] {3, 15}, false),
        Arguments.of(new long[] {1, 16, 1, 1}, new long[] {16}, false),
        Arguments.of(new long[] {3, 4, 3, 5}, new long[] {-1, 6, 5, 2}, false),
        Arguments.of(new long[] {1, 17, 3, 1}, new long[] {3, 17}, false));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("viewCases")
  void viewKeepsRowMajorOrderAndCopiesOnlyWhenNeeded(long[] from, long[] to, boolean alias) {
    float[] x = OpRunner.random(OpRunner.count(from), OpRunner.count(from));
    int[] nodes = new int[2];
    OpRunner.Result r =
        OpRunner.run(
            from,
            x,
            (g, in) -> {
              nodes[0] = g.nodeCount();
              Value v = ShapeOps.view(g, in, to);
              nodes[1] = g.nodeCount();
              return v;
            });
    assertThat(nodes[1] - nodes[0]).as("dispatches added").isEqualTo(alias ? 0 : 1);
    assertThat(r.spec().elementCount()).isEqualTo(x.length);
    Accuracy.assertExact(
        "view " + Arrays.toString(from) + " -> " + Arrays.toString(to) + (alias ? " (alias)" : ""),
        r.nchw(),
        asDoubles(x));
  }

  @Test
  void flattenFollowsOnnx() {
    long[] shape = {3, 5, 2, 3};
    float[] x = OpRunner.random(90, 9);
    OpRunner.Result r = OpRunner.run(shape, x, (g, in) -> ShapeOps.flatten(g, in, 1));
    assertThat(r.spec().shape()).containsExactly(3, 30);
    Accuracy.assertExact("flatten axis 1", r.nchw(), asDoubles(x));
    OpRunner.Result r0 = OpRunner.run(shape, x, (g, in) -> ShapeOps.flatten(g, in, 0));
    assertThat(r0.spec().shape()).containsExactly(1, 90);
    OpRunner.Result r3 = OpRunner.run(shape, x, (g, in) -> ShapeOps.flatten(g, in, -1));
    assertThat(r3.spec().shape()).containsExactly(30, 3);
    Accuracy.assertExact("flatten axis -1", r3.nchw(), asDoubles(x));
  }

  @Test
  void aViewKeepsItsMemoryAliveUntilItsLastUse() {
    // x -> a = relu(x) -> v = view(a) (no node); then several values that could reuse a's memory
    // if the view did not extend a's lifetime; finally v + big.
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    long[] shape = {1, 8, 1, 1};
    Value x = OpRunner.nc4hw4Input(g, "x", shape);
    Value a = ElementwiseOps.relu(g, x);
    Value v = ShapeOps.view(g, a, 1, 8);
    Value t = ElementwiseOps.clamp(g, x, -1f, 1f);
    for (int i = 0; i < 4; i++) {
      t = ElementwiseOps.binary(g, BinaryOp.MUL, t, x, Activation.NONE);
    }
    Value sum =
        ElementwiseOps.binary(g, BinaryOp.ADD, ShapeOps.view(g, v, shape), t, Activation.NONE);
    g.output("y", LayoutOps.toNchwOutput(g, sum));
    float[] in = OpRunner.random(8, 4);
    try (ComputeGraph graph = g.build();
        ExecutionContext ctx = graph.newContext()) {
      ctx.write("x", in);
      ctx.run();
      float[] y = ctx.readFloats("y");
      for (int i = 0; i < 8; i++) {
        float tt = Math.min(Math.max(in[i], -1f), 1f);
        for (int k = 0; k < 4; k++) {
          tt *= in[i];
        }
        assertThat(y[i]).isEqualTo(Math.max(in[i], 0f) + tt);
      }
    }
  }

  @Test
  void aViewCanBeAGraphOutputAndAViewOfAnInput() {
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    Value x = g.input("x", TensorSpec.of(DType.F32, Layout.NCHW, 2, 3, 2));
    Value flat = ShapeOps.view(g, x, 2, 6);
    assertThat(g.nodeCount()).isZero();
    Value packed = LayoutOps.toNc4hw4(g, flat);
    Value r = ElementwiseOps.relu(g, packed);
    g.output("y", ShapeOps.view(g, r, 2, 6, 1, 1));
    float[] in = OpRunner.random(12, 8);
    try (ComputeGraph graph = g.build();
        ExecutionContext ctx = graph.newContext()) {
      ctx.write("x", in);
      ctx.run();
      assertThat(graph.outputs().get("y").spec().shape()).containsExactly(2, 6, 1, 1);
      float[] y = ctx.readFloats("y");
      // NC4HW4 [2, 6, 1, 1]: per batch two groups of 4 lanes, 6 channels then 2 zero lanes.
      for (int n = 0; n < 2; n++) {
        for (int c = 0; c < 8; c++) {
          float expected = c < 6 ? Math.max(in[n * 6 + c], 0f) : 0f;
          assertThat(y[n * 8 + c]).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void aViewOfAnInputCannotBeAnOutput() {
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    Value x = g.input("x", TensorSpec.of(DType.F32, Layout.NCHW, 2, 3));
    Value v = ShapeOps.view(g, x, 6);
    assertThatThrownBy(() -> g.output("y", v))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a view of INPUT 'x'");
  }

  @Test
  void badShapesAreRejected() {
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    Value x = OpRunner.nc4hw4Input(g, "x", 2, 3, 2);
    assertThatThrownBy(() -> ShapeOps.view(g, x, 5, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot infer");
    assertThatThrownBy(() -> ShapeOps.view(g, x, 2, 7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("14 elements");
    assertThatThrownBy(() -> ShapeOps.view(g, x, 1, 1, 2, 3, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rank <= 4");
    assertThatThrownBy(() -> ShapeOps.permute(g, x, 0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a permutation");
  }

  /** All 24 permutations of a 4-D tensor, plus ranks 2 and 3. */
  static Stream<Arguments> permuteCases() {
    List<Arguments> cases = new ArrayList<>();
    long[] shape = {2, 5, 3, 4};
    permutations(new int[] {0, 1, 2, 3}, 0, p -> cases.add(Arguments.of(shape, p)));
    cases.add(Arguments.of(new long[] {3, 17}, new int[] {1, 0}));
    cases.add(Arguments.of(new long[] {3, 5, 7}, new int[] {2, 0, 1}));
    cases.add(Arguments.of(new long[] {1, 16, 1, 5}, new int[] {0, 3, 1, -2}));
    return cases.stream();
  }

  private static void permutations(int[] a, int k, java.util.function.Consumer<int[]> out) {
    if (k == a.length) {
      out.accept(a.clone());
      return;
    }
    for (int i = k; i < a.length; i++) {
      int t = a[k];
      a[k] = a[i];
      a[i] = t;
      permutations(a, k + 1, out);
      a[i] = a[k];
      a[k] = t;
    }
  }

  @ParameterizedTest(name = "{0} by {1}")
  @MethodSource("permuteCases")
  void permuteMatchesReference(long[] shape, int[] dims) {
    int rank = shape.length;
    float[] x = OpRunner.random(OpRunner.count(shape), 77);
    OpRunner.Result r = OpRunner.run(shape, x, (g, in) -> ShapeOps.permute(g, in, dims));
    int[] perm = new int[rank];
    long[] outShape = new long[rank];
    for (int k = 0; k < rank; k++) {
      perm[k] = dims[k] < 0 ? dims[k] + rank : dims[k];
      outShape[k] = shape[perm[k]];
    }
    assertThat(r.spec().shape()).containsExactly(outShape);
    long[] inStrides = new long[rank];
    long s = 1;
    for (int k = rank - 1; k >= 0; k--) {
      inStrides[k] = s;
      s *= shape[k];
    }
    double[] expected = new double[x.length];
    int[] idx = new int[rank];
    for (int i = 0; i < x.length; i++) {
      long rem = i;
      for (int k = rank - 1; k >= 0; k--) {
        idx[k] = (int) (rem % outShape[k]);
        rem /= outShape[k];
      }
      long src = 0;
      for (int k = 0; k < rank; k++) {
        src += idx[k] * inStrides[perm[k]];
      }
      expected[i] = x[(int) src];
    }
    Accuracy.assertExact(
        "permute " + Arrays.toString(shape) + " by " + Arrays.toString(dims), r.nchw(), expected);
  }
}
