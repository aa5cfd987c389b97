package org.djlvulkan.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BenchReportTest {
  private static BenchRow row(int batch, double engine, Double peer) {
    return BenchRow.of(
        batch,
        LatencyStats.of(new double[] {engine, engine * 1.5}),
        peer == null ? null : LatencyStats.of(new double[] {peer}));
  }

  @Test
  void printsAHeaderAndAMarkdownTableWithThePeer() {
    BenchReport report =
        new BenchReport(
            "org.djlvulkan:mobilenetv2 (int8)",
            "/m/mobilenetv2-12-int8.onnx",
            "Vulkan 0.1.0",
            "test device [CPU], host wait block",
            "ONNX Runtime 1.29.0 CPU",
            5,
            20,
            OptionalLong.of(3 * 1024 * 1024 + 512 * 1024),
            OptionalLong.empty(),
            List.of(row(1, 2.0, 5.0), row(32, 40.0, 60.0)),
            List.of(),
            null,
            List.of(),
            List.of());
    assertThat(report.text())
        .isEqualTo(
            "model: org.djlvulkan:mobilenetv2 (int8)\n"
                + "file: /m/mobilenetv2-12-int8.onnx\n"
                + "engine: Vulkan 0.1.0   peer: ONNX Runtime 1.29.0 CPU\n"
                + "device: test device [CPU], host wait block\n"
                + "warmup: 5   iterations: 20\n"
                + "device memory: weights 3.5 MiB, peak activations not reported\n"
                + "| batch | median ms | p90 ms | images/s | peer median ms | peer p90 ms |"
                + " peer images/s | speedup |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|\n"
                + "| 1 | 2.500 | 3.000 | 400.0 | 5.000 | 5.000 | 200.0 | 2.00x |\n"
                + "| 32 | 50.000 | 60.000 | 640.0 | 60.000 | 60.000 | 533.3 | 1.20x |\n"
                + "speedup: the peer's median time divided by the engine's (above 1: faster)\n");
  }

  @Test
  void withoutPeerOrMemoryTheTableIsShorterAndSaysSo() {
    BenchReport report =
        new BenchReport(
            "m",
            "f",
            "Vulkan 0.1.0",
            "test device [CPU], host wait block",
            "none",
            0,
            1,
            OptionalLong.empty(),
            OptionalLong.empty(),
            List.of(row(1, 2.0, null)),
            List.of("conv1\t12.5", "fc\t3.0"),
            null,
            List.of(),
            List.of());
    assertThat(report.hasPeer()).isFalse();
    assertThat(report.text())
        .contains("device memory: not reported by the engine\n")
        .contains("| batch | median ms | p90 ms | images/s |\n|---:|---:|---:|---:|\n")
        .contains("| 1 | 2.500 | 3.000 | 400.0 |\n")
        .doesNotContain("speedup")
        .endsWith("profile (last run):\n  conv1\t12.5\n  fc\t3.0\n");
  }

  @Test
  void writesJsonWithNullsForWhatIsNotReported() {
    BenchReport report =
        new BenchReport(
            "m",
            "f",
            "e",
            "d",
            "none",
            1,
            2,
            OptionalLong.of(42),
            OptionalLong.empty(),
            List.of(row(4, 1.0, null)),
            List.of(),
            null,
            List.of(),
            List.of());
    JsonObject json = report.json();
    assertThat(json.keySet())
        .containsExactly(
            "model",
            "file",
            "engine",
            "device",
            "peer",
            "warmup",
            "iterations",
            "weightBytes",
            "peakActivationBytes",
            "rows",
            "profile");
    assertThat(json.get("weightBytes").getAsLong()).isEqualTo(42);
    assertThat(json.get("peakActivationBytes").isJsonNull()).isTrue();
    JsonObject r = json.getAsJsonArray("rows").get(0).getAsJsonObject();
    assertThat(r.get("batch").getAsInt()).isEqualTo(4);
    assertThat(r.get("medianMillis").getAsDouble()).isEqualTo(1.25);
    assertThat(r.get("speedup").isJsonNull()).isTrue();
  }

  private static BenchReport withHostNodes(List<String> hostNodes) {
    return oneRow(2, hostNodes, List.of(), List.of());
  }

  /** A report of one batch-1 row of 1 ms, no peer, and the given host nodes, phases and streams. */
  private static BenchReport oneRow(
      int iterations, List<String> hostNodes, List<PhaseRow> phases, List<StreamRow> streams) {
    return new BenchReport(
        "m",
        "f",
        "e",
        "d",
        "none",
        1,
        iterations,
        OptionalLong.empty(),
        OptionalLong.empty(),
        List.of(row(1, 1.0, null)),
        List.of(),
        hostNodes,
        phases,
        streams);
  }

  @Test
  void listsTheNodesTheEngineRanOnTheHost() {
    String line = "node 'slice_1' (Slice): reads 'e' of type INT64 - runs on the host";
    BenchReport report = withHostNodes(List.of(line));
    assertThat(report.text()).contains("host fallbacks: 1\n  " + line + "\n");
    assertThat(report.json().getAsJsonArray("hostNodes").get(0).getAsString()).isEqualTo(line);
    assertThat(withHostNodes(List.of()).text()).contains("host fallbacks: 0\n");
    assertThat(withHostNodes(null).text()).doesNotContain("host fallbacks");
  }

  @Test
  void tablesWhereTheTimeWentFromTheMediansOfTheRuns() {
    java.util.Map<String, Double> fast = new java.util.LinkedHashMap<>();
    fast.put("prepare", 100.0);
    fast.put("upload", 50.0);
    fast.put("gpu", 400.0);
    fast.put("wait", 500.0);
    fast.put("readback", 20.0);
    fast.put("host", 0.0);
    fast.put("outputs", 30.0);
    fast.put("dispatches", 95.0);
    fast.put("steps", 1.0);
    java.util.Map<String, Double> slow = new java.util.LinkedHashMap<>(fast);
    slow.put("wait", 900.0);
    java.util.Map<String, Double> mid = new java.util.LinkedHashMap<>(fast);
    mid.put("wait", 700.0);
    PhaseRow phases = PhaseRow.of(1, List.of(fast, slow, mid));
    assertThat(phases.get("wait")).isEqualTo(0.7);
    assertThat(phases.get("dispatches")).isEqualTo(95.0);
    assertThat(PhaseRow.of(1, List.of())).isNull();
    BenchReport report =
        oneRow(3, List.of(), List.of(phases), List.of(new StreamRow(1, 2, 1500.0, 1000.0)));
    // total 1.25 ms (the row's median); covered 0.1+0.05+0.7+0.02+0+0.03 = 0.9; rest 0.35.
    assertThat(report.text())
        .contains("where the time goes (median per run, ms):")
        .contains(
            "| 1 | 1.250 | 0.100 | 0.050 | 0.400 | 0.300 | 0.020 | 0.000 | 0.030 | 0.350 | 95 | 1 |");
    assertThat(
            report
                .json()
                .getAsJsonArray("phases")
                .get(0)
                .getAsJsonObject()
                .get("gpu")
                .getAsDouble())
        .isEqualTo(0.4);
    assertThat(report.text())
        .contains("| batch | streams | images/s | one stream | gain |")
        .contains("| 1 | 2 | 1500.0 | 1000.0 | 1.50x |");
    assertThat(
            report
                .json()
                .getAsJsonArray("streams")
                .get(0)
                .getAsJsonObject()
                .get("imagesPerSecond")
                .getAsDouble())
        .isEqualTo(1500.0);
  }
}
