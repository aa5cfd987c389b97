package org.djlvulkan.cli.commands;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.djlvulkan.cli.CliContext;
import org.djlvulkan.cli.CliException;
import org.djlvulkan.cli.Command;
import org.djlvulkan.cli.JsonFiles;
import org.djlvulkan.cli.OptionParser;
import org.djlvulkan.cli.ParsedOptions;
import org.djlvulkan.tools.bench.DispatchBenchResult;
import org.djlvulkan.tools.bench.DispatchBenchmark;

/**
 * {@code bench-dispatch}: what one dispatch costs on the selected device - a chain of dependent
 * one-workgroup dispatches, each behind a barrier, timed by GPU timestamps and wall clock.
 */
public final class BenchDispatchCommand implements Command {
  /** Dispatches in the chain unless {@code --dispatches} says otherwise. */
  public static final int DEFAULT_DISPATCHES = 1000;

  /** Timed runs unless {@code --iterations} says otherwise. */
  public static final int DEFAULT_ITERATIONS = 20;

  @Override
  public String name() {
    return "bench-dispatch";
  }

  @Override
  public String summary() {
    return "measure the cost of a dispatch (GPU and wall time, submit round trip)";
  }

  @Override
  public String usage() {
    return "usage: djl-vulkan bench-dispatch [--dispatches N] [--iterations N] [--json FILE]\n\n"
        + "  --dispatches N  dependent dispatches per command buffer, at least 2 (default "
        + DEFAULT_DISPATCHES
        + ")\n"
        + "  --iterations N  timed runs, after as many warm-up runs (default "
        + DEFAULT_ITERATIONS
        + ")\n"
        + "  --json FILE     also write the figures to FILE as JSON";
  }

  @Override
  public int run(List<String> args, CliContext ctx) {
    ParsedOptions options =
        new OptionParser(name())
            .value("--dispatches")
            .value("--iterations")
            .value("--json")
            .parse(args);
    int dispatches = options.intValue("--dispatches", DEFAULT_DISPATCHES, 2);
    int iterations = options.intValue("--iterations", DEFAULT_ITERATIONS, 1);
    Optional<Path> json = options.value("--json").map(Path::of);

    DispatchBenchResult result;
    try (VulkanDevice device = ctx.openDevice()) {
      result = DispatchBenchmark.run(device, dispatches, iterations);
    }
    ctx.out().println(result.report());
    if (json.isPresent()) {
      JsonFiles.write(json.get(), result);
      ctx.out().println("json: " + json.get());
    }
    if (!result.correct()) {
      throw new CliException(
          "the chain of " + dispatches + " dependent dispatches gave a wrong result");
    }
    return 0;
  }
}
