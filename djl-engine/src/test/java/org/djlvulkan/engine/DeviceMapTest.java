package org.djlvulkan.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.util.List;
import org.djlvulkan.backend.vk.DeviceCapabilities;
import org.djlvulkan.backend.vk.DeviceInfo;
import org.djlvulkan.backend.vk.DeviceType;
import org.junit.jupiter.api.Test;
import org.lwjgl.vulkan.VK10;
import org.lwjgl.vulkan.VK12;

class DeviceMapTest {
  private static final DeviceCapabilities CAPS =
      new DeviceCapabilities(
          true,
          true,
          true,
          true,
          true,
          true,
          false,
          false,
          32,
          true,
          List.of(),
          1L << 27,
          new int[] {65535, 65535, 65535},
          1024,
          32768,
          128,
          16,
          1f,
          1L << 30);

  private static DeviceInfo device(int index, DeviceType type, int api) {
    return new DeviceInfo(index, "device" + index, type, api, 1, 0x10de, CAPS);
  }

  // Enumeration order as a driver might report it: integrated first, a CPU driver, a discrete
  // GPU, a discrete GPU too old for djl-vulkan, a second CPU driver, a second discrete GPU.
  private static final List<DeviceInfo> DEVICES =
      List.of(
          device(0, DeviceType.INTEGRATED_GPU, VK12.VK_API_VERSION_1_2),
          device(1, DeviceType.CPU, VK12.VK_API_VERSION_1_2),
          device(2, DeviceType.DISCRETE_GPU, VK12.VK_API_VERSION_1_2),
          device(3, DeviceType.DISCRETE_GPU, VK10.VK_API_VERSION_1_0),
          device(4, DeviceType.CPU, VK12.VK_API_VERSION_1_2),
          device(5, DeviceType.DISCRETE_GPU, VK12.VK_API_VERSION_1_2));

  @Test
  void gpusAreNumberedDiscreteFirstThenIntegratedInEnumerationOrder() {
    DeviceMap map = new DeviceMap(DEVICES);
    assertThat(map.gpuCount()).isEqualTo(3);
    assertThat(map.physical(Device.gpu(0)).index()).isEqualTo(2);
    assertThat(map.physical(Device.gpu(1)).index()).isEqualTo(5);
    assertThat(map.physical(Device.gpu(2)).index()).isEqualTo(0);
    assertThat(map.physical(Device.cpu()).index()).isEqualTo(1);
  }

  @Test
  void everyNamedDeviceMapsBack() {
    DeviceMap map = new DeviceMap(DEVICES);
    for (Device d : List.of(Device.gpu(0), Device.gpu(1), Device.gpu(2), Device.cpu())) {
      assertThat(map.djlDevice(map.physical(d))).isEqualTo(d);
    }
  }

  @Test
  void devicesWithoutANameAreRefusedWithTheListing() {
    DeviceMap map = new DeviceMap(DEVICES);
    assertThatThrownBy(() -> map.djlDevice(DEVICES.get(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("device3")
        .hasMessageContaining("1.0");
    assertThatThrownBy(() -> map.djlDevice(DEVICES.get(4)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> map.physical(Device.gpu(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gpu(3)")
        .hasMessageContaining("[2] device2 (gpu(0))")
        .hasMessageContaining("[1] device1 (cpu())")
        .hasMessageContaining("[3] device3 (unused");
  }

  @Test
  void withoutACpuDriverCpuSaysWhatToInstall() {
    DeviceMap map = new DeviceMap(List.of(DEVICES.get(2)));
    assertThatThrownBy(() -> map.physical(Device.cpu()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mesa-vulkan-drivers");
  }
}
