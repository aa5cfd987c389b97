package org.djlvulkan.backend.ops.int8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.djlvulkan.backend.config.KernelPolicy;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.ops.ResidualFusion;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.QuantParams;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.testing.Int8Reference;
import org.djlvulkan.backend.testing.Int8Runner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.djlvulkan.backend.vk.DeviceCapabilities;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.djlvulkan.shaders.KernelFeature;
import org.djlvulkan.shaders.KernelId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The residual add fused into the last pass of a GEMM convolution (one-pass, or the reduce pass of
 * a split K) gives the words of the convolution followed by the separate add kernel (each checked
 * against its Java reference in {@link QConvOpsTest} and {@link QuantizedElementwiseOpsTest}): the
 * same convolution by the general kernel, which has no residual form, then the add is the reference
 * here.
 */
class FusedResidualAddTest {
  private static final QuantParams XQ = new QuantParams(0.05f, 3);
  private static final QuantParams YQ = new QuantParams(0.11f, -7);
  private static final QuantParams RQ = new QuantParams(0.08f, 5);
  private static final QuantParams SQ = new QuantParams(0.13f, -2);
  private static final int OUT_CHANNELS = 18;

  /**
   * Each case: the convolution's kernel (a 1x1 pointwise GEMM, or a 3x3 im2col GEMM whose scratch
   * budget splits it into chunks of positions, each with its own passes), the K split (1: the
   * one-pass GEMM), output layout, operand order, activation and uint8 code offset.
   */
  @ParameterizedTest
  @CsvSource({
    "POINTWISE, 4, INT8_4W4C, false, false, 0, TWO_PASS",
    "POINTWISE, 4, INT8_4W4C, true, true, 0, TWO_PASS",
    "POINTWISE, 4, INT8_4C1W, false, true, 0, TWO_PASS",
    "POINTWISE, 1, INT8_4W4C, true, false, 128, TWO_PASS",
    "POINTWISE, 1, INT8_4C1W, false, true, 0, TWO_PASS",
    "IM2COL, 4, INT8_4W4C, false, true, 0, TWO_PASS",
    "IM2COL, 17, INT8_4W4C, true, true, 0, TWO_PASS",
    "IM2COL, 1, INT8_4C1W, true, false, 128, TWO_PASS",
    "IM2COL_ONE_CHUNK, 1, INT8_4W4C, true, true, 0, TWO_PASS",
    "IM2COL_ONE_CHUNK, 4, INT8_4C1W, false, false, 0, TWO_PASS",
    "POINTWISE, 4, INT8_4W4C, true, true, 0, ONE_PASS",
    "POINTWISE, 3, INT8_4C1W, false, false, 128, ONE_PASS",
    "IM2COL, 4, INT8_4W4C, false, true, 0, ONE_PASS",
    "IM2COL_ONE_CHUNK, 4, INT8_4C1W, true, false, 0, ONE_PASS",
    "POINTWISE, 4, INT8_4W4C, true, true, 0, WORKGROUP",
    "POINTWISE, 3, INT8_4C1W, false, false, 128, WORKGROUP",
    "IM2COL, 17, INT8_4W4C, false, true, 0, WORKGROUP",
    "IM2COL_ONE_CHUNK, 3, INT8_4C1W, true, false, 128, WORKGROUP",
  })
  void fusedAddGivesTheWordsOfConvolutionThenAdd(
      String form,
      int splits,
      Layout layout,
      boolean convIsB,
      boolean relu,
      int codeOffset,
      KernelPolicy.SplitK splitForm) {
    checkFusedAgainstSeparate(
        form, splits, layout, convIsB, relu, codeOffset, splitForm, 11, null, null);
  }

  /**
   * The residual forms that round by {@code fma()} ({@code _add_fma}: one-pass GEMMs, split K in
   * two passes, in one pass and in the workgroup) give the words of the convolution and then the
   * add kernel that rounds in double (or, without double precision, by {@code fma()}), ONNX
   * Runtime's, where the device's {@code fma()} rounds once ({@code FusedMultiplyAdd}); elsewhere
   * (lavapipe) those of the add that rounds each operation, which is what its {@code fma()}
   * computes.
   */
  @ParameterizedTest
  @CsvSource({
    "POINTWISE, 1, INT8_4W4C, false, true, 0, TWO_PASS",
    "POINTWISE, 4, INT8_4C1W, true, false, 128, TWO_PASS",
    "IM2COL, 4, INT8_4W4C, true, true, 0, TWO_PASS",
    "IM2COL_ONE_CHUNK, 1, INT8_4C1W, false, true, 128, TWO_PASS",
    "POINTWISE, 4, INT8_4W4C, false, false, 0, ONE_PASS",
    "IM2COL, 4, INT8_4W4C, true, true, 0, WORKGROUP",
  })
  void fmaResidualFormsGiveTheWordsOfTheDoublePrecisionAdd(
      String form,
      int splits,
      Layout layout,
      boolean convIsB,
      boolean relu,
      int codeOffset,
      KernelPolicy.SplitK splitForm) {
    VulkanDevice device = VulkanExtension.device();
    // One rounding: ONNX Runtime's words, from the add kernel in double where the device has it
    // (else its fma() kernel, tested against Java in QuantizedElementwiseOpsTest); two: the words
    // of one rounding per operation.
    AddRounding reference =
        !FusedMultiplyAdd.roundsOnce(device)
            ? AddRounding.SEPARATE
            : device.capabilities().supports(KernelFeature.SHADER_FLOAT64)
                ? AddRounding.FP64
                : AddRounding.FMA;
    checkFusedAgainstSeparate(
        form, splits, layout, convIsB, relu, codeOffset, splitForm, 31, AddRounding.FMA, reference);
  }

  /**
   * Runs a convolution of 32 channels on 2 x 5 x 7 random codes (from {@code seed}) with the add
   * fused into its passes, and the general kernel then the add kernel, and compares their words. A
   * null rounding is the device policy's.
   */
  private static void checkFusedAgainstSeparate(
      String form,
      int splits,
      Layout layout,
      boolean convIsB,
      boolean relu,
      int codeOffset,
      KernelPolicy.SplitK splitForm,
      long seed,
      AddRounding fusedRounding,
      AddRounding referenceRounding) {
    Activation act = relu ? Activation.RELU : Activation.NONE;
    List<Int8Runner.Input> inputs = inputs(2, 32, 5, 7, layout, seed);
    QConvKernel kernel = form.startsWith("IM2COL") ? QConvKernel.IM2COL : QConvKernel.POINTWISE;
    int k = kernel == QConvKernel.POINTWISE ? 1 : 3;
    KernelPolicy policy = KernelPolicy.DEFAULT.withSplitK(splitForm);
    int[] fused =
        run(
            inputs,
            kernel,
            form.equals("IM2COL"),
            k,
            splits,
            policy,
            layout,
            convIsB,
            act,
            codeOffset,
            true,
            fusedRounding);
    int[] separate = separate(inputs, k, layout, convIsB, act, codeOffset, referenceRounding);
    Int8Reference.assertWords(
        (fusedRounding == null ? "" : fusedRounding + " ")
            + form
            + " split "
            + splits
            + " "
            + splitForm
            + " "
            + layout
            + " conv is b "
            + convIsB,
        fused,
        separate);
  }

  /**
   * The cooperative-matrix GEMMs add the residual in their epilogues too: the large and tall tiles
   * ({@code q8ta_gemm_coopmat_wide} and {@code _tall}, one slice) and the split K in the workgroup
   * ({@code q8ta_gemm_coopmat_wgk}, 3 layers over the 3x3 im2col's nine stages). Skipped where the
   * device has no s8 cooperative matrices (lavapipe).
   */
  @ParameterizedTest
  @CsvSource({
    "POINTWISE, INT8_4W4C, false, true, 0, LARGE",
    "POINTWISE, INT8_4C1W, true, false, 128, LARGE",
    "IM2COL_ONE_CHUNK, INT8_4W4C, true, true, 0, LARGE",
    "POINTWISE, INT8_4W4C, true, true, 0, TALL",
    "IM2COL_ONE_CHUNK, INT8_4C1W, false, false, 128, TALL",
    "IM2COL_ONE_CHUNK, INT8_4W4C, false, true, 0, WORKGROUP",
    "IM2COL_ONE_CHUNK, INT8_4C1W, true, false, 128, WORKGROUP",
  })
  void coopmatGemmsFuseTheAdd(
      String form, Layout layout, boolean convIsB, boolean relu, int codeOffset, String shape) {
    QConvKernel kernel = form.startsWith("IM2COL") ? QConvKernel.IM2COL : QConvKernel.POINTWISE;
    int k = kernel == QConvKernel.POINTWISE ? 1 : 3;
    int n = 2;
    int ic = 32;
    int h = 5;
    int w = 7;
    boolean onePass = !shape.equals("WORKGROUP");
    int splits = onePass ? 1 : 3;
    KernelPolicy coopmat = KernelPolicy.DEFAULT.withCoopmat(KernelPolicy.Coopmat.ON);
    KernelPolicy policy =
        onePass
            ? coopmat.withCoopmatTile(KernelPolicy.CoopmatTile.valueOf(shape))
            : coopmat.withSplitK(KernelPolicy.SplitK.WORKGROUP);
    // Skipped only where the device has no s8 cooperative matrices (lavapipe); where it has them,
    // the plan must take the kernel named.
    DeviceCapabilities caps = VulkanExtension.device().capabilities();
    assumeTrue(
        QConvKernelSelector.cooperativeMatrix(caps, KernelPolicy.Coopmat.ON, 1),
        () -> "the device runs no cooperative-matrix q8ta GEMM: " + caps.summary());
    QConvPlan plan =
        QConvKernelSelector.select(
            Conv2dParams.of(k, 1, k / 2),
            TensorSpec.quantized(layout, XQ, n, ic, h, w),
            OUT_CHANNELS,
            caps,
            QConvOptions.DEFAULT.withKernel(kernel).withGemmSplits(splits).withPolicy(policy));
    assertThat(plan.shader())
        .as("the %s form for %s", shape, form)
        .isEqualTo(
            switch (shape) {
              case "LARGE" -> KernelId.Q8TA_GEMM_COOPMAT_WIDE;
              case "TALL" -> KernelId.Q8TA_GEMM_COOPMAT_TALL;
              default -> KernelId.Q8TA_GEMM_COOPMAT_WGK;
            });
    Activation act = relu ? Activation.RELU : Activation.NONE;
    List<Int8Runner.Input> inputs = inputs(n, ic, h, w, layout, 21);
    int[] fused =
        run(inputs, kernel, false, k, splits, policy, layout, convIsB, act, codeOffset, true, null);
    int[] separate = separate(inputs, k, layout, convIsB, act, codeOffset, null);
    Int8Reference.assertWords(
        form + " " + shape + " " + layout + " conv is b " + convIsB, fused, separate);
  }

  /**
   * The reference: the general kernel, which has no residual form, then the add kernel rounding as
   * given (null: as the device's policy says).
   */
  private static int[] separate(
      List<Int8Runner.Input> inputs,
      int k,
      Layout layout,
      boolean convIsB,
      Activation act,
      int codeOffset,
      AddRounding rounding) {
    return run(
        inputs,
        QConvKernel.GENERAL,
        false,
        k,
        1,
        KernelPolicy.DEFAULT,
        layout,
        convIsB,
        act,
        codeOffset,
        false,
        rounding);
  }

  /** The convolution's input and the residual ({@link #OUT_CHANNELS}), random codes from seed. */
  private static List<Int8Runner.Input> inputs(
      int n, int ic, int h, int w, Layout layout, long seed) {
    int[] x = Int8Reference.random(n * ic * h * w, seed);
    int[] residual = Int8Reference.random(n * OUT_CHANNELS * h * w, seed + 1);
    return List.of(
        new Int8Runner.Input(new long[] {n, ic, h, w}, x, XQ, layout),
        new Int8Runner.Input(new long[] {n, OUT_CHANNELS, h, w}, residual, RQ, layout));
  }

  private static int[] run(
      List<Int8Runner.Input> inputs,
      QConvKernel kernel,
      boolean chunked,
      int k,
      int splits,
      KernelPolicy policy,
      Layout layout,
      boolean convIsB,
      Activation act,
      int codeOffset,
      boolean expectFused,
      AddRounding rounding) {
    return Int8Runner.run(
            inputs,
            (g, in) -> {
              Value y = conv(g, in.get(0), kernel, chunked, k, splits, policy, layout);
              assertThat(ResidualFusion.noted(g, y))
                  .as("the convolution's passes noted")
                  .isEqualTo(expectFused);
              Value a = convIsB ? in.get(1) : y;
              Value b = convIsB ? y : in.get(1);
              return rounding == null
                  ? QuantizedElementwiseOps.add(g, a, b, SQ, act, codeOffset)
                  : QuantizedElementwiseOps.add(g, a, b, SQ, act, codeOffset, rounding, false);
            },
            2)
        .words();
  }

  private static Value conv(
      GraphBuilder g,
      Value x,
      QConvKernel kernel,
      boolean chunked,
      int k,
      int splits,
      KernelPolicy policy,
      Layout layout) {
    int ic = (int) x.spec().c();
    int oc = OUT_CHANNELS;
    Conv2dParams p = Conv2dParams.of(k, 1, k / 2);
    QConvOptions options =
        QConvOptions.DEFAULT
            .withKernel(kernel)
            .withGemmSplits(splits)
            .withOutputLayout(layout)
            .withPolicy(policy);
    if (chunked) {
      // Room for 6 blocks of 4 positions: the 70 positions take several chunks.
      options = options.withIm2colBudget(6 * QConvKernelSelector.im2colBytesPerBlock(p, x.spec()));
    }
    return QConvOps.conv2d(
        g, x, p, RandomQConvWeights.of(oc, ic, k, k), YQ, Activation.NONE, options);
  }
}
