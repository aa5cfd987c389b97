package org.djlvulkan.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.djlvulkan.testfixtures.SharedFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on this machine: a master and two workers, each its own JVM
 * started from the test's class path, and the spark-classify job through them, with one file of
 * corrupt bytes that is reported on its row.
 */
class SparkStandaloneTest {
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopCluster() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    System.clearProperty("spark.driver.host");
    SharedFixtures.releaseMirror();
  }

  @Test
  void aMasterAndTwoWorkersClassifyThePhotosAndReportTheCorruptFile(@TempDir Path tmp)
      throws Exception {
    SharedFixtures.require(SharedFixtures.image("chelsea.png"));
    SharedFixtures.useModelsAsMirror();
    Path in = SparkLocalTest.photos(tmp);
    Files.write(in.resolve("broken.png"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    Path sparkHome = Files.createDirectories(tmp.resolve("spark-home/jars"));
    int port = freePort();
    start(
        tmp,
        "master",
        Map.of(),
        "org.apache.spark.deploy.master.Master",
        "--host",
        "127.0.0.1",
        "--port",
        Integer.toString(port),
        "--webui-port",
        Integer.toString(freePort()));
    awaitPort(port);
    String url = "spark://127.0.0.1:" + port;
    for (int w = 1; w <= 2; w++) {
      start(
          tmp,
          "worker" + w,
          Map.of("SPARK_HOME", sparkHome.getParent().toString(), "SPARK_SCALA_VERSION", "2.13"),
          "org.apache.spark.deploy.worker.Worker",
          "--host",
          "127.0.0.1",
          "--cores",
          "1",
          "--memory",
          "2g",
          "--webui-port",
          Integer.toString(freePort()),
          "--work-dir",
          tmp.resolve("work" + w).toString(),
          url);
    }
    System.setProperty("spark.driver.host", "127.0.0.1");
    int loadsBefore = ExecutorModels.loads();
    Map<String, String[]> rows =
        SparkLocalTest.sparkClassify(
            "--model",
            "squeezenet",
            "--master",
            url,
            "--partitions",
            "2",
            "--batch",
            "2",
            in.toString(),
            tmp.resolve("out").toString());
    assertThat(rows).containsOnlyKeys("chelsea.png", "coffee.png", "broken.png");
    assertThat(rows.get("chelsea.png")[1]).isEqualTo("285");
    assertThat(rows.get("coffee.png")[1]).isEqualTo("967");
    assertThat(rows.get("broken.png")[1]).startsWith("error: cannot decode the image");
    assertThat(ExecutorModels.loads()).as("the driver loads no model").isEqualTo(loadsBefore);
    assertThat(Files.list(tmp.resolve("out")).anyMatch(f -> f.toString().endsWith(".parquet")))
        .isTrue();
    // The executors (separate JVMs) ran VulkanPlugin, which frees their devices before they exit.
    assertThat(executorLogs(tmp))
        .as("executor logs")
        .contains("Initialized executor component for plugin " + VulkanPlugin.class.getName());
  }

  /** Returns the stderr of every executor the workers started. */
  private static String executorLogs(Path tmp) throws IOException {
    StringBuilder all = new StringBuilder();
    try (java.util.stream.Stream<Path> files = Files.walk(tmp)) {
      for (Path f : files.filter(f -> f.getFileName().toString().equals("stderr")).toList()) {
        all.append(Files.readString(f));
      }
    }
    return all.toString();
  }

  /** Starts a Spark daemon in its own JVM with this JVM's class path and module options. */
  private void start(Path tmp, String name, Map<String, String> env, String main, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens") || a.startsWith("-Djdk.") || a.startsWith("-Dio.netty")) {
        cmd.add(a);
      }
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    cmd.add(main);
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(tmp.resolve(name + ".log").toFile());
    pb.environment().putAll(env);
    processes.add(pb.start());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void awaitPort(int port) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException e) {
        Thread.sleep(250);
      }
    }
    throw new AssertionError("the Spark master did not open port " + port + " within 60 s");
  }
}
