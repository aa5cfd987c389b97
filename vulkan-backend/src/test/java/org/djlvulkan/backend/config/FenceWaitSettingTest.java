package org.djlvulkan.backend.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code DJL_VULKAN_FENCE_WAIT} takes {@code block} or {@code spin}. */
class FenceWaitSettingTest {
  @AfterEach
  void clearSetting() {
    System.clearProperty(Settings.FENCE_WAIT.systemProperty());
  }

  @Test
  void theSettingTakesBlockOrSpin() {
    if (System.getenv(Settings.FENCE_WAIT.environmentVariable()) == null) {
      assertThat(FenceWait.fromSettings()).isEqualTo(FenceWait.BLOCK);
    }
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
}
