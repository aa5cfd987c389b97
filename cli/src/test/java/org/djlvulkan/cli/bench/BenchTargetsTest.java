package org.djlvulkan.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.djlvulkan.cli.CliException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchTargetsTest {
  private static BenchReport report(String model) {
    LatencyStats b1 = LatencyStats.of(new double[] {0.9, 0.9, 0.9});
    LatencyStats b32 = LatencyStats.of(new double[] {8, 8, 8});
    return new BenchReport(
        model,
        "/tmp/" + model,
        "Vulkan",
        "test device [CPU], host wait block",
        "none",
        1,
        3,
        OptionalLong.empty(),
        OptionalLong.empty(),
        List.of(BenchRow.of(1, b1, null), BenchRow.of(32, b32, null)),
        List.of(),
        null,
        List.of(new PhaseRow(1, Map.of("gpu", 0.7))),
        List.of());
  }

  private static BenchTargets targets(Path dir, String json) throws Exception {
    Path file = dir.resolve("targets.json");
    Files.writeString(file, json);
    return BenchTargets.read(file);
  }

  @Test
  void eachFigureIsAPercentageOfItsTarget(@TempDir Path dir) throws Exception {
    BenchTargets t =
        targets(
            dir,
            "{\"targets\": ["
                + "{\"model\": \"r50-int8.onnx\", \"batch\": 1, \"medianMillis\": 0.45, \"source\": \"13\"},"
                + "{\"model\": \"r50-int8.onnx\", \"batch\": 1, \"gpuSpanMillis\": 0.35},"
                + "{\"model\": \"r50-int8.onnx\", \"batch\": 32, \"imagesPerSecond\": 8000},"
                + "{\"model\": \"r50-int8.onnx\", \"batch\": 256, \"imagesPerSecond\": 25000},"
                + "{\"model\": \"r50-int8.onnx [fp16]\", \"batch\": 1, \"medianMillis\": 0.8}]}");
    List<BenchTargets.Check> checks = t.check(report("/models/R50-int8.onnx"));
    assertThat(checks).hasSize(3); // batch 256 did not run; the fp16 target is another model
    assertThat(checks.get(0).percent()).isCloseTo(50.0, within(1e-9));
    assertThat(checks.get(1).measured()).isEqualTo(0.7);
    assertThat(checks.get(1).percent()).isCloseTo(50.0, within(1e-9));
    assertThat(checks.get(2).measured()).isCloseTo(4000.0, within(1e-6));
    assertThat(checks.get(2).percent()).isCloseTo(50.0, within(1e-6));
    assertThat(BenchTargets.text(checks))
        .contains("| 1 | median ms | 0.900 | 0.450 | 50% | 13 |")
        .contains("| 32 | images/s | 4000 | 8000 | 50% |");
    assertThat(BenchTargets.json(checks).get(0).getAsJsonObject().get("percent").getAsDouble())
        .isCloseTo(50.0, within(1e-9));
    assertThat(t.check(report("/models/other.onnx"))).isEmpty();
    assertThat(BenchTargets.text(List.of())).isEmpty();
  }

  @Test
  void aThroughputTargetAlsoTakesTheSeveralStreamFigure(@TempDir Path dir) throws Exception {
    BenchTargets t =
        targets(
            dir,
            "{\"targets\": ["
                + "{\"model\": \"r50.onnx\", \"batch\": 32, \"imagesPerSecond\": 8000},"
                + "{\"model\": \"r50.onnx\", \"batch\": 1, \"medianMillis\": 0.45}]}");
    BenchReport one = report("/m/r50.onnx");
    BenchReport streams =
        new BenchReport(
            one.model(),
            one.file(),
            one.engine(),
            one.device(),
            one.peer(),
            one.warmup(),
            one.iterations(),
            one.weightBytes(),
            one.peakActivationBytes(),
            one.rows(),
            one.profile(),
            one.hostNodes(),
            one.phases(),
            List.of(new StreamRow(32, 2, 6000, 4000), new StreamRow(1, 2, 1500, 1111)));
    List<BenchTargets.Check> checks = t.check(streams);
    // Batch 32's throughput on one stream and on two; the batch-1 latency target has no stream row.
    assertThat(checks).hasSize(3);
    assertThat(checks.get(0).streams()).isEqualTo(1);
    assertThat(checks.get(1).streams()).isEqualTo(2);
    assertThat(checks.get(1).measured()).isEqualTo(6000.0);
    assertThat(checks.get(1).percent()).isCloseTo(75.0, within(1e-9));
    assertThat(checks.get(2).target().figure()).isEqualTo(BenchTargets.Figure.MEDIAN_MS);
    assertThat(BenchTargets.text(checks))
        .contains("| 32 | images/s | 4000 | 8000 | 50% |")
        .contains("| 32 | images/s, 2 streams | 6000 | 8000 | 75% |");
    assertThat(BenchTargets.json(checks).get(1).getAsJsonObject().get("streams").getAsInt())
        .isEqualTo(2);
    assertThat(t.check(one)).hasSize(2);
  }

  @Test
  void theProjectsTargetsFileReads() {
    BenchTargets t = BenchTargets.read(Path.of("..", "docs", "bench", "targets.json"));
    assertThat(t.targets()).isNotEmpty();
    assertThat(t.check(report("/tmp/r50/resnet50-int8-qdq.onnx"))).isNotEmpty();
    assertThat(t.check(report("/tmp/r50/resnet50-fp32.onnx [fp16]")))
        .allMatch(c -> c.target().source().contains("fp16"));
  }

  @Test
  void aBadFileIsNamed(@TempDir Path dir) {
    assertThatThrownBy(() -> targets(dir, "{\"targets\": [{\"model\": \"x\", \"batch\": 1}]}"))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("target 0 needs model, batch and one of");
    assertThatThrownBy(() -> targets(dir, "not json"))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("cannot read it");
  }
}
