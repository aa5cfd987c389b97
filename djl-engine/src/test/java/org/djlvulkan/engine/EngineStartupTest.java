package org.djlvulkan.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.djlvulkan.testfixtures.JvmProbe;
import org.junit.jupiter.api.Test;

/** The engine's start-up failures, each in a fresh JVM. */
class EngineStartupTest {
  private static String runProbe(Map<String, String> env, String... props) throws Exception {
    return JvmProbe.run(EngineStartupProbe.class, env, props);
  }

  @Test
  void withoutALoaderTheEngineExceptionNamesThePackages() throws Exception {
    String out = runProbe(Map.of(), "org.lwjgl.vulkan.libname=/nonexistent/libvulkan-missing.so.1");
    assertThat(out)
        .contains("EngineException")
        .contains("libvulkan1")
        .contains("mesa-vulkan-drivers");
  }

  @Test
  void withoutADriverTheEngineExceptionNamesThePackages() throws Exception {
    String out =
        runProbe(
            Map.of(
                "VK_ICD_FILENAMES", "/nonexistent/icd.json",
                "VK_DRIVER_FILES", "/nonexistent/icd.json"));
    assertThat(out).contains("EngineException").contains("mesa-vulkan-drivers");
  }

  @Test
  void aDeviceRequestMatchingNothingNamesTheDevices() throws Exception {
    String out = runProbe(Map.of(), "djl.vulkan.device=no-such-device");
    assertThat(out)
        .contains("EngineException")
        .contains("no-such-device")
        .contains("matches no device");
  }
}
