package org.djlvulkan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.djlvulkan.testfixtures.SharedFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands on the machine's Vulkan device (lavapipe in CI), with the validation layer when the
 * build asks for it: a validation error makes the app exit with 1, so it fails these tests.
 */
class MainVulkanTest {
  private static final String CACHE_PROPERTY = "djl.vulkan.cache.dir";
  private static final String DEVICE_LINE =
      "^[* ] \\d+: .+ \\[[A-Z_]+\\] Vulkan \\d+\\.\\d+\\.\\d+ .*";

  @TempDir static Path cacheDir;
  private static String previousCache;

  @BeforeAll
  static void useTemporaryPipelineCache() {
    previousCache = System.getProperty(CACHE_PROPERTY);
    System.setProperty(CACHE_PROPERTY, cacheDir.toString());
  }

  @AfterAll
  static void restorePipelineCache() {
    if (previousCache == null) {
      System.clearProperty(CACHE_PROPERTY);
    } else {
      System.setProperty(CACHE_PROPERTY, previousCache);
    }
  }

  @BeforeEach
  void requireVulkan() {
    VulkanPrerequisites.require();
  }

  @Test
  void devicesListsEveryDeviceAndMarksOne() {
    CliRun r = CliRun.of("devices");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.outLines()).isNotEmpty().allMatch(line -> line.matches(DEVICE_LINE));
    assertThat(r.outLines()).filteredOn(line -> line.startsWith("* ")).hasSize(1);
    if (r.out().contains("llvmpipe")) {
      assertThat(r.outLines())
          .anyMatch(line -> line.contains("llvmpipe") && line.contains("[CPU]"));
    }
  }

  @Test
  void devicesListsAllEvenWhenTheRequestMatchesNone() {
    CliRun plain = CliRun.of("devices");
    CliRun r = CliRun.of("--device", "99", "devices");
    assertThat(r.exitCode()).isZero();
    assertThat(r.outLines()).hasSameSizeAs(plain.outLines()).noneMatch(l -> l.startsWith("* "));
    assertThat(r.errLines())
        .singleElement()
        .asString()
        .startsWith("warning: --device: device '99'");
  }

  @Test
  void deviceOptionMarksTheRequestedDevice() {
    CliRun r = CliRun.of("devices", "--device", "0");
    assertThat(r.exitCode()).isZero();
    assertThat(r.outLines().get(0)).startsWith("* 0: ");
  }

  @Test
  void benchFeedsAnInputFromDeviceMemory(@TempDir Path dir) throws IOException {
    SharedFixtures.useModelsAsMirror();
    Path json = dir.resolve("device-input.json");
    CliRun r =
        CliRun.of(
            "bench",
            "--model",
            "mobilenetv2",
            "--peer",
            "none",
            "--batch",
            "1",
            "--warmup",
            "0",
            "--iterations",
            "2",
            "--input-on-device",
            "--json",
            json.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonObject phases =
        JsonParser.parseString(Files.readString(json))
            .getAsJsonObject()
            .getAsJsonArray("phases")
            .get(0)
            .getAsJsonObject();
    assertThat(phases.get("deviceInputs").getAsDouble()).isEqualTo(1.0);
    CliRun onOrt =
        CliRun.of(
            "bench",
            "--engine",
            "OnnxRuntime",
            "--peer",
            "none",
            "--input-on-device",
            "--iterations",
            "1",
            "--warmup",
            "0",
            "--batch",
            "1");
    assertThat(onOrt.exitCode()).isNotZero();
    assertThat(onOrt.err()).contains("--input-on-device needs the Vulkan engine");
  }

  @Test
  void benchAluPrintsEveryStepAgainstTheMultiplyAdd() {
    CliRun r =
        CliRun.of("bench-alu", "--invocations", "4096", "--rounds", "8", "--iterations", "1");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("4096 invocations x 8 chains x 8 steps")
        .contains("| float multiply-add |")
        .contains("| int to float |")
        .contains("| float to int |")
        .contains("| roundEven + add |")
        .contains("| float add 1.5*2^23 + int add |")
        .contains("| float to half to float |");
  }

  @Test
  void benchDispatchRunsAndChecksItsResult(@TempDir Path dir) throws IOException {
    Path json = dir.resolve("out/dispatch.json");
    CliRun r =
        CliRun.of(
            "bench-dispatch", "--dispatches", "50", "--iterations", "2", "--json", json.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .contains("dispatches per command buffer: 50")
        .contains("iterations: 2")
        .contains("wall time per dispatch:")
        .contains("result check: ok");

    JsonObject o =
        JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8)).getAsJsonObject();
    assertThat(o.keySet())
        .containsExactly(
            "device",
            "dispatches",
            "iterations",
            "gpuMicrosPerDispatch",
            "wallMicrosPerRun",
            "roundTripMicros",
            "wallMicrosPerDispatch",
            "correct");
    assertThat(o.get("dispatches").getAsInt()).isEqualTo(50);
    assertThat(o.get("iterations").getAsInt()).isEqualTo(2);
    assertThat(o.get("correct").getAsBoolean()).isTrue();
    assertThat(r.out()).contains("device: " + o.get("device").getAsString());
  }

  @Test
  void benchDispatchAcceptsTheDeviceAfterTheCommand() {
    CliRun r = CliRun.of("bench-dispatch", "--dispatches=2", "--iterations=1", "--device=0");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("result check: ok");
  }

  @Test
  void benchDispatchOnAnUnknownDeviceIsARuntimeError() {
    CliRun r = CliRun.of("--device", "99", "bench-dispatch", "--dispatches", "50");
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_ERROR);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines())
        .singleElement()
        .asString()
        .startsWith("error: --device: device '99' matches no device")
        .doesNotContain("Exception");
  }

  @Test
  void benchDispatchOnAnUnknownDeviceNameIsARuntimeError() {
    CliRun r = CliRun.of("bench-dispatch", "--device", "no-such-gpu");
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_ERROR);
    assertThat(r.errLines()).singleElement().asString().contains("'no-such-gpu'");
  }
}
