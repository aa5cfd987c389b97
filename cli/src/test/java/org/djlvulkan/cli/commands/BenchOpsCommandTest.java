package org.djlvulkan.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.djlvulkan.backend.ops.fp.ConvKernel;
import org.djlvulkan.cli.Main;
import org.djlvulkan.tools.bench.ConvBenchRow;
import org.djlvulkan.tools.bench.ConvBenchmark;
import org.djlvulkan.tools.bench.ConvShape;
import org.junit.jupiter.api.Test;

class BenchOpsCommandTest {

  @Test
  void summaryReportsTheSelectedKernelsWorstRatio() {
    ConvShape a = ConvBenchmark.resnet50Shapes().get(0);
    ConvShape b = ConvBenchmark.resnet50Shapes().get(1);
    List<ConvBenchRow> rows =
        List.of(
            new ConvBenchRow(a, ConvKernel.IM2COL, 100, 1, ConvKernel.IM2COL),
            new ConvBenchRow(a, ConvKernel.DIRECT, 150, 1, ConvKernel.IM2COL),
            new ConvBenchRow(b, ConvKernel.POINTWISE, 110, 1, ConvKernel.POINTWISE),
            new ConvBenchRow(b, ConvKernel.DIRECT, 100, 1, ConvKernel.POINTWISE));
    assertThat(BenchOpsCommand.selectionSummary(rows))
        .isEqualTo(
            "selector: within 10.0% of the fastest kernel on every shape (worst: "
                + b.name()
                + ")");
  }

  @Test
  void runsOneSmallShapeAndRejectsUnknownOnes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            new String[] {"bench-ops", "--shapes", "s4.3x3", "--warmup", "0", "--iterations", "1"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("| s4.3x3 |")
        .contains("IM2COL")
        .contains("DIRECT")
        .contains("selector: within");

    ByteArrayOutputStream int8 = new ByteArrayOutputStream();
    int int8Code =
        Main.run(
            new String[] {
              "bench-ops", "--int8", "--shapes", "s4.3x3", "--warmup", "0", "--iterations", "1"
            },
            new PrintStream(int8, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(int8Code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(int8.toString(StandardCharsets.UTF_8))
        .contains("int8 dot path:")
        .contains("| s4.3x3 |")
        .contains("IM2COL_4W4C")
        .contains("GENERAL_BLOCKED")
        .contains("selector: within");

    int bad =
        Main.run(
            new String[] {"bench-ops", "--shapes", "nope"},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(bad).isEqualTo(2);
  }
}
