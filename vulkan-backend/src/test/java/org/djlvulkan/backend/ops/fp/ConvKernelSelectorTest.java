package org.djlvulkan.backend.ops.fp;

import static org.assertj.core.api.Assertions.assertThat;

import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.testing.CapabilityEdits;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.djlvulkan.backend.vk.DeviceCapabilities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The selector picks what DESIGN.md's table says for representative shapes. */
@ExtendWith(VulkanExtension.class)
class ConvKernelSelectorTest {

  private static DeviceCapabilities caps() {
    return VulkanExtension.device().capabilities();
  }

  private static ConvPlan plan(
      int n, int ic, int hw, int oc, Conv2dParams p, DeviceCapabilities caps) {
    return ConvKernelSelector.select(
        p, TensorSpec.of(DType.F32, Layout.NC4HW4, n, ic, hw, hw), oc, caps, ConvOptions.DEFAULT);
  }

  private static ConvPlan plan(int ic, int hw, int oc, Conv2dParams p) {
    return plan(1, ic, hw, oc, p, caps());
  }

  private static ConvVariant grouped3x3(int ic, int hw, int oc, int groups) {
    return plan(ic, hw, oc, Conv2dParams.of(3, 1, 1).withGroups(groups)).variant();
  }

  @Test
  void depthwiseComesFirst() {
    assertThat(plan(32, 112, 32, Conv2dParams.of(3, 1, 1).withGroups(32)).variant())
        .isEqualTo(ConvVariant.DEPTHWISE_3X3);
    assertThat(plan(96, 56, 96, Conv2dParams.of(3, 2, 1).withGroups(96)).variant())
        .isEqualTo(ConvVariant.DEPTHWISE_3X3);
    assertThat(plan(16, 14, 32, Conv2dParams.of(5, 1, 2).withGroups(16)).variant())
        .isEqualTo(ConvVariant.DEPTHWISE);
    // groups == IC == 1 is depthwise too (multiplier = OC).
    assertThat(plan(1, 28, 8, Conv2dParams.of(3, 1, 1)).kernel()).isEqualTo(ConvKernel.DEPTHWISE);
  }

  @Test
  void pointwiseForOneByOneStrideOneNoPadding() {
    for (int[] s : new int[][] {{64, 56, 256}, {256, 56, 64}, {2048, 7, 512}, {3, 9, 5}}) {
      ConvPlan plan = plan(s[0], s[1], s[2], Conv2dParams.of(1, 1, 0));
      assertThat(plan.kernel()).isEqualTo(ConvKernel.POINTWISE);
      assertThat(plan.variant()).isEqualTo(ConvVariant.POINTWISE_GEMM);
      assertThat(plan.inputLayout()).isEqualTo(Layout.NC4HW4);
      assertThat(plan.outputLayout()).isEqualTo(Layout.NC4HW4);
    }
    // Dilation does not matter for a 1x1 kernel.
    assertThat(plan(8, 9, 8, Conv2dParams.of(1, 1, 0).withDilation(2, 2)).kernel())
        .isEqualTo(ConvKernel.POINTWISE);
  }

  @Test
  void gpusTakeIm2colFromSixtyFourOutputChannels() {
    var caps = caps();
    Conv2dParams k3 = Conv2dParams.of(3, 1, 1);
    TensorSpec in = TensorSpec.of(DType.F32, Layout.NC4HW4, 1, 64, 56, 56);
    ConvOptions gpu = ConvOptions.forDevice(true);
    assertThat(ConvOptions.forDevice(false)).isEqualTo(ConvOptions.DEFAULT);
    assertThat(ConvKernelSelector.select(k3, in, 64, caps, gpu).kernel())
        .isEqualTo(ConvKernel.IM2COL);
    assertThat(ConvKernelSelector.select(k3, in, 63, caps, gpu).kernel())
        .isEqualTo(ConvKernel.DIRECT);
    assertThat(ConvKernelSelector.select(k3, in, 128, caps, ConvOptions.DEFAULT).kernel())
        .isEqualTo(ConvKernel.DIRECT);
  }

  @Test
  void groupsOneUsesIm2colFromTheOutputChannelThresholdElseDirect() {
    int min = ConvKernelSelector.IM2COL_MIN_OUT_CHANNELS;
    // IC % 4 == 0 and IC % 4 != 0 rows of the table.
    assertThat(plan(256, 14, 256, Conv2dParams.of(3, 1, 1)).kernel()).isEqualTo(ConvKernel.IM2COL);
    // IC % 4 != 0 with several taps: im2col packs K densely (the stem), whatever OC is.
    assertThat(plan(3, 224, 64, Conv2dParams.of(7, 2, 3)).kernel()).isEqualTo(ConvKernel.IM2COL);
    assertThat(plan(5, 9, 4, Conv2dParams.of(3, 1, 1)).kernel()).isEqualTo(ConvKernel.IM2COL);
    assertThat(plan(3, 9, 4, Conv2dParams.of(1, 2, 0)).kernel()).isEqualTo(ConvKernel.DIRECT);
    assertThat(plan(8, 9, 4, Conv2dParams.of(3, 1, 1)).kernel()).isEqualTo(ConvKernel.DIRECT);
    assertThat(plan(3, 32, min, Conv2dParams.of(3, 1, 1)).kernel()).isEqualTo(ConvKernel.IM2COL);
    assertThat(plan(64, 56, min - 1, Conv2dParams.of(3, 1, 1)).kernel())
        .isEqualTo(ConvKernel.DIRECT);
    // Measured on an H200: at 128 output channels the direct kernel wins (ResNet50 stage 2).
    assertThat(plan(128, 28, 128, Conv2dParams.of(3, 1, 1)).kernel()).isEqualTo(ConvKernel.DIRECT);
    // 1x1 with stride 2 or padding is not pointwise.
    assertThat(plan(1024, 14, 2048, Conv2dParams.of(1, 2, 0)).kernel())
        .isEqualTo(ConvKernel.IM2COL);
    assertThat(plan(16, 14, 16, Conv2dParams.of(1, 1, 1)).kernel()).isEqualTo(ConvKernel.DIRECT);
    ConvPlan direct = plan(64, 56, 64, Conv2dParams.of(3, 1, 1));
    assertThat(direct.variant()).isEqualTo(ConvVariant.DIRECT_BLOCKED);
    assertThat(direct.im2colChunks()).isZero();
  }

  @Test
  void im2colScratchRespectsBudgetAndStorageRange() {
    Conv2dParams p = Conv2dParams.of(3, 1, 1);
    // 256 channels x 9 taps x 224 columns x 4 bytes = 2 MiB a row: split under the 64 MiB budget.
    ConvPlan big = plan(1, 256, 224, 256, p, caps());
    assertThat(big.kernel()).isEqualTo(ConvKernel.IM2COL);
    long perRow = 256L * 9 * 224 * 4;
    long limit = Math.min(ConvOptions.DEFAULT_IM2COL_BUDGET, caps().maxStorageBufferRange());
    assertThat(big.im2colRowsPerChunk()).isEqualTo((int) (limit / perRow)).isLessThan(224);
    assertThat(big.im2colChunks()).isGreaterThan(1);
    assertThat(big.im2colScratchBytes()).isLessThanOrEqualTo(limit);
    // A device whose storage range cannot hold one row of scratch falls back to direct.
    DeviceCapabilities tiny = CapabilityEdits.withMaxStorageBufferRange(caps(), perRow - 16);
    assertThat(plan(1, 256, 224, 256, p, tiny).kernel()).isEqualTo(ConvKernel.DIRECT);
    assertThat(
            ConvKernelSelector.RULES.whyNot(
                ConvKernel.IM2COL,
                p,
                TensorSpec.of(DType.F32, Layout.NC4HW4, 1, 256, 224, 224),
                256,
                tiny))
        .hasValueSatisfying(s -> assertThat(s).contains("maxStorageBufferRange"));
  }

  @Test
  void otherGroupsUseDirect() {
    // 3x3 convolutions in 32 groups of 2 and of 8 channels, and in 2 groups of 3 channels.
    assertThat(grouped3x3(64, 28, 64, 32)).isEqualTo(ConvVariant.DIRECT_GATHER);
    assertThat(grouped3x3(256, 28, 256, 32)).isEqualTo(ConvVariant.DIRECT_BLOCKED);
    assertThat(grouped3x3(6, 9, 10, 2)).isEqualTo(ConvVariant.DIRECT_GATHER);
    assertThat(plan(8, 9, 8, Conv2dParams.of(1, 1, 0).withGroups(2)).kernel())
        .isEqualTo(ConvKernel.DIRECT);
  }

  @Test
  void candidatesListEveryKernelThatCanRun() {
    TensorSpec in = TensorSpec.of(DType.F32, Layout.NC4HW4, 1, 64, 56, 56);
    assertThat(ConvKernelSelector.RULES.candidates(Conv2dParams.of(1, 1, 0), in, 256, caps()))
        .containsExactly(ConvKernel.POINTWISE, ConvKernel.IM2COL, ConvKernel.DIRECT);
    assertThat(ConvKernelSelector.RULES.candidates(Conv2dParams.of(3, 1, 1), in, 64, caps()))
        .containsExactly(ConvKernel.IM2COL, ConvKernel.DIRECT);
    assertThat(
            ConvKernelSelector.RULES.candidates(
                Conv2dParams.of(3, 1, 1).withGroups(64), in, 64, caps()))
        .containsExactly(ConvKernel.DEPTHWISE, ConvKernel.DIRECT);
  }
}
