package org.djlvulkan.cli.commands;

import java.util.List;
import java.util.Locale;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.djlvulkan.cli.CliContext;
import org.djlvulkan.cli.Command;
import org.djlvulkan.cli.OptionParser;
import org.djlvulkan.cli.ParsedOptions;
import org.djlvulkan.tools.bench.AluBenchRow;
import org.djlvulkan.tools.bench.AluBenchmark;

/**
 * {@code bench-alu}: the selected device's rate of the instructions an int8 epilogue runs
 * (conversions between integers, floats and doubles, rounding) against float multiply-adds.
 */
public final class BenchAluCommand implements Command {
  /** Invocations per dispatch unless {@code --invocations} says otherwise. */
  public static final int DEFAULT_INVOCATIONS = 1 << 20;

  /** Steps per chain unless {@code --rounds} says otherwise. */
  public static final int DEFAULT_ROUNDS = 256;

  /** Timed runs unless {@code --iterations} says otherwise. */
  public static final int DEFAULT_ITERATIONS = 10;

  @Override
  public String name() {
    return "bench-alu";
  }

  @Override
  public String summary() {
    return "the device's rate of conversions and rounding against float multiply-adds";
  }

  @Override
  public String usage() {
    return "usage: djl-vulkan bench-alu [--invocations N] [--rounds N] [--iterations N]\n\n"
        + "  --invocations N  invocations per dispatch, each running 8 chains (default "
        + DEFAULT_INVOCATIONS
        + ")\n"
        + "  --rounds N       steps per chain (default "
        + DEFAULT_ROUNDS
        + ")\n"
        + "  --iterations N   timed runs per step, after as many warm-up runs (default "
        + DEFAULT_ITERATIONS
        + ")";
  }

  @Override
  public int run(List<String> args, CliContext ctx) {
    ParsedOptions options =
        new OptionParser(name())
            .value("--invocations")
            .value("--rounds")
            .value("--iterations")
            .parse(args);
    int invocations = options.intValue("--invocations", DEFAULT_INVOCATIONS, 1);
    int rounds = options.intValue("--rounds", DEFAULT_ROUNDS, 1);
    int iterations = options.intValue("--iterations", DEFAULT_ITERATIONS, 1);
    try (VulkanDevice device = ctx.openDevice()) {
      List<AluBenchRow> rows = AluBenchmark.run(device, invocations, rounds, iterations);
      ctx.out().println("device: " + device.info().name());
      ctx.out()
          .println(invocations + " invocations x 8 chains x " + rounds + " steps, GPU timestamps");
      ctx.out().println("| step | us | steps/ns | vs multiply-add |");
      ctx.out().println("|---|---:|---:|---:|");
      for (AluBenchRow r : rows) {
        ctx.out()
            .println(
                String.format(
                    Locale.ROOT,
                    "| %s | %.1f | %.1f | %.3f |",
                    r.step().label(),
                    r.micros(),
                    r.stepsPerNanosecond(),
                    r.relativeToFma()));
      }
    }
    return 0;
  }
}
