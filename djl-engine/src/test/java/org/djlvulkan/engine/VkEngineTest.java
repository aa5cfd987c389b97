package org.djlvulkan.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Locale;
import org.djlvulkan.backend.config.Settings;
import org.djlvulkan.backend.vk.DeviceInfo;
import org.djlvulkan.backend.vk.DeviceType;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lwjgl.vulkan.VK12;

@ExtendWith(EngineValidationExtension.class)
class VkEngineTest {
  private static List<DeviceInfo> usableGpus(VkEngine engine) {
    return engine.devices().instance().devices().stream()
        .filter(d -> d.type().isGpu() && d.apiVersion() >= VK12.VK_API_VERSION_1_2)
        .toList();
  }

  @Test
  void djlFindsTheEngineByName() {
    assertThat(Engine.getAllEngines()).contains("Vulkan");
    Engine engine = Engine.getEngine("Vulkan");
    assertThat(engine).isInstanceOf(VkEngine.class);
    assertThat(engine.getEngineName()).isEqualTo("Vulkan");
    assertThat(engine.getRank()).isEqualTo(12);
    assertThat(engine.getVersion()).isEqualTo(System.getProperty("djl.vulkan.project.version"));
    assertThat(engine.hasCapability("VULKAN")).isTrue();
    assertThat(engine.hasCapability("CUDA")).isFalse();
    // Neither PyTorch nor MXNet is on the test class path.
    assertThat(engine.getAlternativeEngine()).isNull();
  }

  @Test
  void gpusAreTheVulkanGpusAndCpuIsTheCpuDriver() {
    VkEngine engine = EngineValidationExtension.engine();
    int gpus = usableGpus(engine).size();
    assertThat(engine.getGpuCount()).isEqualTo(gpus);
    if (gpus == 0) {
      assertThat(engine.getDevices()).containsExactly(Device.cpu());
    } else {
      assertThat(engine.getDevices()).hasSize(gpus).contains(Device.gpu(0));
    }
    if (Settings.DEVICE.value().isEmpty()) {
      assertThat(engine.defaultDevice()).isEqualTo(gpus == 0 ? Device.cpu() : Device.gpu(0));
    }
    assertThatThrownBy(() -> engine.devices().open(Device.gpu(gpus)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gpu(" + gpus + ")")
        .hasMessageContaining("Vulkan devices:");
  }

  @Test
  void cpuRunsOnTheVulkanCpuDriverOpenedOnce() {
    VkEngine engine = EngineValidationExtension.engine();
    boolean hasCpuDriver =
        engine.devices().instance().devices().stream().anyMatch(d -> d.type() == DeviceType.CPU);
    assumeThat(hasCpuDriver).as("a Vulkan CPU driver (lavapipe)").isTrue();
    VulkanDevice device = engine.devices().open(Device.cpu());
    assertThat(device.info().type()).isEqualTo(DeviceType.CPU);
    assertThat(engine.devices().open(Device.cpu())).isSameAs(device);
    assertThat(device.instance()).isSameAs(engine.devices().instance());
  }

  @Test
  void theDeviceSettingIsReadWhenTheDefaultIsAsked() {
    VkEngine engine = EngineValidationExtension.engine();
    String property = Settings.DEVICE.systemProperty();
    String before = System.getProperty(property);
    try {
      System.clearProperty(property);
      DeviceInfo chosen = engine.devices().map().physical(engine.defaultDevice());
      System.setProperty(property, Integer.toString(chosen.index()));
      assertThat(engine.devices().map().physical(engine.defaultDevice())).isEqualTo(chosen);
      String needle = chosen.name().toUpperCase(Locale.ROOT);
      DeviceInfo firstNamed =
          engine.devices().instance().devices().stream()
              .filter(d -> d.name().equalsIgnoreCase(needle))
              .findFirst()
              .orElseThrow();
      System.setProperty(property, needle);
      assertThat(engine.devices().map().physical(engine.defaultDevice())).isEqualTo(firstNamed);
      System.setProperty(property, "no-such-device");
      assertThatThrownBy(engine::defaultDevice)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no-such-device");
    } finally {
      if (before == null) {
        System.clearProperty(property);
      } else {
        System.setProperty(property, before);
      }
    }
  }

  @Test
  void managersCarryTheirDevice() {
    Engine engine = Engine.getEngine("Vulkan");
    try (NDManager manager = engine.newBaseManager()) {
      assertThat(manager.getDevice()).isEqualTo(engine.defaultDevice());
      assertThat(manager.getEngine()).isSameAs(engine);
    }
    try (NDManager manager = engine.newBaseManager(Device.cpu())) {
      assertThat(manager.getDevice()).isEqualTo(Device.cpu());
    }
  }

  @Test
  void aManagerAndAModelRefuseTheSameMissingGpu() {
    Engine engine = Engine.getEngine("Vulkan");
    Device beyond = Device.gpu(engine.getGpuCount());
    assertThatThrownBy(() -> engine.newBaseManager(beyond))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(beyond + " is not a Vulkan GPU");
    assertThatThrownBy(() -> engine.newModel("m", beyond))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(beyond + " is not a Vulkan GPU");
  }

  @Test
  void trainingIsRefusedByName() {
    Engine engine = Engine.getEngine("Vulkan");
    assertThatThrownBy(engine::newGradientCollector)
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("newGradientCollector");
  }
}
