package org.djlvulkan.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The engine's start-up failures, each in a fresh JVM. */
class EngineStartupTest {
  private static String runProbe(Map<String, String> env, String... props) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String p : props) {
      cmd.add("-D" + p);
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(EngineStartupProbe.class.getName());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process process = pb.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = process.getInputStream()) {
      in.transferTo(out);
    }
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(text).isZero();
    return text;
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
