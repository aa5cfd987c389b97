package org.djlvulkan.backend.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.QuantParams;
import org.djlvulkan.backend.testing.Int8Reference;
import org.djlvulkan.backend.testing.Int8Runner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The residual add fused into a split-K convolution's reduce pass gives the words of the
 * convolution followed by the separate add kernel (each checked against its Java reference in
 * {@link QConvOpsTest} and {@link QuantizedElementwiseOpsTest}): the convolution without a split
 * (no reduce pass to fuse into) then the add is the reference here.
 */
class SplitKResidualAddTest {
  private static final QuantParams XQ = new QuantParams(0.05f, 3);
  private static final QuantParams YQ = new QuantParams(0.11f, -7);
  private static final QuantParams RQ = new QuantParams(0.08f, 5);
  private static final QuantParams SQ = new QuantParams(0.13f, -2);
  private static final int OUT_CHANNELS = 18;

  /**
   * Each case: the convolution's kernel (a 1x1 pointwise GEMM, or a 3x3 im2col GEMM whose scratch
   * budget splits it into chunks of positions, each with its own reduce pass), output layout,
   * operand order, activation and uint8 code offset.
   */
  @ParameterizedTest
  @CsvSource({
    "POINTWISE, INT8_4W4C, false, false, 0",
    "POINTWISE, INT8_4W4C, true, true, 0",
    "POINTWISE, INT8_4C1W, false, true, 0",
    "POINTWISE, INT8_4W4C, true, false, 128",
    "POINTWISE, INT8_4C1W, true, true, 128",
    "IM2COL, INT8_4W4C, false, true, 0",
    "IM2COL, INT8_4C1W, true, false, 128",
  })
  void fusedAddGivesTheWordsOfConvolutionThenAdd(
      QConvKernel kernel, Layout layout, boolean convIsB, boolean relu, int codeOffset) {
    int n = 2;
    int ic = 32;
    int oc = OUT_CHANNELS;
    int h = 5;
    int w = 7;
    int[] x = Int8Reference.random(n * ic * h * w, 11);
    int[] residual = Int8Reference.random(n * oc * h * w, 12);
    Activation act = relu ? Activation.RELU : Activation.NONE;
    List<Int8Runner.Input> inputs =
        List.of(
            new Int8Runner.Input(new long[] {n, ic, h, w}, x, XQ, layout),
            new Int8Runner.Input(new long[] {n, oc, h, w}, residual, RQ, layout));
    int[] fused = run(inputs, kernel, 4, layout, convIsB, act, codeOffset, true);
    int[] separate = run(inputs, kernel, 1, layout, convIsB, act, codeOffset, false);
    Int8Reference.assertWords(kernel + " " + layout + " conv is b " + convIsB, fused, separate);
  }

  private static int[] run(
      List<Int8Runner.Input> inputs,
      QConvKernel kernel,
      int splits,
      Layout layout,
      boolean convIsB,
      Activation act,
      int codeOffset,
      boolean expectFused) {
    return Int8Runner.run(
            inputs,
            (g, in) -> {
              Value y = conv(g, in.get(0), kernel, splits, layout);
              assertThat(g.attachment(y, SplitKResidualAdd.ReducePasses.class) != null)
                  .as("split-K reduce passes noted")
                  .isEqualTo(expectFused);
              Value a = convIsB ? in.get(1) : y;
              Value b = convIsB ? y : in.get(1);
              return QuantizedElementwiseOps.add(g, a, b, SQ, act, codeOffset);
            })
        .words();
  }

  private static Value conv(
      GraphBuilder g, Value x, QConvKernel kernel, int splits, Layout layout) {
    int ic = (int) x.spec().c();
    int oc = OUT_CHANNELS;
    int k = kernel == QConvKernel.IM2COL ? 3 : 1;
    Conv2dParams p = Conv2dParams.of(k, 1, k / 2);
    Random r = new Random(ic * 31L + oc + k);
    byte[] weights = new byte[oc * ic * k * k];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (byte) (r.nextInt(255) - 127);
    }
    float[] scales = new float[oc];
    int[] bias = new int[oc];
    for (int c = 0; c < oc; c++) {
      scales[c] = 0.002f + 0.001f * r.nextInt(10);
      bias[c] = r.nextInt(2001) - 1000;
    }
    QConvOptions options =
        QConvOptions.DEFAULT.withKernel(kernel).withGemmSplits(splits).withOutputLayout(layout);
    if (kernel == QConvKernel.IM2COL) {
      // Room for 6 blocks of 4 positions: the 70 positions take several chunks.
      options = options.withIm2colBudget(6 * QConvKernelSelector.im2colBytesPerBlock(p, x.spec()));
    }
    return QConvOps.conv2d(
        g,
        x,
        p,
        new QConv2dWeights(oc, ic, k, k, weights, scales, null, bias),
        YQ,
        Activation.NONE,
        options);
  }
}
