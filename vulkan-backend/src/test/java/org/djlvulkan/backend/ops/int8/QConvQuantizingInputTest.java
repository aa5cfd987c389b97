package org.djlvulkan.backend.ops.int8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.djlvulkan.backend.config.KernelPolicy;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.ops.int8.QConvOpsTest.Case;
import org.djlvulkan.backend.ops.int8.QConvOpsTest.Data;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.QuantParams;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.testing.GraphRunner;
import org.djlvulkan.backend.testing.Int8Reference;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.djlvulkan.backend.vk.DeviceCapabilities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A q8ta convolution that quantizes its float input itself ({@link QConvOps#conv2dQuantizing}: the
 * 4W4C im2col pass, or the implicit GEMM's loads, read the float NCHW values): bit-exact against
 * the Java reference that first quantizes the values ({@code clamp(roundEven(x * (1 / s)) + z)} in
 * float, as {@code quantize_nchw} does) and then convolves the codes. The inputs include values
 * exactly halfway between two codes (rounding to even) and values far past both ends of the grid
 * (saturation); the cases cover an RGB stem (3 channels padded to a group of 4), padding, strides,
 * dilations and batches, on the scratch in one piece and in chunks, the implicit GEMM, split K and
 * every GEMM tiling.
 */
@ExtendWith(VulkanExtension.class)
class QConvQuantizingInputTest {
  private static DeviceCapabilities caps() {
    return VulkanExtension.device().capabilities();
  }

  static List<Case> cases() {
    return List.of(
        // An RGB stem: 7 x 7, stride 2, padding 3, two images whose rows end inside blocks.
        QConvImplicitIm2colTest.fourW4C(
            new int[] {2, 3, 13, 11},
            10,
            Conv2dParams.of(7, 2, 3),
            Activation.RELU,
            true,
            Optional.empty()),
        // Eight channels, 3 x 3 at stride 1 into 4C1W, a clamp.
        QConvImplicitIm2colTest.fourW4C(
            new int[] {1, 8, 9, 10},
            12,
            Conv2dParams.of(3, 1, 1),
            Activation.clamp(-1f, 2f),
            false,
            Optional.of(Layout.INT8_4C1W)),
        // Two channels (two padded lanes), dilation 2 with padding 2, three images.
        QConvImplicitIm2colTest.fourW4C(
            new int[] {3, 2, 6, 5},
            7,
            Conv2dParams.of(3, 1, 2).withDilation(2, 2),
            Activation.NONE,
            true,
            Optional.of(Layout.INT8_4W4C)));
  }

  /**
   * Float input values for a grid: a third exactly halfway between two codes (the scale is a power
   * of two, so {@code x * (1 / s)} is exact), a third far past the grid's ends, a third anywhere.
   */
  static float[] values(int count, QuantParams q, long seed) {
    Random r = new Random(seed);
    float[] x = new float[count];
    for (int i = 0; i < count; i++) {
      switch (i % 3) {
        case 0 -> x[i] = (r.nextInt(301) - 150 + 0.5f) * q.scale();
        case 1 -> x[i] = (r.nextBoolean() ? 1 : -1) * (200 + r.nextInt(1000)) * q.scale();
        default -> x[i] = (r.nextFloat() * 300 - 150) * q.scale();
      }
    }
    return x;
  }

  /** The codes {@code quantize_nchw} writes: {@code clamp(roundEven(x * (1 / s)) + z)} in float. */
  static int[] codes(float[] x, QuantParams q) {
    float inverse = q.inverseScale();
    int[] codes = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      float scaled = x[i] * inverse;
      codes[i] = Int8Reference.quantize(scaled, q.zeroPoint());
    }
    return codes;
  }

  private static int[] run(Case c, float[] x, Data d, QConvPlan plan) {
    long[] shape = {c.n(), c.ic(), c.h(), c.w()};
    return GraphRunner.runRaw(
        VulkanExtension.device(),
        shape,
        x,
        gc ->
            QConvOps.conv2dQuantizing(
                gc.g(), gc.input(), d.xq(), c.p(), d.w(), d.yq(), c.act(), plan));
  }

  @Test
  void everyFormIsBitExactWithTheQuantizedCodesConvolution() {
    List<KernelPolicy.SplitK> splitForms =
        List.of(KernelPolicy.SplitK.TWO_PASS, KernelPolicy.SplitK.WORKGROUP);
    // The cooperative-matrix GEMM reads the same input words, where the device has it.
    List<KernelPolicy.Coopmat> coopmat =
        QConvImplicitIm2colTest.deviceHasS8Coopmat()
            ? List.of(KernelPolicy.Coopmat.OFF, KernelPolicy.Coopmat.ON)
            : List.of(KernelPolicy.Coopmat.OFF);
    for (Case c : cases()) {
      Data base = QConvOpsTest.data(c);
      // A power-of-two scale makes the halfway values exact.
      QuantParams xq = new QuantParams(1f / 32, base.xq().zeroPoint());
      float[] x = values(c.n() * c.ic() * c.h() * c.w(), xq, c.seed());
      Data d = QConvOpsTest.withInput(c, codes(x, xq), xq, base.w());
      TensorSpec coded = c.input(xq);
      int[] dims = {c.n(), c.oc(), c.p().outH(c.h()), c.p().outW(c.w())};
      long block = QConvKernelSelector.im2colBytesPerBlock(c.p(), coded);
      for (KernelPolicy.Im2col im2col :
          List.of(KernelPolicy.Im2col.SCRATCH, KernelPolicy.Im2col.IMPLICIT)) {
        for (KernelPolicy.SplitK split : splitForms) {
          for (int slices : new int[] {1, 3}) {
            for (QConvGemmTiling tiling : QConvGemmTiling.values()) {
              for (KernelPolicy.Coopmat cm : coopmat) {
                QConvOptions o =
                    QConvOptions.forcing(QConvKernel.IM2COL)
                        .withPolicy(
                            KernelPolicy.DEFAULT
                                .withIm2col(im2col)
                                .withSplitK(split)
                                .withCoopmat(cm))
                        .withGemmSplits(slices)
                        .withGemmTiling(tiling)
                        // Scratch in pieces of 3 blocks where the scratch is kept.
                        .withIm2colBudget(3 * block);
                if (c.outLayout().isPresent()) {
                  o = o.withOutputLayout(c.outLayout().get());
                }
                QConvPlan plan = QConvKernelSelector.select(c.p(), coded, c.oc(), caps(), o);
                assertThat(QConvOps.quantizesItsInput(plan)).as("plan %s", plan).isTrue();
                String label = List.of(plan.shader(), im2col, split, slices, tiling, c).toString();
                int[] words = run(c, x, d, plan);
                Int8Reference.assertWords(
                    label,
                    words,
                    Int8Reference.pack(
                        d.expected(), dims, d.yq().zeroPoint(), plan.outputLayout()));
              }
            }
          }
        }
      }
    }
  }

  @Test
  void onlyThe4w4cIm2colQuantizesItsInput() {
    Case c = cases().get(1);
    Data d = QConvOpsTest.data(c);
    TensorSpec coded = c.input(d.xq());
    QConvPlan general =
        QConvKernelSelector.select(
            c.p(), coded, c.oc(), caps(), QConvOptions.forcing(QConvKernel.GENERAL));
    assertThat(QConvOps.quantizesItsInput(general)).isFalse();
    float[] x = values(c.n() * c.ic() * c.h() * c.w(), d.xq(), 1);
    assertThatThrownBy(() -> run(c, x, d, general))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only the 4W4C im2col GEMM quantizes its input")
        .hasMessageContaining(general.variant().toString());
  }
}
