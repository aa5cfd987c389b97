package org.djlvulkan.cli.commands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.djlvulkan.cli.CliContext;
import org.djlvulkan.cli.CliException;
import org.djlvulkan.cli.Command;
import org.djlvulkan.cli.OptionParser;
import org.djlvulkan.cli.ParsedOptions;
import org.djlvulkan.cli.UsageException;
import org.djlvulkan.tools.bench.BenchRow;
import org.djlvulkan.tools.bench.ConvBenchmark;
import org.djlvulkan.tools.bench.ConvShape;
import org.djlvulkan.tools.bench.QConvBenchmark;

/**
 * {@code bench-ops}: times every candidate conv kernel (forced one by one) on ResNet50's conv
 * shapes with GPU timestamps, and shows which kernel the selector picks and how far it is from the
 * fastest: the fp32 family, or with {@code --int8} the q8ta (int8) family.
 */
public final class BenchOpsCommand implements Command {
  /** Untimed runs per graph unless {@code --warmup} says otherwise. */
  public static final int DEFAULT_WARMUP = 3;

  /** Timed runs per graph unless {@code --iterations} says otherwise. */
  public static final int DEFAULT_ITERATIONS = 10;

  @Override
  public String name() {
    return "bench-ops";
  }

  @Override
  public String summary() {
    return "time each candidate conv kernel on ResNet50's shapes (GPU timestamps)";
  }

  @Override
  public String usage() {
    return "usage: djl-vulkan bench-ops [--int8] [--shapes NAME,...] [--warmup N]"
        + " [--iterations N] [--markdown FILE]\n\n"
        + "  --int8             the q8ta (int8) kernels on ResNet50's int8 shapes (the int8 dot\n"
        + "                     path follows DJL_VULKAN_INT8_DOT)\n"
        + "  --shapes NAME,...  only these shapes (default: all of ResNet50's: "
        + names(ConvBenchmark.resnet50Shapes())
        + "; with --int8 also "
        + QConvBenchmark.resnet50Shapes().stream()
            .map(ConvShape::name)
            .filter(n -> ConvBenchmark.resnet50Shapes().stream().noneMatch(s -> s.name().equals(n)))
            .collect(Collectors.joining(","))
        + ")\n"
        + "  --warmup N         untimed runs per kernel (default "
        + DEFAULT_WARMUP
        + ")\n"
        + "  --iterations N     timed runs per kernel, median reported (default "
        + DEFAULT_ITERATIONS
        + ")\n"
        + "  --markdown FILE    also write the table to FILE";
  }

  @Override
  public int run(List<String> args, CliContext ctx) {
    ParsedOptions options =
        new OptionParser(name())
            .flag("--int8")
            .value("--shapes")
            .value("--warmup")
            .value("--iterations")
            .value("--markdown")
            .parse(args);
    int warmup = options.intValue("--warmup", DEFAULT_WARMUP, 0);
    int iterations = options.intValue("--iterations", DEFAULT_ITERATIONS, 1);
    boolean int8 = options.flag("--int8");
    List<ConvShape> shapes =
        int8 ? QConvBenchmark.resnet50Shapes() : ConvBenchmark.resnet50Shapes();
    Optional<String> filter = options.value("--shapes");
    if (filter.isPresent()) {
      Set<String> wanted = Set.copyOf(Arrays.asList(filter.get().split(",")));
      Set<String> known = shapes.stream().map(ConvShape::name).collect(Collectors.toSet());
      for (String w : wanted) {
        if (!known.contains(w)) {
          throw new UsageException("unknown shape '" + w + "'; known: " + known);
        }
      }
      shapes = shapes.stream().filter(s -> wanted.contains(s.name())).toList();
    }
    List<? extends BenchRow> rows;
    String table;
    try (VulkanDevice device = ctx.openDevice()) {
      String deviceName = device.info().name();
      if (int8) {
        var q = QConvBenchmark.run(device, shapes, warmup, iterations);
        rows = q;
        table = QConvBenchmark.markdown(deviceName, device, q);
      } else {
        var f = ConvBenchmark.run(device, shapes, warmup, iterations);
        rows = f;
        table = ConvBenchmark.markdown(deviceName, f);
      }
    }
    ctx.out().print(table);
    ctx.out().println(selectionSummary(rows));
    if (options.value("--markdown").isPresent()) {
      Path file = Path.of(options.value("--markdown").get());
      try {
        Files.writeString(
            file, table + "\n" + selectionSummary(rows) + "\n", StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new CliException("cannot write " + file + ": " + e.getMessage(), e);
      }
      ctx.out().println("markdown: " + file);
    }
    return 0;
  }

  private static String names(List<ConvShape> shapes) {
    return shapes.stream().map(ConvShape::name).collect(Collectors.joining(","));
  }

  /** One line: the worst ratio of the selected kernel's time to the fastest kernel's, per shape. */
  static String selectionSummary(List<? extends BenchRow> rows) {
    Map<ConvShape, double[]> perShape = new LinkedHashMap<>();
    for (BenchRow r : rows) {
      double[] v = perShape.computeIfAbsent(r.shape(), s -> new double[] {Double.MAX_VALUE, 0});
      v[0] = Math.min(v[0], r.medianMicros());
      if (r.isSelected()) {
        v[1] = r.medianMicros();
      }
    }
    double worst = 1;
    String worstShape = "-";
    for (Map.Entry<ConvShape, double[]> e : perShape.entrySet()) {
      double ratio = e.getValue()[1] / e.getValue()[0];
      if (ratio > worst) {
        worst = ratio;
        worstShape = e.getKey().name();
      }
    }
    return String.format(
        Locale.ROOT,
        "selector: within %.1f%% of the fastest kernel on every shape (worst: %s)",
        (worst - 1) * 100,
        worstShape);
  }
}
