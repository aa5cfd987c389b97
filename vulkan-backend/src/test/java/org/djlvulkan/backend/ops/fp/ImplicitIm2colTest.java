package org.djlvulkan.backend.ops.fp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.djlvulkan.backend.config.KernelPolicy;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.ops.ConvWeightPacking;
import org.djlvulkan.backend.ops.LayoutOps;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.testing.Conv2dReference;
import org.djlvulkan.backend.testing.GraphRunner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * im2col convolution as one GEMM that computes its input from the convolution's ({@code
 * gemm_input.glslh}): each GEMM kernel, forced, on windows with strides, dilations and uneven pads,
 * against the double-precision reference, with no im2col pass in the graph.
 */
@ExtendWith(VulkanExtension.class)
class ImplicitIm2colTest {

  /**
   * Each case: batch, input channels (136 splits K; 3 and 5 are padded to whole channel groups in
   * K, as ResNet's stem), height, width, output channels, kernel h x w, strides, dilations, pads
   * (top, left, bottom, right), the GEMM and the storage.
   */
  @ParameterizedTest
  @CsvSource({
    "2, 8, 7, 6, 20, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, SHARED_TILES, F32",
    "1, 12, 9, 8, 7, 3, 3, 2, 2, 1, 1, 0, 1, 1, 0, SHARED_TILES, F32",
    "1, 4, 9, 9, 16, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2, SHARED_TILES, F32",
    "2, 8, 8, 7, 9, 5, 3, 2, 1, 1, 1, 2, 1, 0, 1, SHARED_TILES, F32",
    "1, 136, 6, 5, 70, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, SHARED_TILES, F32",
    "2, 8, 7, 6, 20, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, REGISTER_TILES, F32",
    "1, 12, 9, 8, 7, 3, 3, 2, 2, 1, 1, 0, 1, 1, 0, WIDE_REGISTER_TILES, F32",
    "2, 8, 8, 7, 9, 5, 3, 2, 1, 1, 1, 2, 1, 0, 1, WIDE_REGISTER_TILES, F32",
    "1, 136, 6, 5, 70, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2, WIDE_REGISTER_TILES, F16",
    "2, 8, 7, 6, 20, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, SHARED_TILES, F16",
    "1, 136, 6, 5, 70, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, SHARED_TILES, F16",
    "2, 8, 7, 6, 20, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, LARGE_TILES, F32",
    "1, 136, 6, 5, 70, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, LARGE_TILES, F32",
    "2, 8, 8, 7, 9, 5, 3, 2, 1, 1, 1, 2, 1, 0, 1, LARGE_TILES, F16",
    "2, 8, 7, 6, 20, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, COOPMAT_F16, F16",
    "1, 12, 9, 8, 7, 3, 3, 2, 2, 1, 1, 0, 1, 1, 0, COOPMAT_F16, F16",
    "1, 136, 6, 5, 70, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2, COOPMAT_F16, F16",
    "1, 3, 13, 12, 16, 7, 7, 2, 2, 1, 1, 3, 3, 3, 3, SHARED_TILES, F32",
    "2, 3, 13, 12, 16, 7, 7, 2, 2, 1, 1, 3, 3, 3, 3, LARGE_TILES, F32",
    "1, 5, 9, 8, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, REGISTER_TILES, F32",
    "1, 3, 13, 12, 16, 7, 7, 2, 2, 1, 1, 3, 3, 3, 3, SHARED_TILES, F16",
    "2, 3, 13, 12, 64, 7, 7, 2, 2, 1, 1, 3, 3, 3, 3, COOPMAT_F16, F16",
    "1, 5, 9, 8, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, COOPMAT_F16_WIDE, F16",
    "2, 8, 7, 6, 20, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, COOPMAT_F16_WIDE, F16",
    "1, 136, 6, 5, 140, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2, COOPMAT_F16_WIDE, F16",
    "2, 8, 7, 6, 20, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, COOPMAT_F16_TALL, F16",
    "1, 136, 6, 5, 70, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2, COOPMAT_F16_TALL, F16",
  })
  void implicitGemmMatchesTheReference(
      int n,
      int ic,
      int h,
      int w,
      int oc,
      int kh,
      int kw,
      int sh,
      int sw,
      int dh,
      int dw,
      int top,
      int left,
      int bottom,
      int right,
      FloatGemmKernel gemm,
      DType storage) {
    assumeTrue(
        !gemm.coopmat() || TiledGemm.coopmatF16(VulkanExtension.device().capabilities()),
        "the device has no f16 cooperative matrices (the GPU runs of scripts/gpu cover them)");
    Conv2dParams p = new Conv2dParams(kh, kw, sh, sw, dh, dw, top, left, bottom, right, 1);
    long seed = (long) ic * 1000 + h * 10 + kh + (storage == DType.F16 ? 5 : 0);
    float[] x = Conv2dReference.random(n * ic * h * w, seed, 1f);
    Conv2dWeights weights =
        new Conv2dWeights(
            oc,
            ic,
            kh,
            kw,
            Conv2dReference.random(oc * ic * kh * kw, seed + 1, 1f / (float) Math.sqrt(ic * 9)),
            Conv2dReference.random(oc, seed + 2, 0.5f));
    if (storage == DType.F16) {
      x = HalfStorageOpsTest.roundedToHalf(x);
    }
    // The GEMMs' fp16 builds read fp16 weights.
    Conv2dWeights used = storage == DType.F16 ? HalfStorageOpsTest.halfWeights(weights) : weights;
    double[] ref = Conv2dReference.conv2d(x, n, ic, h, w, used, p, Activation.RELU);
    ConvOptions options =
        ConvOptions.forcing(ConvKernel.IM2COL)
            .withGemm(gemm)
            .withIm2col(KernelPolicy.Im2col.IMPLICIT);
    int[] dispatches = new int[1];
    float[] got =
        GraphRunner.runFloats(
            VulkanExtension.device(),
            new long[] {n, ic, h, w},
            x,
            c -> {
              Value in = LayoutOps.toNc4hw4(c.g(), c.input(), storage);
              int before = c.g().nodeCount();
              Value y = ConvOps.conv2d(c.g(), in, weights, p, Activation.RELU, options);
              dispatches[0] = c.g().nodeCount() - before;
              return LayoutOps.toNchwOutput(c.g(), y);
            });
    int outH = (h + top + bottom - dh * (kh - 1) - 1) / sh + 1;
    int outW = (w + left + right - dw * (kw - 1) - 1) / sw + 1;
    int splits =
        gemm.splitsK()
            ? TiledGemm.splits(gemm, outH * outW, ConvWeightPacking.ceil4(ic) * kh * kw, oc, n)
            : 1;
    boolean reduce = splits > 1 && gemm.splitsK();
    assertThat(dispatches[0])
        .as("the GEMM pass%s and no im2col pass", reduce ? " and its reduce pass" : "")
        .isEqualTo(reduce ? 2 : 1);
    String label = n + "x" + ic + "x" + h + "x" + w + " -> " + oc + " " + p + " " + gemm;
    if (storage == DType.F32) {
      Conv2dReference.assertClose(label, ref, got);
    } else {
      HalfStorageOpsTest.assertHalfClose(label, ref, got);
    }
  }

  /**
   * The default {@code auto}: a workgroup-tile GEMM computes its input (one pass), a register-tile
   * GEMM reads an im2col scratch (two passes); both match the reference.
   */
  @ParameterizedTest
  @CsvSource({"SHARED_TILES, 1", "LARGE_TILES, 1", "REGISTER_TILES, 2", "WIDE_REGISTER_TILES, 2"})
  void autoIsImplicitOnWorkgroupTilesOnly(FloatGemmKernel gemm, int passes) {
    Conv2dParams p = new Conv2dParams(3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1);
    float[] x = Conv2dReference.random(2 * 8 * 7 * 6, 41, 1f);
    Conv2dWeights weights =
        new Conv2dWeights(
            20,
            8,
            3,
            3,
            Conv2dReference.random(20 * 8 * 9, 42, 0.1f),
            Conv2dReference.random(20, 43, 0.5f));
    double[] ref = Conv2dReference.conv2d(x, 2, 8, 7, 6, weights, p, Activation.NONE);
    ConvOptions options =
        ConvOptions.forcing(ConvKernel.IM2COL).withGemm(gemm).withIm2col(KernelPolicy.Im2col.AUTO);
    int[] dispatches = new int[1];
    float[] got =
        GraphRunner.runFloats(
            VulkanExtension.device(),
            new long[] {2, 8, 7, 6},
            x,
            c -> {
              Value in = LayoutOps.toNc4hw4(c.g(), c.input(), DType.F32);
              int before = c.g().nodeCount();
              Value y = ConvOps.conv2d(c.g(), in, weights, p, Activation.NONE, options);
              dispatches[0] = c.g().nodeCount() - before;
              return LayoutOps.toNchwOutput(c.g(), y);
            });
    assertThat(dispatches[0]).as("passes of the convolution on %s", gemm).isEqualTo(passes);
    Conv2dReference.assertClose("auto im2col on " + gemm, ref, got);
  }
}
