package org.djlvulkan.backend.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.djlvulkan.backend.config.KernelPolicy;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ir.Attributes;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.ops.fp.ConvKernelSelector;
import org.djlvulkan.backend.ops.fp.ConvOptions;
import org.djlvulkan.backend.ops.fp.GemmDevice;
import org.djlvulkan.backend.ops.int8.QConvKernelSelector;
import org.djlvulkan.backend.ops.int8.QConvOptions;
import org.djlvulkan.backend.ops.int8.QConvPlan;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.QuantParams;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.djlvulkan.backend.vk.DeviceCapabilities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The planner gives the selectors' plans under the device facts and policy it was given, makes each
 * once per node and input spec, and predicts a q8ta convolution's input layout as its plan reads
 * it.
 */
@ExtendWith(VulkanExtension.class)
class KernelPlannerTest {
  private static final QuantParams Q = new QuantParams(0.05f, 3);
  private static final Conv2dParams K3 = Conv2dParams.of(3, 1, 1);

  private static DeviceCapabilities caps() {
    return VulkanExtension.device().capabilities();
  }

  private static IrNode node(String output) {
    return new IrNode(
        "conv_" + output,
        Op.CONV,
        "Conv",
        List.of("x", "w"),
        List.of(output),
        Attributes.NONE,
        Activation.NONE);
  }

  private static TensorSpec floats(int n, int c, int hw) {
    return TensorSpec.of(DType.F32, Layout.NC4HW4, n, c, hw, hw);
  }

  private static TensorSpec int8(int n, int c, int hw) {
    return TensorSpec.quantized(Layout.INT8_4W4C, Q, n, c, hw, hw);
  }

  @Test
  void floatPlansAreTheSelectorsUnderTheDeviceOptions() {
    for (boolean gpu : new boolean[] {false, true}) {
      KernelPlanner planner = new KernelPlanner(caps(), KernelPolicy.DEFAULT, gpu);
      GemmDevice device = new GemmDevice(caps(), KernelPolicy.DEFAULT, gpu);
      for (int oc : new int[] {16, 64, 256}) {
        TensorSpec in = floats(1, 32, 28);
        assertThat(planner.conv(node("y" + oc), K3, in, oc))
            .isEqualTo(ConvKernelSelector.select(K3, in, oc, device, ConvOptions.forDevice(gpu)));
      }
    }
  }

  @Test
  void int8PlansFollowThePolicyAndTheDeviceType() {
    // 7x7 output, K' = 4608: few output tiles and a long reduction, so a GPU splits K.
    Conv2dParams p = Conv2dParams.of(3, 1, 1);
    TensorSpec in = int8(1, 512, 7);
    KernelPlanner cpu = new KernelPlanner(caps(), KernelPolicy.DEFAULT, false);
    KernelPlanner gpu = new KernelPlanner(caps(), KernelPolicy.DEFAULT, true);
    KernelPlanner implicit =
        new KernelPlanner(
            caps(), KernelPolicy.DEFAULT.withIm2col(KernelPolicy.Im2col.IMPLICIT), false);
    QConvPlan onCpu = cpu.qconv(node("y"), p, in, 512, Layout.INT8_4W4C);
    assertThat(onCpu.gemmSplits()).isEqualTo(1);
    assertThat(gpu.qconv(node("y"), p, in, 512, Layout.INT8_4W4C).gemmSplits()).isGreaterThan(1);
    assertThat(onCpu.implicitIm2col()).isFalse();
    assertThat(implicit.qconv(node("y"), p, in, 512, Layout.INT8_4W4C).implicitIm2col()).isTrue();
    assertThat(onCpu)
        .isEqualTo(
            QConvKernelSelector.select(
                p,
                in,
                512,
                caps(),
                QConvOptions.DEFAULT
                    .withOutputLayout(Layout.INT8_4W4C)
                    .forDevice(KernelPolicy.DEFAULT, false)));
    assertThat(cpu.qconv(node("z"), p, in, 512, Layout.INT8_4C1W).outputLayout())
        .isEqualTo(Layout.INT8_4C1W);
  }

  @Test
  void aPlanIsMadeOncePerNodeAndInputSpec() {
    KernelPlanner planner = new KernelPlanner(caps(), KernelPolicy.DEFAULT, false);
    IrNode a = node("a");
    Object first = planner.conv(a, K3, floats(1, 16, 14), 32);
    assertThat(planner.conv(a, K3, floats(1, 16, 14), 32)).isSameAs(first);
    assertThat(planner.plans()).hasSize(1);
    planner.conv(a, K3, floats(2, 16, 14), 32);
    planner.qconv(node("b"), K3, int8(1, 16, 14), 32, Layout.INT8_4W4C);
    assertThat(planner.plans())
        .extracting(NodePlan::value, x -> x.input().n())
        .containsExactly(tuple("a", 1), tuple("a", 2), tuple("b", 1));
  }

  @Test
  void theInputLayoutPredictionIsWhatThePlanReads() {
    KernelPlanner planner = new KernelPlanner(caps(), KernelPolicy.DEFAULT, false);
    Conv2dParams[] shapes = {
      Conv2dParams.of(1, 1, 0),
      K3,
      Conv2dParams.of(3, 1, 1).withGroups(16),
      Conv2dParams.of(7, 2, 3)
    };
    for (Conv2dParams p : shapes) {
      TensorSpec in = int8(1, 16, 14);
      assertThat(planner.qconvInputLayout(p, in, 16))
          .contains(planner.qconv(node("y" + p), p, in, 16, Layout.INT8_4W4C).inputLayout());
    }
    // A window larger than the padded input: no kernel runs it, nothing is predicted.
    assertThat(planner.qconvInputLayout(Conv2dParams.of(7, 1, 0), int8(1, 16, 3), 16)).isEmpty();
    assertThatThrownBy(
            () ->
                planner.qconv(
                    node("bad"), Conv2dParams.of(7, 1, 0), int8(1, 16, 3), 16, Layout.INT8_4W4C))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keepsAtMostItsCapacityDroppingTheLeastRecentlyUsed() {
    KernelPlanner planner = new KernelPlanner(caps(), KernelPolicy.DEFAULT, false, 2);
    planner.conv(node("a"), K3, floats(1, 16, 14), 32);
    planner.conv(node("b"), K3, floats(1, 16, 14), 32);
    planner.conv(node("a"), K3, floats(1, 16, 14), 32); // a used again: b is now the eldest
    planner.conv(node("c"), K3, floats(1, 16, 14), 32);
    assertThat(planner.plans()).extracting(NodePlan::value).containsExactly("a", "c");
    assertThatThrownBy(() -> new KernelPlanner(caps(), KernelPolicy.DEFAULT, false, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
