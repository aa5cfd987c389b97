package org.djlvulkan.backend.ops.int8;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.djlvulkan.backend.config.KernelPolicy;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.ops.int8.QConvOpsTest.Case;
import org.djlvulkan.backend.ops.int8.QConvOpsTest.Data;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.djlvulkan.backend.vk.DeviceCapabilities;
import org.djlvulkan.shaders.KernelFeature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The q8ta im2col convolution run as an implicit GEMM (the GEMM computes its 4W4C input's im2col
 * words itself, q8_gemm_io.glslh): bit-exact against the Java integer reference on every GEMM
 * tiling, split K in both forms, both output layouts, strides, dilations, asymmetric padding
 * (padding reads the zero point), batches, and position counts that end inside a block and inside
 * an input row; the cooperative-matrix GEMM where the device has it.
 */
@ExtendWith(VulkanExtension.class)
class QConvImplicitIm2colTest {
  private static final KernelPolicy IMPLICIT =
      KernelPolicy.DEFAULT.withIm2col(KernelPolicy.Im2col.IMPLICIT);

  private static DeviceCapabilities caps() {
    return VulkanExtension.device().capabilities();
  }

  static boolean deviceHasS8Coopmat() {
    return caps().supports(KernelFeature.COOPERATIVE_MATRIX_S8)
        && caps().supports(KernelFeature.SHADER_INT8)
        && caps().subgroupSize() == QConvKernelSelector.COOPMAT_SUBGROUP;
  }

  /** A case with a 4W4C input of {@code nchw}. */
  static Case fourW4C(
      int[] nchw,
      int oc,
      Conv2dParams p,
      Activation act,
      boolean bias,
      Optional<Layout> outLayout) {
    return new Case(
        nchw[0], nchw[1], nchw[2], nchw[3], oc, p, act, bias, Layout.INT8_4W4C, outLayout);
  }

  /** 4W4C inputs with input channels a multiple of 4, where the selector can pick IM2COL_4W4C. */
  static List<Case> cases() {
    return List.of(
        // Stride 1: four pixels of a row are consecutive W positions (one input ivec4, or the
        // tail and head of two); 9 x 11 rows end inside blocks, two images.
        fourW4C(
            new int[] {2, 8, 9, 11},
            20,
            Conv2dParams.of(3, 1, 1),
            Activation.RELU,
            true,
            Optional.empty()),
        // Stride 2 into 4C1W: lanes gathered one by one.
        fourW4C(
            new int[] {1, 12, 10, 7},
            6,
            Conv2dParams.of(3, 2, 1),
            Activation.clamp(-1f, 2f),
            false,
            Optional.of(Layout.INT8_4C1W)),
        // Dilation 2 with padding 2, three images of 6 x 5.
        fourW4C(
            new int[] {3, 4, 6, 5},
            9,
            Conv2dParams.of(3, 1, 2).withDilation(2, 2),
            Activation.NONE,
            true,
            Optional.of(Layout.INT8_4W4C)),
        // Rows 8 wide (a multiple of 4): the GEMM stores whole blocks of four pixels.
        fourW4C(
            new int[] {2, 8, 5, 8},
            12,
            Conv2dParams.of(3, 1, 1),
            Activation.NONE,
            true,
            Optional.empty()),
        // A 2 x 3 kernel, strides (2, 1), dilations (1, 2), pads top 0 left 2 bottom 1 right 0.
        fourW4C(
            new int[] {1, 16, 5, 5},
            33,
            new Conv2dParams(2, 3, 2, 1, 1, 2, 0, 2, 1, 0, 1),
            Activation.RELU,
            true,
            Optional.empty()));
  }

  private static QConvOptions options(Case c, KernelPolicy policy) {
    QConvOptions o = QConvOptions.forcing(QConvKernel.IM2COL).withPolicy(policy);
    return c.outLayout().isPresent() ? o.withOutputLayout(c.outLayout().get()) : o;
  }

  @Test
  void implicitGemmsAreBitExactOnEveryTilingSplitAndLayout() {
    List<KernelPolicy.Coopmat> coopmat = new ArrayList<>(List.of(KernelPolicy.Coopmat.OFF));
    if (deviceHasS8Coopmat()) {
      coopmat.add(KernelPolicy.Coopmat.ON);
    }
    // One pass, and 3 slices added by a reduce pass, by each tile's last workgroup or in the
    // workgroup.
    List<Object[]> splits =
        List.of(
            new Object[] {1, KernelPolicy.SplitK.TWO_PASS},
            new Object[] {3, KernelPolicy.SplitK.TWO_PASS},
            new Object[] {3, KernelPolicy.SplitK.ONE_PASS},
            new Object[] {3, KernelPolicy.SplitK.WORKGROUP});
    for (Case c : cases()) {
      Data d = QConvOpsTest.data(c);
      Data intBias = QConvOpsTest.intBiasData(c);
      TensorSpec in = c.input(d.xq());
      for (KernelPolicy.Coopmat cm : coopmat) {
        for (Object[] split : splits) {
          int slices = (Integer) split[0];
          KernelPolicy policy = IMPLICIT.withCoopmat(cm).withSplitK((KernelPolicy.SplitK) split[1]);
          for (QConvGemmTiling tiling : QConvGemmTiling.values()) {
            QConvOptions o = options(c, policy).withGemmSplits(slices).withGemmTiling(tiling);
            QConvPlan plan = QConvKernelSelector.select(c.p(), in, c.oc(), caps(), o);
            assertThat(plan.variant()).isEqualTo(QConvVariant.IM2COL_4W4C);
            assertThat(plan.implicitIm2col()).as("implicit plan for %s", c).isTrue();
            assertThat(plan.im2colScratchBytes()).isZero();
            assertThat(plan.im2colChunks()).isEqualTo(1);
            String label =
                plan.shader() + " " + tiling + " " + split[1] + " " + slices + " slices, " + c;
            for (Int8DotPath dot : QConvOpsTest.dotPaths()) {
              // Two runs of one context: the one-pass form's tile counters start at zero.
              QConvOpsTest.assertExact(
                  label + " " + dot, QConvOpsTest.run(c, d, o.withDotPath(dot), 2), d);
            }
            if (slices == 1) {
              QConvOpsTest.assertExact(
                  label + ", int32 bias", QConvOpsTest.run(c, intBias, o, 1), intBias);
            }
          }
        }
      }
    }
  }

  @Test
  void autoComputesTheInputOnGpusWhereTheScratchWouldBeSplit() {
    Case c = cases().get(0);
    TensorSpec in = c.input(QConvOpsTest.data(c).xq());
    long block = QConvKernelSelector.im2colBytesPerBlock(c.p(), in);
    QConvOptions auto = options(c, KernelPolicy.DEFAULT);
    QConvPlan whole =
        QConvKernelSelector.select(c.p(), in, c.oc(), caps(), auto.withIm2colBudget(1L << 30));
    assertThat(whole.implicitIm2col()).as("one scratch holds it").isFalse();
    QConvPlan split =
        QConvKernelSelector.select(c.p(), in, c.oc(), caps(), auto.withIm2colBudget(2 * block));
    boolean gpu = caps().subgroupSize() >= QConvKernelSelector.WIDE_SUBGROUP;
    assertThat(split.implicitIm2col())
        .as("a scratch of 2 blocks splits it; subgroup %s", caps().subgroupSize())
        .isEqualTo(gpu);
    if (gpu) {
      assertThat(split.im2colChunks()).as("one implicit GEMM").isEqualTo(1);
    } else {
      assertThat(split.im2colChunks()).as("scratch chunks").isGreaterThan(1);
    }
  }

  @Test
  void theScratchStaysWhereThePolicyOrTheLayoutAsks() {
    Case c = cases().get(0);
    TensorSpec in = c.input(QConvOpsTest.data(c).xq());
    for (KernelPolicy.Im2col choice :
        List.of(KernelPolicy.Im2col.AUTO, KernelPolicy.Im2col.SCRATCH)) {
      QConvPlan plan =
          QConvKernelSelector.select(
              c.p(), in, c.oc(), caps(), options(c, KernelPolicy.DEFAULT.withIm2col(choice)));
      assertThat(plan.implicitIm2col()).as("%s keeps the scratch", choice).isFalse();
      assertThat(plan.im2colScratchBytes()).isPositive();
    }
    // A 4C1W input takes the generic im2col, which has no implicit form.
    TensorSpec rows = TensorSpec.quantized(Layout.INT8_4C1W, in.quant().orElseThrow(), 2, 8, 9, 11);
    QConvPlan generic =
        QConvKernelSelector.select(c.p(), rows, c.oc(), caps(), options(c, IMPLICIT));
    assertThat(generic.variant()).isEqualTo(QConvVariant.IM2COL_GENERIC);
    assertThat(generic.implicitIm2col()).isFalse();
  }
}
