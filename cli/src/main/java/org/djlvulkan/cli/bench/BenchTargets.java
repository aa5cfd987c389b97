package org.djlvulkan.cli.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.djlvulkan.cli.CliException;

/**
 * Speed targets to hold {@code bench}'s figures against (the goals of the project's issues): each
 * names a model by the end of its label, a batch size, and a median run time, a GPU span or a
 * throughput. The file is JSON: {@code {"targets": [{"model": "resnet50-int8-qdq.onnx", "batch": 1,
 * "medianMillis": 0.45, "source": "issue 13"}, ...]}}, with one of {@code medianMillis}, {@code
 * gpuSpanMillis} and {@code imagesPerSecond} per entry ({@code docs/bench/targets.json}).
 *
 * @param targets the entries
 */
public record BenchTargets(List<BenchTargets.Target> targets) {
  /** The figures a target can set. */
  public enum Figure {
    /** The median run, end to end (lower is better). */
    MEDIAN_MS("medianMillis", "median ms"),
    /** The GPU span of a run, from timestamps (lower is better). */
    GPU_SPAN_MS("gpuSpanMillis", "GPU span ms"),
    /** Images per second at the median (higher is better). */
    IMAGES_PER_SECOND("imagesPerSecond", "images/s");

    private final String key;
    private final String label;

    Figure(String key, String label) {
      this.key = key;
      this.label = label;
    }

    /** Returns the measured value as a percentage of the target (100 or more: met). */
    double percent(double measured, double target) {
      return 100.0 * (this == IMAGES_PER_SECOND ? measured / target : target / measured);
    }
  }

  /**
   * One target.
   *
   * @param model the end of the model's label ({@code bench}'s {@code model:} line), lower case: a
   *     file name, with {@code " [fp16]"} for the fp16 precision mode
   * @param batch the batch size
   * @param figure what is set
   * @param value the target value
   * @param source where the target comes from
   */
  public record Target(String model, int batch, Figure figure, double value, String source) {}

  /**
   * One target against what a run measured.
   *
   * @param target the target
   * @param measured the measured value (NaN when the engine did not report it)
   * @param percent the measured value as a percentage of the target (100 or more: met)
   * @param streams the streams the figure was measured with: 1, or more for the throughput of
   *     {@code --streams} (batches of one stream uploaded and read back while another's run on the
   *     GPU)
   */
  public record Check(Target target, double measured, double percent, int streams) {
    /** The check of {@code target} against {@code measured}, its percentage computed. */
    static Check of(Target target, double measured, int streams) {
      return new Check(
          target, measured, target.figure().percent(measured, target.value()), streams);
    }

    /** Returns the figure's label in a table: its name, and the streams where more than one. */
    String figureLabel() {
      return streams > 1
          ? target.figure().label + ", " + streams + " streams"
          : target.figure().label;
    }
  }

  /** Copies the list. */
  public BenchTargets {
    targets = List.copyOf(targets);
  }

  /**
   * Reads a targets file.
   *
   * @param file the JSON file
   * @return the targets
   * @throws CliException naming the file and the entry when it cannot be read
   */
  public static BenchTargets read(Path file) {
    JsonObject root;
    try {
      root =
          JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (IOException | JsonParseException | IllegalStateException e) {
      throw new CliException("--targets " + file + ": cannot read it: " + e.getMessage(), e);
    }
    List<Target> out = new ArrayList<>();
    JsonArray entries = root.has("targets") ? root.getAsJsonArray("targets") : new JsonArray();
    for (int i = 0; i < entries.size(); i++) {
      JsonObject e = entries.get(i).getAsJsonObject();
      Figure figure = null;
      for (Figure f : Figure.values()) {
        if (e.has(f.key)) {
          if (figure != null) {
            throw bad(file, i, "sets more than one figure");
          }
          figure = f;
        }
      }
      if (figure == null || !e.has("model") || !e.has("batch")) {
        throw bad(
            file, i, "needs model, batch and one of medianMillis, gpuSpanMillis, imagesPerSecond");
      }
      out.add(
          new Target(
              e.get("model").getAsString().toLowerCase(Locale.ROOT),
              e.get("batch").getAsInt(),
              figure,
              e.get(figure.key).getAsDouble(),
              e.has("source") ? e.get("source").getAsString() : ""));
    }
    return new BenchTargets(out);
  }

  private static CliException bad(Path file, int index, String why) {
    return new CliException("--targets " + file + ": target " + index + " " + why);
  }

  /**
   * Returns the targets that apply to a report (its model label ends with the target's model and it
   * ran the target's batch size), each with the measured value; a throughput target also once per
   * row of the report's several-stream throughput at its batch size.
   *
   * @param report the report
   * @return the checks, in the file's order
   */
  public List<Check> check(BenchReport report) {
    String label = report.model().toLowerCase(Locale.ROOT);
    List<Check> out = new ArrayList<>();
    for (Target t : targets) {
      if (!label.endsWith(t.model())) {
        continue;
      }
      if (report.rows().stream().noneMatch(r -> r.batch() == t.batch())) {
        continue;
      }
      double measured = measured(report, t);
      out.add(Check.of(t, measured, 1));
      if (t.figure() == Figure.IMAGES_PER_SECOND) {
        for (StreamRow r : report.streams()) {
          if (r.batch() == t.batch()) {
            out.add(Check.of(t, r.imagesPerSecond(), r.streams()));
          }
        }
      }
    }
    return out;
  }

  private static double measured(BenchReport report, Target t) {
    for (BenchRow r : report.rows()) {
      if (r.batch() != t.batch()) {
        continue;
      }
      switch (t.figure()) {
        case MEDIAN_MS:
          return r.medianMillis();
        case IMAGES_PER_SECOND:
          return r.imagesPerSecond();
        default:
          return report.phases().stream()
              .filter(p -> p.batch() == t.batch())
              .mapToDouble(p -> p.get("gpu"))
              .findFirst()
              .orElse(Double.NaN);
      }
    }
    return Double.NaN;
  }

  /**
   * Returns the checks as a markdown table under a heading, or an empty string when none applies.
   *
   * @param checks the checks
   * @return the text
   */
  public static String text(List<Check> checks) {
    if (checks.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder("against the targets:\n");
    sb.append("| batch | figure | measured | target | % of target | from |\n");
    sb.append("|---:|---|---:|---:|---:|---|\n");
    for (Check c : checks) {
      Target t = c.target();
      sb.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %s | %s | %s | %s |%n",
              t.batch(),
              c.figureLabel(),
              Double.isNaN(c.measured()) ? "n/a" : number(c.measured()),
              number(t.value()),
              percent(c.percent()),
              t.source()));
    }
    return sb.toString();
  }

  /**
   * Returns the checks as JSON.
   *
   * @param checks the checks
   * @return one object per check
   */
  public static JsonArray json(List<Check> checks) {
    JsonArray a = new JsonArray();
    for (Check c : checks) {
      JsonObject o = new JsonObject();
      o.addProperty("batch", c.target().batch());
      o.addProperty("figure", c.target().figure().key);
      o.addProperty("streams", c.streams());
      o.add("measured", jsonNumber(c.measured()));
      o.addProperty("target", c.target().value());
      o.add("percent", jsonNumber(c.percent()));
      o.addProperty("source", c.target().source());
      a.add(o);
    }
    return a;
  }

  private static JsonElement jsonNumber(double v) {
    return Double.isNaN(v) ? JsonNull.INSTANCE : new JsonPrimitive(v);
  }

  private static String percent(double p) {
    if (Double.isNaN(p)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, p >= 10 ? "%.0f%%" : "%.1f%%", p);
  }

  private static String number(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3f", v);
  }
}
