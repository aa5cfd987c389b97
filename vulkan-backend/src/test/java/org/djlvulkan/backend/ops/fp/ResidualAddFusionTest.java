package org.djlvulkan.backend.ops.fp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ops.BinaryOp;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.ops.LayoutOps;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.testing.Conv2dReference;
import org.djlvulkan.backend.testing.GraphRunner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A float add fused into the last pass of the GEMM convolution that produced one operand ({@link
 * ElementwiseOps#residualAdd}): {@code conv1(x) + conv2(x)} with the add's activation, where conv1
 * runs on a GEMM kernel (one pass, or split K and its reduce pass) and conv2 on the direct kernel
 * (no residual form), against the double-precision reference of both convolutions; in fp32 also bit
 * for bit against the convolution followed by the add kernel.
 */
@ExtendWith(VulkanExtension.class)
class ResidualAddFusionTest {
  private static final int N = 2;
  private static final int H = 5;
  private static final int W = 6;
  private static final int OC = 18;

  /**
   * Each case: the convolution (1x1 pointwise, 3x3 im2col in one chunk, or im2col in chunks, which
   * has no fused form), input channels (136 splits K on shared tiles), the GEMM, storage, which
   * operand the convolution is, and the add's activation.
   */
  @ParameterizedTest
  @CsvSource({
    "POINTWISE, 8, REGISTER_TILES, F32, false, RELU",
    "POINTWISE, 8, REGISTER_TILES, F32, true, NONE",
    "POINTWISE, 8, WIDE_REGISTER_TILES, F32, false, RELU",
    "IM2COL, 136, WIDE_REGISTER_TILES, F32, true, CLIP",
    "POINTWISE, 136, WIDE_REGISTER_TILES, F16, false, RELU",
    "POINTWISE, 136, SHARED_TILES, F32, false, RELU",
    "POINTWISE, 8, SHARED_TILES, F32, true, CLIP",
    "IM2COL, 8, REGISTER_TILES, F32, true, RELU",
    "IM2COL, 136, SHARED_TILES, F32, false, NONE",
    "IM2COL_CHUNKS, 8, REGISTER_TILES, F32, false, RELU",
    "POINTWISE, 8, REGISTER_TILES, F16, false, RELU",
    "POINTWISE, 136, SHARED_TILES, F16, true, RELU",
    "IM2COL, 136, SHARED_TILES, F16, false, CLIP",
    "POINTWISE, 136, LARGE_TILES, F32, false, RELU",
    "IM2COL, 136, LARGE_TILES, F32, true, CLIP",
    "POINTWISE, 8, LARGE_TILES, F16, true, RELU",
    "POINTWISE, 136, COOPMAT_F16, F16, false, RELU",
    "POINTWISE, 8, COOPMAT_F16, F16, true, NONE",
    "IM2COL, 136, COOPMAT_F16, F16, true, RELU",
    "POINTWISE, 136, COOPMAT_F16_WIDE, F16, false, RELU",
    "IM2COL, 8, COOPMAT_F16_WIDE, F16, true, CLIP",
    "POINTWISE, 136, COOPMAT_F16_TALL, F16, true, RELU",
    "IM2COL, 8, COOPMAT_F16_TALL, F16, false, CLIP",
  })
  void fusedAddMatchesTheReference(
      String form, int ic, FloatGemmKernel gemm, DType storage, boolean convIsB, String act) {
    assumeTrue(
        !gemm.coopmat() || TiledGemm.coopmatF16(VulkanExtension.device().capabilities()),
        "the device has no f16 cooperative matrices (the GPU runs of scripts/gpu cover them)");
    Activation activation =
        switch (act) {
          case "RELU" -> Activation.RELU;
          case "CLIP" -> Activation.clamp(-0.5f, 0.75f);
          default -> Activation.NONE;
        };
    int k = form.equals("POINTWISE") ? 1 : 3;
    Conv2dParams p = Conv2dParams.of(k, 1, k / 2);
    ConvOptions gemmOptions =
        ConvOptions.forcing(k == 1 ? ConvKernel.POINTWISE : ConvKernel.IM2COL).withGemm(gemm);
    boolean chunked = form.equals("IM2COL_CHUNKS");
    if (chunked) {
      // Room for two output rows of scratch at a time: three chunks.
      gemmOptions = gemmOptions.withIm2colBudget(2L * W * ic * 9 * 4 * N);
    }
    long seed = form.hashCode() * 31L + ic + (convIsB ? 7 : 0);
    float[] x = Conv2dReference.random(N * ic * H * W, seed, 1f);
    if (storage == DType.F16) {
      x = HalfStorageOpsTest.roundedToHalf(x);
    }
    Conv2dWeights w1 = weights(ic, k, seed + 1);
    Conv2dWeights w2 = weights(ic, 1, seed + 2);
    // The fp16 builds of both kernels read fp16 weights.
    Conv2dWeights w1Used = storage == DType.F16 ? HalfStorageOpsTest.halfWeights(w1) : w1;
    Conv2dWeights w2Used = storage == DType.F16 ? HalfStorageOpsTest.halfWeights(w2) : w2;
    double[] gemmPart = Conv2dReference.conv2d(x, N, ic, H, W, w1Used, p, Activation.NONE);
    double[] directPart =
        Conv2dReference.conv2d(x, N, ic, H, W, w2Used, Conv2dParams.of(1, 1, 0), Activation.NONE);
    double[] ref = new double[gemmPart.length];
    for (int i = 0; i < ref.length; i++) {
      ref[i] = activation.apply(gemmPart[i] + directPart[i]);
    }
    boolean[] fused = new boolean[1];
    ConvOptions g1 = gemmOptions;
    float[] got =
        run(
            x,
            ic,
            storage,
            (g, in) -> {
              Value[] ops = operands(g, in, w1, p, g1, w2, convIsB);
              Value l = ops[0];
              Value r = ops[1];
              Value sum = ElementwiseOps.residualAdd(g, l, r, activation);
              fused[0] = sum != null;
              return sum != null ? sum : ElementwiseOps.binary(g, BinaryOp.ADD, l, r, activation);
            });
    assertThat(fused[0]).as("the add ran in the convolution's passes").isEqualTo(!chunked);
    String label = form + " ic " + ic + " " + gemm + " " + storage + " " + act;
    if (storage == DType.F32) {
      Conv2dReference.assertClose(label, ref, got);
      float[] separate =
          run(
              x,
              ic,
              storage,
              (g, in) -> {
                Value[] ops = operands(g, in, w1, p, g1, w2, convIsB);
                return ElementwiseOps.binary(g, BinaryOp.ADD, ops[0], ops[1], activation);
              });
      assertThat(got).as(label + ": fused against convolution then add").isEqualTo(separate);
    } else {
      assertHalfSumClose(label, ref, gemmPart, directPart, got);
    }
  }

  /**
   * fp16: the residual was rounded to fp16 when stored, and the sum once more: each term within
   * 2^-10 of its magnitude, plus the fp32 accumulation.
   */
  private static void assertHalfSumClose(
      String label, double[] ref, double[] a, double[] b, float[] got) {
    assertThat(got).as(label + ": length").hasSize(ref.length);
    double max = 0;
    for (double r : ref) {
      max = Math.max(max, Math.abs(r));
    }
    List<String> bad = new ArrayList<>();
    for (int i = 0; i < ref.length; i++) {
      double bound = (Math.abs(a[i]) + Math.abs(b[i])) / 1024 + 2e-5 * max + 1e-6;
      if (!(Math.abs(got[i] - ref[i]) <= bound)) {
        bad.add(i + ": got " + got[i] + ", expected " + ref[i]);
      }
    }
    assertThat(bad).as(label).isEmpty();
  }

  /**
   * The add's operands in order: the GEMM convolution of {@code in} (w1) and the direct 1x1
   * convolution (w2), swapped when {@code convIsB}.
   */
  private static Value[] operands(
      GraphBuilder g,
      Value in,
      Conv2dWeights w1,
      Conv2dParams p,
      ConvOptions gemmOptions,
      Conv2dWeights w2,
      boolean convIsB) {
    Value a = ConvOps.conv2d(g, in, w1, p, Activation.NONE, gemmOptions);
    Value b =
        ConvOps.conv2d(
            g,
            in,
            w2,
            Conv2dParams.of(1, 1, 0),
            Activation.NONE,
            ConvOptions.forcing(ConvKernel.DIRECT));
    return convIsB ? new Value[] {b, a} : new Value[] {a, b};
  }

  private static Conv2dWeights weights(int ic, int k, long seed) {
    return new Conv2dWeights(
        OC,
        ic,
        k,
        k,
        Conv2dReference.random(OC * ic * k * k, seed, 1f / (float) Math.sqrt(ic * k * k)),
        Conv2dReference.random(OC, seed + 5, 0.5f));
  }

  private interface Body {
    Value apply(GraphBuilder g, Value in);
  }

  private static float[] run(float[] x, int ic, DType storage, Body body) {
    return GraphRunner.runFloats(
        VulkanExtension.device(),
        new long[] {N, ic, H, W},
        x,
        c ->
            LayoutOps.toNchwOutput(
                c.g(), body.apply(c.g(), LayoutOps.toNc4hw4(c.g(), c.input(), storage))));
  }
}
