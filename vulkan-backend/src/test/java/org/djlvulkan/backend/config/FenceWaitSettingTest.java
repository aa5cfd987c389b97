package org.djlvulkan.backend.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code DJL_VULKAN_FENCE_WAIT} takes {@code auto}, {@code block} or {@code spin}. */
class FenceWaitSettingTest {
  @AfterEach
  void clearSetting() {
    System.clearProperty(Settings.FENCE_WAIT.systemProperty());
  }

  @Test
  void theSettingTakesAutoBlockOrSpin() {
    if (System.getenv(Settings.FENCE_WAIT.environmentVariable()) == null) {
      assertThat(FenceWait.fromSettings()).isEqualTo(FenceWait.AUTO);
    }
    System.setProperty(Settings.FENCE_WAIT.systemProperty(), "auto");
    assertThat(FenceWait.fromSettings()).isEqualTo(FenceWait.AUTO);
    System.setProperty(Settings.FENCE_WAIT.systemProperty(), "spin");
    assertThat(FenceWait.fromSettings()).isEqualTo(FenceWait.SPIN);
    System.setProperty(Settings.FENCE_WAIT.systemProperty(), "BLOCK");
    assertThat(FenceWait.fromSettings()).isEqualTo(FenceWait.BLOCK);
    System.setProperty(Settings.FENCE_WAIT.systemProperty(), "busy");
    assertThatThrownBy(FenceWait::fromSettings)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DJL_VULKAN_FENCE_WAIT")
        .hasMessageContaining("'busy'")
        .hasMessageContaining("'spin'");
  }

  @Test
  void autoSpinsOnGpusAndBlocksOnCpuDrivers() {
    assertThat(FenceWait.AUTO.on(true)).isEqualTo(FenceWait.SPIN);
    assertThat(FenceWait.AUTO.on(false)).isEqualTo(FenceWait.BLOCK);
    assertThat(FenceWait.BLOCK.on(true)).isEqualTo(FenceWait.BLOCK);
    assertThat(FenceWait.SPIN.on(false)).isEqualTo(FenceWait.SPIN);
  }
}
