package org.djlvulkan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@link Main#main} in a child JVM: real exit codes, and the error seen without a driver. */
class ProcessExitTest {
  /** Runs {@code Main} in a new JVM; extra environment as {@code NAME=value} pairs. */
  private static CliRun runJava(List<String> env, String... args)
      throws IOException, InterruptedException {
    return runJava(System.getProperty("java.class.path"), env, args);
  }

  /** Runs {@code Main} in a new JVM with the given class path. */
  private static CliRun runJava(String classPath, List<String> env, String... args)
      throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                java.toString(),
                "-Dorg.lwjgl.system.stackSize=1024",
                "-cp",
                classPath,
                Main.class.getName()));
    command.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    for (String pair : env) {
      int eq = pair.indexOf('=');
      pb.environment().put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new CliRun(
        p.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  @Test
  void exitCodesReachTheShell() throws Exception {
    assertThat(runJava(List.of(), "help").exitCode()).isZero();
    CliRun bogus = runJava(List.of(), "bogus");
    assertThat(bogus.exitCode()).isEqualTo(2);
    assertThat(bogus.errLines().get(0)).isEqualTo("error: unknown command 'bogus'");
  }

  @Test
  void withoutADriverTheErrorSaysWhatToInstall() throws Exception {
    // The loader finds no driver manifest: vkCreateInstance fails as on a machine without one.
    CliRun r =
        runJava(
            List.of(
                "VK_DRIVER_FILES=/nonexistent/icd.json",
                "VK_ICD_FILENAMES=/nonexistent/icd.json",
                "DJL_VULKAN_VALIDATION=off"),
            "devices");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines()).filteredOn(l -> l.startsWith("error: ")).hasSize(1);
    assertThat(r.err())
        .contains("apt-get install")
        .contains("mesa-vulkan-drivers")
        .doesNotContain("\tat ");
  }

  @Test
  void withoutOnnxRuntimesJarTheAppStartsAndBenchSaysWhatIsMissing() throws Exception {
    // The GPU machine's packing leaves ONNX Runtime out: nothing may need it but the peer.
    String classPath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !entry.contains("onnxruntime"))
            .collect(Collectors.joining(File.pathSeparator));
    assertThat(runJava(classPath, List.of(), "help").exitCode()).isZero();

    CliRun ort = runJava(classPath, List.of(), "bench", "--peer", "ort");
    assertThat(ort.exitCode()).isEqualTo(1);
    assertThat(ort.errLines())
        .singleElement()
        .asString()
        .startsWith("error: --peer ort needs ONNX Runtime's Java jar");

    CliRun none =
        runJava(classPath, List.of(), "bench", "--peer", "none", "--engine", "NoSuchEngine");
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.errLines())
        .singleElement()
        .asString()
        .startsWith("error: the DJL engine 'NoSuchEngine' is not on the class path");
  }
}
