package org.djlvulkan.cli.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Optional;
import org.djlvulkan.cli.CliException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModelLoadingTest {
  @AfterEach
  void clearDevice() {
    System.clearProperty("djl.vulkan.device");
  }

  @Test
  void aMissingEngineIsNamedWithTheEnginesThereAre() {
    assertThatThrownBy(() -> ModelLoading.requireEngine("NoSuchEngine"))
        .isInstanceOf(CliException.class)
        .hasMessageStartingWith(
            "the DJL engine 'NoSuchEngine' is not on the class path; engines found: [")
        .hasMessageContaining("OnnxRuntime");
  }

  @Test
  void theDeepestMessageExplainsAFailure() {
    Exception e = new IOException("outer", new IllegalStateException("inner", new Error("root")));
    assertThat(ModelLoading.rootMessage(e)).isEqualTo("root");
    assertThat(ModelLoading.rootMessage(new IOException("only"))).isEqualTo("only");
  }

  @Test
  void theDeviceOptionReachesTheEngineSettingWhileTheCommandRuns() {
    System.setProperty("djl.vulkan.device", "1");
    try (DeviceRequest r = DeviceRequest.apply(Optional.of("llvmpipe"))) {
      assertThat(System.getProperty("djl.vulkan.device")).isEqualTo("llvmpipe");
    }
    assertThat(System.getProperty("djl.vulkan.device")).isEqualTo("1");
    System.clearProperty("djl.vulkan.device");
    try (DeviceRequest r = DeviceRequest.apply(Optional.of("0"))) {
      assertThat(System.getProperty("djl.vulkan.device")).isEqualTo("0");
    }
    assertThat(System.getProperty("djl.vulkan.device")).isNull();
    try (DeviceRequest r = DeviceRequest.apply(Optional.empty())) {
      assertThat(System.getProperty("djl.vulkan.device")).isNull();
    }
  }
}
