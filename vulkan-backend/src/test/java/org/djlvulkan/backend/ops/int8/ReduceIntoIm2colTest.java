package org.djlvulkan.backend.ops.int8;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.djlvulkan.backend.config.KernelPolicy;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.QuantParams;
import org.djlvulkan.backend.testing.Int8Reference;
import org.djlvulkan.backend.testing.Int8Runner;
import org.djlvulkan.shaders.KernelId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A split-K convolution's reduce pass that writes the next convolution's im2col scratch itself
 * ({@code q8ta_gemm_reduce_scatter}) gives the words of the two convolutions run apart: the
 * reference here is the same pair with the first convolution on the general kernel, which has no
 * reduce pass (each kernel is checked against its Java reference in {@link QConvOpsTest}).
 */
class ReduceIntoIm2colTest {
  private static final QuantParams XQ = new QuantParams(0.05f, 3);
  private static final QuantParams MQ = new QuantParams(0.09f, -5);
  private static final QuantParams YQ = new QuantParams(0.11f, 7);
  private static final int MID_CHANNELS = 40;
  private static final int OUT_CHANNELS = 10;

  /**
   * Each case: the input channels, the first convolution's kernel size (1: a pointwise GEMM whose
   * positions are rows of blocks; 3: an im2col GEMM whose positions are flat pixels) and K split
   * (11 slices of 16 k4s over K = 704: more than the reduce reads at a time), then the second
   * convolution's kernel size, stride, dilation and padding (top, left, bottom, right).
   */
  @ParameterizedTest
  @CsvSource({
    "16, 1, 3, 3, 1, 1, 1, 1, 1, 1",
    "704, 1, 11, 3, 1, 1, 1, 1, 1, 1",
    "16, 1, 3, 3, 2, 1, 1, 0, 2, 1",
    "16, 1, 4, 3, 1, 2, 2, 2, 2, 2",
    "16, 1, 2, 5, 2, 1, 0, 2, 1, 0",
    "16, 3, 3, 3, 1, 1, 1, 1, 1, 1",
    "16, 3, 5, 3, 2, 1, 0, 1, 1, 0",
  })
  void reduceIntoScratchGivesTheWordsOfTheConvolutionsApart(
      int ic,
      int k1,
      int splits,
      int k2,
      int stride,
      int dilation,
      int top,
      int left,
      int bottom,
      int right) {
    int n = 2;
    int h = 6;
    int w = 7;
    List<Int8Runner.Input> inputs =
        List.of(
            new Int8Runner.Input(
                new long[] {n, ic, h, w},
                Int8Reference.random(n * ic * h * w, 41L + k2 + stride),
                XQ,
                Layout.INT8_4W4C));
    Conv2dParams second =
        Conv2dParams.of(k2, stride, 0)
            .withDilation(dilation, dilation)
            .withPads(top, left, bottom, right);
    // Under auto the reduce pass writes the scratch (no GPU or CPU driver reads this input
    // implicitly: one scratch holds it); the scratch setting keeps the im2col pass.
    int[] fused = run(inputs, k1, splits, second, true, KernelPolicy.Im2col.AUTO);
    int[] apart = run(inputs, k1, splits, second, false, KernelPolicy.Im2col.AUTO);
    int[] scratch = run(inputs, k1, splits, second, true, KernelPolicy.Im2col.SCRATCH);
    assertThat(fused).as("words of the fused pair").isEqualTo(apart);
    assertThat(scratch).as("words with the im2col pass").isEqualTo(apart);
  }

  private static int[] run(
      List<Int8Runner.Input> inputs,
      int k1,
      int splits,
      Conv2dParams second,
      boolean fused,
      KernelPolicy.Im2col secondIm2col) {
    return Int8Runner.run(
            inputs,
            (g, in) -> {
              QConvOptions first =
                  fused
                      ? QConvOptions.DEFAULT
                          .withKernel(k1 == 1 ? QConvKernel.POINTWISE : QConvKernel.IM2COL)
                          .withGemmSplits(splits)
                          .withPolicy(
                              KernelPolicy.DEFAULT
                                  .withSplitK(KernelPolicy.SplitK.TWO_PASS)
                                  .withIm2col(KernelPolicy.Im2col.SCRATCH))
                      : QConvOptions.DEFAULT.withKernel(QConvKernel.GENERAL);
              Value mid =
                  conv(
                      g,
                      in.get(0),
                      Conv2dParams.of(k1, 1, k1 / 2),
                      MID_CHANNELS,
                      MQ,
                      Activation.RELU,
                      first.withOutputLayout(Layout.INT8_4W4C));
              int before = g.dispatches().size();
              Value y =
                  conv(
                      g,
                      mid,
                      second,
                      OUT_CHANNELS,
                      YQ,
                      Activation.NONE,
                      QConvOptions.DEFAULT
                          .withKernel(QConvKernel.IM2COL)
                          .withGemmSplits(1)
                          .withPolicy(KernelPolicy.DEFAULT.withIm2col(secondIm2col)));
              Set<KernelId> kernels =
                  g.dispatches().subList(before, g.dispatches().size()).stream()
                      .map(d -> d.pipeline().kernel())
                      .collect(Collectors.toSet());
              boolean scatters = fused && secondIm2col == KernelPolicy.Im2col.AUTO;
              assertThat(kernels.contains(KernelId.Q8TA_GEMM_REDUCE_SCATTER))
                  .as("the second convolution's passes %s", kernels)
                  .isEqualTo(scatters);
              assertThat(kernels.contains(KernelId.Q8TA_IM2COL_4W4C)).isEqualTo(!scatters);
              return y;
            },
            2)
        .words();
  }

  private static Value conv(
      GraphBuilder g,
      Value x,
      Conv2dParams p,
      int oc,
      QuantParams out,
      Activation act,
      QConvOptions options) {
    return QConvOps.conv2d(
        g,
        x,
        p,
        RandomQConvWeights.of(oc, (int) x.spec().c(), p.kernelH(), p.kernelW()),
        out,
        act,
        options);
  }
}
