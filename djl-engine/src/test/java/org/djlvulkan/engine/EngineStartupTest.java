package org.djlvulkan.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.djlvulkan.testfixtures.JvmProbe;
import org.junit.jupiter.api.Test;

/** The engine's start-up failures, each in a fresh JVM. */
class EngineStartupTest {
  @Test
  void withoutALoaderOrADriverTheEngineExceptionNamesThePackages() throws Exception {
    assertThat(JvmProbe.runWithoutLoader(EngineStartupProbe.class))
        .contains("EngineException", "libvulkan1", "mesa-vulkan-drivers");
    assertThat(JvmProbe.runWithoutDriver(EngineStartupProbe.class))
        .contains("EngineException", "mesa-vulkan-drivers");
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
