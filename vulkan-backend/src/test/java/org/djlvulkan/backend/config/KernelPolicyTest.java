package org.djlvulkan.backend.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.djlvulkan.backend.vk.DeviceOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The settings become a kernel policy once, when device options are read. */
class KernelPolicyTest {
  @AfterEach
  void clearSettings() {
    System.clearProperty(Settings.INT8_DOT.systemProperty());
    System.clearProperty(Settings.COOPMAT.systemProperty());
    System.clearProperty(Settings.FP32_GEMM.systemProperty());
    System.clearProperty(Settings.SPLIT_K.systemProperty());
    System.clearProperty(Settings.IM2COL.systemProperty());
    System.clearProperty(Settings.STEM.systemProperty());
    System.clearProperty(Settings.INT8_ADD.systemProperty());
  }

  @Test
  void theInt8AddSettingPicksHowTheAddRounds() {
    assertThat(KernelPolicy.fromSettings().int8Add()).isEqualTo(KernelPolicy.Int8Add.AUTO);
    System.setProperty(Settings.INT8_ADD.systemProperty(), "FMA");
    assertThat(KernelPolicy.fromSettings())
        .isEqualTo(KernelPolicy.DEFAULT.withInt8Add(KernelPolicy.Int8Add.FMA));
    System.setProperty(Settings.INT8_ADD.systemProperty(), "fused");
    assertThatThrownBy(KernelPolicy::fromSettings)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DJL_VULKAN_INT8_ADD")
        .hasMessageContaining("'fused'");
  }

  @Test
  void theStemSettingPicksHowAStemRuns() {
    assertThat(KernelPolicy.fromSettings().stem()).isEqualTo(KernelPolicy.Stem.AUTO);
    System.setProperty(Settings.STEM.systemProperty(), "Space-To-Depth");
    assertThat(KernelPolicy.fromSettings())
        .isEqualTo(KernelPolicy.DEFAULT.withStem(KernelPolicy.Stem.SPACE_TO_DEPTH));
    System.setProperty(Settings.STEM.systemProperty(), "strided");
    assertThat(KernelPolicy.fromSettings().stem()).isEqualTo(KernelPolicy.Stem.STRIDED);
    System.setProperty(Settings.STEM.systemProperty(), "s2d");
    assertThatThrownBy(KernelPolicy::fromSettings)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DJL_VULKAN_STEM")
        .hasMessageContaining("'s2d'");
  }

  @Test
  void theIm2colSettingPicksHowTheGemmReadsItsInput() {
    assertThat(KernelPolicy.fromSettings().im2col()).isEqualTo(KernelPolicy.Im2col.AUTO);
    System.setProperty(Settings.IM2COL.systemProperty(), "Implicit");
    assertThat(KernelPolicy.fromSettings())
        .isEqualTo(KernelPolicy.DEFAULT.withIm2col(KernelPolicy.Im2col.IMPLICIT));
    System.setProperty(Settings.IM2COL.systemProperty(), "direct");
    assertThatThrownBy(KernelPolicy::fromSettings)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DJL_VULKAN_IM2COL")
        .hasMessageContaining("'direct'");
  }

  @Test
  void theSplitKSettingPicksTheForm() {
    assertThat(KernelPolicy.fromSettings().splitK()).isEqualTo(KernelPolicy.SplitK.AUTO);
    System.setProperty(Settings.SPLIT_K.systemProperty(), "One-Pass");
    assertThat(KernelPolicy.fromSettings())
        .isEqualTo(KernelPolicy.DEFAULT.withSplitK(KernelPolicy.SplitK.ONE_PASS));
    System.setProperty(Settings.SPLIT_K.systemProperty(), "fused");
    assertThatThrownBy(KernelPolicy::fromSettings)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DJL_VULKAN_SPLIT_K")
        .hasMessageContaining("'fused'");
  }

  @Test
  void withoutSettingsThePolicyIsTheDefault() {
    assertThat(KernelPolicy.fromSettings()).isEqualTo(KernelPolicy.DEFAULT);
    assertThat(DeviceOptions.fromSettings().kernelPolicy()).isEqualTo(KernelPolicy.DEFAULT);
  }

  @Test
  void theSettingsAreReadCaseInsensitively() {
    System.setProperty(Settings.INT8_DOT.systemProperty(), "OFF");
    System.setProperty(Settings.COOPMAT.systemProperty(), "on");
    assertThat(DeviceOptions.fromSettings().kernelPolicy())
        .isEqualTo(new KernelPolicy(false, KernelPolicy.Coopmat.ON, KernelPolicy.FloatGemm.AUTO));
    System.setProperty(Settings.INT8_DOT.systemProperty(), "auto");
    System.setProperty(Settings.COOPMAT.systemProperty(), "Off");
    assertThat(KernelPolicy.fromSettings())
        .isEqualTo(new KernelPolicy(true, KernelPolicy.Coopmat.OFF, KernelPolicy.FloatGemm.AUTO));
  }

  @Test
  void aValueOutsideTheSetNamesTheSettingAndTheValue() {
    System.setProperty(Settings.INT8_DOT.systemProperty(), "fast");
    assertThatThrownBy(KernelPolicy::fromSettings)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DJL_VULKAN_INT8_DOT")
        .hasMessageContaining("'fast'");
    System.clearProperty(Settings.INT8_DOT.systemProperty());
    System.setProperty(Settings.COOPMAT.systemProperty(), "always");
    assertThatThrownBy(KernelPolicy::fromSettings)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DJL_VULKAN_COOPMAT")
        .hasMessageContaining("'always'");
    System.clearProperty(Settings.COOPMAT.systemProperty());
    System.setProperty(Settings.FP32_GEMM.systemProperty(), "tiled");
    assertThatThrownBy(KernelPolicy::fromSettings)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DJL_VULKAN_FP32_GEMM")
        .hasMessageContaining("'tiled'");
  }

  @Test
  void theFp32GemmSettingPicksTheKernel() {
    System.setProperty(Settings.FP32_GEMM.systemProperty(), "Shared");
    assertThat(KernelPolicy.fromSettings().floatGemm())
        .isEqualTo(KernelPolicy.FloatGemm.SHARED_TILES);
    System.setProperty(Settings.FP32_GEMM.systemProperty(), "register");
    assertThat(KernelPolicy.fromSettings().floatGemm())
        .isEqualTo(KernelPolicy.FloatGemm.REGISTER_TILES);
  }
}
