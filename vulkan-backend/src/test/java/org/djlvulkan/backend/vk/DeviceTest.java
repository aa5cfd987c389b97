package org.djlvulkan.backend.vk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.djlvulkan.backend.config.FenceWait;
import org.djlvulkan.backend.config.Settings;
import org.djlvulkan.backend.kernel.ComputePipeline;
import org.djlvulkan.backend.kernel.PipelineBuilder;
import org.djlvulkan.backend.kernel.PipelineKey;
import org.djlvulkan.backend.testing.TestDevice;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.djlvulkan.backend.vk.errors.MissingFeatureException;
import org.djlvulkan.backend.vk.errors.VulkanUnavailableException;
import org.djlvulkan.shaders.KernelFeature;
import org.djlvulkan.shaders.KernelId;
import org.djlvulkan.shaders.KernelIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VulkanExtension.class)
class DeviceTest {

  @Test
  void theSelectedDeviceReportsSaneLimits() {
    DeviceInfo info = VulkanExtension.device().info();
    DeviceCapabilities caps = info.capabilities();
    assertThat(info.name()).isNotBlank();
    assertThat(info.apiVersionString()).matches("1\\.[2-9]\\.\\d+");
    assertThat(caps.subgroupSize()).isPositive();
    assertThat(caps.maxStorageBufferRange()).isGreaterThanOrEqualTo(1 << 27);
    assertThat(caps.maxWorkgroupCount()[0]).isGreaterThanOrEqualTo(65535);
    assertThat(info.describe()).startsWith(info.index() + ": " + info.name());
  }

  private static DeviceInfo fake(int index, String name, DeviceType type) {
    DeviceCapabilities caps = VulkanExtension.device().capabilities();
    return new DeviceInfo(index, name, type, org.lwjgl.vulkan.VK12.VK_API_VERSION_1_2, 1, 0, caps);
  }

  @Test
  void selectionPrefersDiscreteThenIntegratedThenCpuAndHonoursRequests() {
    List<DeviceInfo> devices =
        List.of(
            fake(0, "llvmpipe", DeviceType.CPU),
            fake(1, "Intel Iris", DeviceType.INTEGRATED_GPU),
            fake(2, "NVIDIA H100", DeviceType.DISCRETE_GPU));
    assertThat(DeviceSelector.select(devices, Optional.empty()).index()).isEqualTo(2);
    assertThat(DeviceSelector.select(devices.subList(0, 2), Optional.empty()).index()).isEqualTo(1);
    assertThat(DeviceSelector.select(devices, Optional.of("0")).name()).isEqualTo("llvmpipe");
    assertThat(DeviceSelector.select(devices, Optional.of("iris")).index()).isEqualTo(1);
    assertThatThrownBy(() -> DeviceSelector.select(devices, Optional.of("7")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("device '7' matches no device")
        .hasMessageContaining("NVIDIA H100");
    assertThatThrownBy(() -> DeviceSelector.select(List.of(), Optional.empty()))
        .isInstanceOf(VulkanUnavailableException.class)
        .hasMessageContaining("mesa-vulkan-drivers");
  }

  @Test
  void aKernelNeedingAMissingFeatureIsRefusedByName() {
    DeviceCapabilities caps = VulkanExtension.device().capabilities();
    // lavapipe has no cooperative matrices; on a device that has them, check an unsupported one.
    KernelFeature missing =
        EnumSet.allOf(KernelFeature.class).stream()
            .filter(f -> !caps.supports(f))
            .findFirst()
            .orElse(null);
    if (missing == null) {
      return; // every feature present: nothing can be missing on this device
    }
    assertThatThrownBy(
            () ->
                PipelineBuilder.checkFeatures("q8_coopmat_gemm", EnumSet.of(missing), caps, "dev"))
        .isInstanceOf(MissingFeatureException.class)
        .hasMessageContaining("q8_coopmat_gemm")
        .hasMessageContaining(missing.name());
  }

  @Test
  void thePipelineCacheIsSavedPerDevice(@TempDir Path dir) throws Exception {
    DeviceOptions base = DeviceOptions.fromSettings();
    DeviceOptions options =
        new DeviceOptions(
            false,
            base.deviceRequest(),
            0,
            Optional.of(dir),
            10_000,
            base.kernelPolicy(),
            false,
            FenceWait.BLOCK);
    try (VulkanDevice device = VulkanDevice.open(options)) {
      assertThat(device.pipelineCache().file()).isPresent();
    }
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .singleElement()
          .satisfies(n -> assertThat(n).startsWith("pipelines-").endsWith(".bin"));
    }
  }

  @Test
  void pipelinesCarryTheDriversStatisticsWhereAskedFor() {
    PipelineKey key = PipelineKey.of(KernelId.UNARY_LEAKYRELU_F32, 64);
    List<PipelineKey> keys = List.of(key);
    // Asked for the way a user asks: the setting (here its system property).
    String property = Settings.PIPELINE_STATISTICS.systemProperty();
    String before = System.setProperty(property, "on");
    DeviceOptions options;
    try {
      options = TestDevice.options();
    } finally {
      if (before == null) {
        System.clearProperty(property);
      } else {
        System.setProperty(property, before);
      }
    }
    assertThat(options.pipelineStatistics()).isTrue();
    try (VulkanDevice device = VulkanDevice.open(options)) {
      var pipelines = PipelineBuilder.createAll(device, keys, KernelIndex.shared());
      try {
        ComputePipeline p = pipelines.get(key);
        if (device.capturesPipelineStatistics()) {
          assertThat(p.statistics().entries()).isNotEmpty();
          assertThat(p.statistics().describe()).contains("=");
          assertThat(p.statistics().value(p.statistics().entries().get(0).name())).isPresent();
        } else {
          assertThat(p.statistics().entries()).isEmpty();
        }
      } finally {
        pipelines.values().forEach(ComputePipeline::close);
      }
    }
    // Without asking, nothing is captured (unless the run itself asks, by the setting).
    if (Settings.PIPELINE_STATISTICS.isOn()) {
      return;
    }
    try (VulkanDevice device = VulkanDevice.open(TestDevice.options())) {
      assertThat(device.capturesPipelineStatistics()).isFalse();
      var pipelines = PipelineBuilder.createAll(device, keys, KernelIndex.shared());
      try {
        assertThat(pipelines.get(key).statistics().entries()).isEmpty();
      } finally {
        pipelines.values().forEach(ComputePipeline::close);
      }
    }
  }
}
