package org.djlvulkan.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.djlvulkan.testfixtures.JvmProbe;
import org.junit.jupiter.api.Test;

/** The engine's start-up failures, each in a fresh JVM. */
class EngineStartupTest {
  @Test
  void withoutALoaderTheEngineExceptionNamesThePackages() throws Exception {
    String out = JvmProbe.runWithoutLoader(EngineStartupProbe.class);
    assertThat(out)
        .contains("EngineException")
        .contains("libvulkan1")
        .contains("mesa-vulkan-drivers");
  }

  @Test
  void withoutADriverTheEngineExceptionNamesThePackages() throws Exception {
    String out = JvmProbe.runWithoutDriver(EngineStartupProbe.class);
    assertThat(out).contains("EngineException").contains("mesa-vulkan-drivers");
  }

  @Test
  void aDeviceRequestMatchingNothingNamesTheDevices() throws Exception {
    String out =
        JvmProbe.run(EngineStartupProbe.class, Map.of(), "djl.vulkan.device=no-such-device");
    assertThat(out)
        .contains("EngineException")
        .contains("no-such-device")
        .contains("matches no device");
  }
}
