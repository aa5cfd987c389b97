package org.djlvulkan.backend.ops.fp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ops.LayoutOps;
import org.djlvulkan.backend.testing.Conv2dReference;
import org.djlvulkan.backend.testing.GraphRunner;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Linear / Gemm on the shared GEMM tiles against the double-precision reference. */
@ExtendWith(VulkanExtension.class)
class LinearOpsTest {

  private static float[] run(long[] shape, float[] x, LinearWeights w, Activation act) {
    return GraphRunner.runFloats(
        VulkanExtension.device(),
        shape,
        x,
        c ->
            LayoutOps.toNchwOutput(
                c.g(), LinearOps.linear(c.g(), LayoutOps.toNc4hw4(c.g(), c.input()), w, act)));
  }

  private static float[] run(
      long[] shape, float[] x, LinearWeights w, Activation act, FloatGemmKernel kernel) {
    return GraphRunner.runFloats(
        VulkanExtension.device(),
        shape,
        x,
        c ->
            LayoutOps.toNchwOutput(
                c.g(),
                LinearOps.linear(
                    c.g(), LayoutOps.toNc4hw4(c.g(), c.input()), w, act, Optional.of(kernel))));
  }

  @Test
  void bothGemmKernelsMatchTheReference() {
    // {N, K, out}; K = 600 is split on the shared tiles (too few output tiles to fill a GPU).
    int[][] shapes = {{3, 17, 5}, {1, 64, 10}, {6, 4, 1}, {2, 3, 33}, {70, 33, 65}, {2, 600, 130}};
    Activation[] acts = {
      Activation.RELU,
      Activation.NONE,
      Activation.HARD_SWISH,
      Activation.clamp(-0.5f, 0.5f),
      Activation.RELU,
      Activation.NONE
    };
    for (int i = 0; i < shapes.length; i++) {
      int n = shapes[i][0];
      int k = shapes[i][1];
      int o = shapes[i][2];
      float[] x = Conv2dReference.random(n * k, 50 + i, 2f);
      LinearWeights w =
          new LinearWeights(
              o,
              k,
              Conv2dReference.random(o * k, 60 + i, 1f),
              i % 2 == 0 ? Conv2dReference.random(o, 70 + i, 1f) : null);
      // Odd cases use the [N, K, 1, 1] view that global pooling produces.
      long[] shape = i % 2 == 0 ? new long[] {n, k} : new long[] {n, k, 1, 1};
      double[] ref = Conv2dReference.linear(x, n, w, acts[i]);
      for (FloatGemmKernel kernel :
          List.of(
              FloatGemmKernel.REGISTER_TILES,
              FloatGemmKernel.WIDE_REGISTER_TILES,
              FloatGemmKernel.SHARED_TILES,
              FloatGemmKernel.LARGE_TILES)) {
        Conv2dReference.assertClose(
            "linear N="
                + n
                + " K="
                + k
                + " out="
                + o
                + " "
                + ConvOpsTest.actName(acts[i])
                + " on "
                + kernel,
            ref,
            run(shape, x, w, acts[i], kernel));
      }
    }
  }

  @Test
  void gemmAttributesAreAppliedAtPackTime() {
    int n = 2;
    int k = 7;
    int out = 6;
    float[] a = Conv2dReference.random(n * k, 81, 1f);
    float[] b = Conv2dReference.random(k * out, 82, 1f);
    float[] c = Conv2dReference.random(out, 83, 1f);
    float alpha = 0.5f;
    float beta = -2f;
    for (boolean transB : new boolean[] {false, true}) {
      double[] ref = new double[n * out];
      for (int r = 0; r < n; r++) {
        for (int j = 0; j < out; j++) {
          double s = 0;
          for (int i = 0; i < k; i++) {
            s += (double) a[r * k + i] * (transB ? b[j * k + i] : b[i * out + j]);
          }
          ref[r * out + j] = alpha * s + beta * c[j];
        }
      }
      LinearWeights w = LinearWeights.fromGemm(b, k, out, transB, alpha, c, beta);
      Conv2dReference.assertClose(
          "Gemm transB=" + transB, ref, run(new long[] {n, k}, a, w, Activation.NONE));
    }
    LinearWeights scalarC = LinearWeights.fromGemm(b, k, out, false, 1f, new float[] {3f}, 0.5f);
    assertThat(scalarC.bias()).containsOnly(1.5f);
    assertThatThrownBy(() -> LinearWeights.fromGemm(b, k, out, false, 1f, new float[4], 1f))
        .hasMessageContaining("C must have N=6");
  }

  @Test
  void wrongInputShapeIsRejected() {
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    Value in = OpRunner.nc4hw4Input(g, "x", 1, 8, 2, 2);
    LinearWeights w = new LinearWeights(3, 8, new float[24], null);
    assertThatThrownBy(() -> LinearOps.linear(g, in, w, Activation.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("aten.linear.default")
        .hasMessageContaining("[N, 8]");
  }
}
