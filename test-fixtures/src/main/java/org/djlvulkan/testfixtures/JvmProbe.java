package org.djlvulkan.testfixtures;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a fresh JVM on the test's class path, for what one JVM can do only once
 * (start-up failures, a missing Vulkan loader, native crashes that must not happen).
 */
public final class JvmProbe {
  private static final long TIMEOUT_SECONDS = 60;

  private JvmProbe() {}

  /**
   * Runs {@code main} with LWJGL pointed at a Vulkan loader that does not exist.
   *
   * @param main the class whose {@code main} runs
   * @return standard output and error, merged
   * @throws IOException when the JVM cannot be started
   * @throws InterruptedException when interrupted while waiting
   */
  public static String runWithoutLoader(Class<?> main) throws IOException, InterruptedException {
    return run(main, Map.of(), "org.lwjgl.vulkan.libname=/nonexistent/libvulkan-missing.so.1");
  }

  /**
   * Runs {@code main} with the loader pointed at a driver manifest that does not exist.
   *
   * @param main the class whose {@code main} runs
   * @return standard output and error, merged
   * @throws IOException when the JVM cannot be started
   * @throws InterruptedException when interrupted while waiting
   */
  public static String runWithoutDriver(Class<?> main) throws IOException, InterruptedException {
    String missing = "/nonexistent/icd.json";
    return run(main, Map.of("VK_ICD_FILENAMES", missing, "VK_DRIVER_FILES", missing));
  }

  /**
   * Runs {@code main} and returns what it printed; fails unless it exits with 0 in time.
   *
   * @param main the class whose {@code main} runs
   * @param env environment variables to add
   * @param props system properties as {@code name=value}
   * @return standard output and error, merged
   * @throws IOException when the JVM cannot be started
   * @throws InterruptedException when interrupted while waiting
   */
  public static String run(Class<?> main, Map<String, String> env, String... props)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String p : props) {
      cmd.add("-D" + p);
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process process = pb.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = process.getInputStream()) {
      in.transferTo(out);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(main.getSimpleName() + " did not end in " + TIMEOUT_SECONDS + " s");
    }
    if (process.exitValue() != 0) {
      throw new AssertionError(
          main.getSimpleName() + " exited with " + process.exitValue() + ":\n" + text);
    }
    return text;
  }
}
