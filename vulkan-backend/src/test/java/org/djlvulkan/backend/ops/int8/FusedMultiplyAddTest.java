package org.djlvulkan.backend.ops.int8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.djlvulkan.backend.config.KernelPolicy;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.testing.TestDevice;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.djlvulkan.shaders.KernelFeature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The probe of whether the device's {@code fma()} rounds once, and the add's forced forms. */
@ExtendWith(VulkanExtension.class)
class FusedMultiplyAddTest {
  @Test
  void theTriplesTellOneRoundingFromTwo() {
    for (float[] t : FusedMultiplyAdd.TRIPLES) {
      assertThat(Math.fma(t[0], t[1], t[2])).isNotEqualTo(t[0] * t[1] + t[2]);
    }
  }

  @Test
  void theDeviceRoundsEveryTripleOnceOrEveryTripleTwice() {
    VulkanDevice device = VulkanExtension.device();
    float[] results = FusedMultiplyAdd.run(device, FusedMultiplyAdd.TRIPLES);
    int once = 0;
    int twice = 0;
    for (int i = 0; i < results.length; i++) {
      float[] t = FusedMultiplyAdd.TRIPLES[i];
      float fused = Math.fma(t[0], t[1], t[2]);
      float separate = t[0] * t[1] + t[2];
      assertThat(results[i]).as("triple %d", i).isIn(fused, separate);
      if (results[i] == fused) {
        once++;
      } else {
        twice++;
      }
    }
    assertThat(once == 0 || twice == 0).as("%d rounded once, %d twice", once, twice).isTrue();
    assertThat(FusedMultiplyAdd.roundsOnce(device)).isEqualTo(twice == 0);
    System.out.println(device.info().name() + ": fma() rounds " + (twice == 0 ? "once" : "twice"));
  }

  @Test
  void anAddForcedOntoFmaNamesTheDeviceWhereFmaRoundsTwice() {
    VulkanDevice device = VulkanExtension.device();
    KernelPolicy fma = KernelPolicy.DEFAULT.withInt8Add(KernelPolicy.Int8Add.FMA);
    try (VulkanDevice forced = VulkanDevice.open(TestDevice.options().withKernelPolicy(fma))) {
      GraphBuilder g = new GraphBuilder(forced);
      if (FusedMultiplyAdd.roundsOnce(device)) {
        assertThat(AddRounding.of(g)).isEqualTo(AddRounding.FMA);
      } else {
        assertThatThrownBy(() -> AddRounding.of(g))
            .isInstanceOf(UnsupportedOperationException.class)
            .hasMessageContaining("fma()")
            .hasMessageContaining(device.info().name());
      }
    }
  }

  @Test
  void autoRoundsByFmaWhereItRoundsOnceElseInDoubleWhereTheDeviceHasIt() {
    VulkanDevice device = VulkanExtension.device();
    GraphBuilder g = new GraphBuilder(device);
    boolean fp64 = device.capabilities().supports(KernelFeature.SHADER_FLOAT64);
    AddRounding expected =
        FusedMultiplyAdd.roundsOnce(device)
            ? AddRounding.FMA
            : fp64 ? AddRounding.FP64 : AddRounding.SEPARATE;
    assertThat(AddRounding.of(g)).isEqualTo(expected);
  }

  @Test
  void autoPrefersFmaThenDoublePrecision() {
    assertThat(AddRounding.choose(KernelPolicy.Int8Add.AUTO, true, () -> true, "d"))
        .isEqualTo(AddRounding.FMA);
    assertThat(AddRounding.choose(KernelPolicy.Int8Add.AUTO, true, () -> false, "d"))
        .isEqualTo(AddRounding.FP64);
    assertThat(AddRounding.choose(KernelPolicy.Int8Add.AUTO, false, () -> true, "d"))
        .isEqualTo(AddRounding.FMA);
    assertThat(AddRounding.choose(KernelPolicy.Int8Add.AUTO, false, () -> false, "d"))
        .isEqualTo(AddRounding.SEPARATE);
    assertThat(AddRounding.choose(KernelPolicy.Int8Add.FMA, false, () -> true, "d"))
        .isEqualTo(AddRounding.FMA);
  }

  @Test
  void aForcedRoundingTheDeviceCannotRunNamesTheDeviceAndTheFeature() {
    assertThatThrownBy(
            () -> AddRounding.choose(KernelPolicy.Int8Add.FP64, false, () -> true, "Mali-G78"))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("Mali-G78")
        .hasMessageContaining("shaderFloat64");
    assertThatThrownBy(
            () -> AddRounding.choose(KernelPolicy.Int8Add.FMA, true, () -> false, "llvmpipe"))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("llvmpipe")
        .hasMessageContaining("fma()");
  }
}
