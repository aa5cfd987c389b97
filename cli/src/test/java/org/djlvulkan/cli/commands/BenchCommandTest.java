package org.djlvulkan.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.djlvulkan.cli.CliRun;
import org.djlvulkan.cli.Main;
import org.djlvulkan.testfixtures.SharedFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench}: usage errors, and short runs on DJL's ONNX Runtime engine beside the ONNX Runtime
 * peer (the Vulkan engine is not in this module's tests yet). No timing is checked.
 */
class BenchCommandTest {
  @AfterEach
  void releaseMirror() {
    SharedFixtures.releaseMirror();
  }

  @Test
  void usageErrorsNameTheOptionAndTheValue() {
    assertThat(CliRun.of("bench", "--peer", "tvm").err())
        .startsWith("error: --peer must be ort or none, got 'tvm'");
    assertThat(CliRun.of("bench", "--batch", "1,0").err())
        .startsWith("error: --batch sizes must be at least 1, got 0");
    assertThat(CliRun.of("bench", "--model", "squeezenet", "--batch", "8").err())
        .startsWith("error: --batch 8: the model's batch is fixed to 1");
    assertThat(CliRun.of("bench", "--iterations", "0").err())
        .startsWith("error: --iterations must be at least 1, got 0");
    assertThat(CliRun.of("bench", "--peak-tops", "1979").err())
        .startsWith("error: --peak-tops needs --profile");
    assertThat(CliRun.of("bench", "--profile", "--peak-tops", "fast").err())
        .startsWith("error: --peak-tops needs a number, got 'fast'");
    assertThat(CliRun.of("bench", "--profile", "--peak-tops", "-5").err())
        .startsWith("error: --peak-tops must be a positive number, got -5");
    CliRun r = CliRun.of("bench", "--profile=yes");
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.err())
        .startsWith("error: --profile takes no value")
        .contains("usage: djl-vulkan bench");
  }

  @Test
  void timesTheEngineAndThePeerPerBatchSizeAndWritesJson(@TempDir Path dir) throws IOException {
    SharedFixtures.useModelsAsMirror();
    Path json = dir.resolve("bench.json");
    CliRun r =
        CliRun.of(
            "bench",
            "--engine",
            "OnnxRuntime",
            "--batch",
            "1,2",
            "--warmup",
            "1",
            "--iterations",
            "2",
            "--profile",
            "--json",
            json.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith("model: org.djlvulkan:mobilenetv2 (int8)\n")
        .contains("engine: OnnxRuntime ")
        .contains("peer: ONNX Runtime ")
        .contains("device memory: not reported by the engine\n")
        .containsPattern("\\n\\| 1 \\| [\\d.]+ \\| [\\d.]+ \\| [\\d.]+ \\| [\\d.]+ \\|")
        .containsPattern("\\n\\| 2 \\| ")
        .contains("profile: not reported by the engine OnnxRuntime\n")
        .endsWith("json: " + json + "\n");

    JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    assertThat(o.get("iterations").getAsInt()).isEqualTo(2);
    assertThat(o.get("file").getAsString()).endsWith("mobilenetv2-12-int8.onnx");
    JsonArray rows = o.getAsJsonArray("rows");
    assertThat(rows).hasSize(2);
    JsonObject second = rows.get(1).getAsJsonObject();
    assertThat(second.get("batch").getAsInt()).isEqualTo(2);
    assertThat(second.get("medianMillis").getAsDouble()).isPositive();
    assertThat(second.get("speedup").getAsDouble()).isPositive();
  }

  @Test
  void measuresThroughputWithSeveralStreams(@TempDir Path dir) throws IOException {
    SharedFixtures.useModelsAsMirror();
    Path json = dir.resolve("streams.json");
    CliRun r =
        CliRun.of(
            "bench",
            "--engine",
            "OnnxRuntime",
            "--peer",
            "none",
            "--batch",
            "1",
            "--warmup",
            "0",
            "--iterations",
            "3",
            "--streams",
            "2",
            "--json",
            json.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("throughput with several streams (a thread and predictor each):\n")
        .containsPattern("\\n\\| 1 \\| 2 \\| [\\d.]+ \\| [\\d.]+ \\| [\\d.]+x \\|\\n");
    JsonObject stream =
        JsonParser.parseString(Files.readString(json))
            .getAsJsonObject()
            .getAsJsonArray("streams")
            .get(0)
            .getAsJsonObject();
    assertThat(stream.get("streams").getAsInt()).isEqualTo(2);
    assertThat(stream.get("imagesPerSecond").getAsDouble()).isPositive();
    assertThat(CliRun.of("bench", "--streams", "0").err()).contains("--streams");
  }

  @Test
  void runsAFloat16ModelWithoutThePeer() {
    SharedFixtures.useModelsAsMirror();
    CliRun r =
        CliRun.of(
            "bench",
            "--engine",
            "OnnxRuntime",
            "--model",
            "squeezenet",
            "--peer",
            "none",
            "--warmup",
            "0",
            "--iterations",
            "1");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("model: org.djlvulkan:squeezenet (fp32)\n")
        .contains("peer: none\n")
        .contains("| batch | median ms | p90 ms | images/s |\n")
        .containsPattern("\\n\\| 1 \\| [\\d.]+ \\| [\\d.]+ \\| [\\d.]+ \\|\\n")
        .doesNotContain("speedup");
  }
}
