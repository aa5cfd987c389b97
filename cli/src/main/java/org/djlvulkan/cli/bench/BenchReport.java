package org.djlvulkan.cli.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.djlvulkan.cli.JsonFiles;

/**
 * The result of {@code bench}: what ran, the device memory the engine reports, one row per batch
 * size and the engine's profile.
 *
 * @param model the model's label
 * @param file the model file
 * @param engine the DJL engine and its version
 * @param device the device the engine ran on, in its words
 * @param peer the peer's description, or {@code none}
 * @param warmup untimed runs per batch size
 * @param iterations timed runs per batch size
 * @param weightBytes device bytes of the weights, if the engine reports them
 * @param peakActivationBytes peak device bytes of activations and staging, if reported
 * @param rows one per batch size, in the order run
 * @param profile the engine's per-node times of the last run, empty when not asked or reported
 * @param hostNodes the nodes the engine ran on the host (CPU fallback), null when not reported
 * @param phases where the engine's time went per batch size (empty when it does not say)
 * @param streams throughput with several streams per batch size (empty unless asked for)
 */
public record BenchReport(
    String model,
    String file,
    String engine,
    String device,
    String peer,
    int warmup,
    int iterations,
    OptionalLong weightBytes,
    OptionalLong peakActivationBytes,
    List<BenchRow> rows,
    List<String> profile,
    List<String> hostNodes,
    List<PhaseRow> phases,
    List<StreamRow> streams) {

  /** Copies the lists. */
  public BenchReport {
    rows = List.copyOf(rows);
    profile = List.copyOf(profile);
    hostNodes = hostNodes == null ? null : List.copyOf(hostNodes);
    phases = List.copyOf(phases);
    streams = List.copyOf(streams);
  }

  /** Returns whether a peer ran. */
  public boolean hasPeer() {
    return !rows.isEmpty() && !Double.isNaN(rows.get(0).peerMedianMillis());
  }

  /**
   * Returns the report as text: a header, the device memory, a markdown table of the rows (peer
   * columns only when a peer ran) and the profile.
   *
   * @return the text, ending with a newline
   */
  public String text() {
    StringBuilder sb = new StringBuilder();
    sb.append("model: ").append(model).append('\n');
    sb.append("file: ").append(file).append('\n');
    sb.append("engine: ").append(engine).append("   peer: ").append(peer).append('\n');
    sb.append("device: ").append(device).append('\n');
    sb.append("warmup: ").append(warmup).append("   iterations: ").append(iterations).append('\n');
    sb.append("device memory: ").append(memory()).append('\n');
    if (hostNodes != null) {
      sb.append("host fallbacks: ").append(hostNodes.size()).append('\n');
      hostNodes.forEach(line -> sb.append("  ").append(line).append('\n'));
    }
    boolean peerRan = hasPeer();
    sb.append("| batch | median ms | p90 ms | images/s |");
    if (peerRan) {
      sb.append(" peer median ms | peer p90 ms | peer images/s | speedup |");
    }
    sb.append('\n').append("|---:|---:|---:|---:|");
    if (peerRan) {
      sb.append("---:|---:|---:|---:|");
    }
    sb.append('\n');
    for (BenchRow r : rows) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %d | %.3f | %.3f | %.1f |",
              r.batch(),
              r.medianMillis(),
              r.p90Millis(),
              r.imagesPerSecond()));
      if (peerRan) {
        sb.append(
            String.format(
                Locale.ROOT,
                " %.3f | %.3f | %.1f | %.2fx |",
                r.peerMedianMillis(),
                r.peerP90Millis(),
                r.peerImagesPerSecond(),
                r.speedup()));
      }
      sb.append('\n');
    }
    if (peerRan) {
      sb.append("speedup: the peer's median time divided by the engine's (above 1: faster)\n");
    }
    if (!phases.isEmpty()) {
      sb.append(phaseTable());
    }
    if (!streams.isEmpty()) {
      sb.append("throughput with several streams (a thread and predictor each):\n")
          .append("| batch | streams | images/s | one stream | gain |\n")
          .append("|---:|---:|---:|---:|---:|\n");
      for (StreamRow r : streams) {
        sb.append(
            String.format(
                Locale.ROOT,
                "| %d | %d | %.1f | %.1f | %.2fx |%n",
                r.batch(),
                r.streams(),
                r.imagesPerSecond(),
                r.oneStreamImagesPerSecond(),
                r.gain()));
      }
    }
    if (!profile.isEmpty()) {
      sb.append("profile (last run):\n");
      for (String line : profile) {
        sb.append("  ").append(line).append('\n');
      }
    }
    return sb.toString();
  }

  /**
   * The engine's phases per batch size (medians in ms): converting the input, upload, the device
   * span, submit and wait beyond that span, readback, host nodes, converting the outputs, and what
   * the engine's phases do not cover (DJL's predictor and the benchmark's output read).
   */
  private String phaseTable() {
    StringBuilder sb = new StringBuilder("where the time goes (median per run, ms):\n");
    sb.append(
            "| batch | total | prepare | upload | GPU span | wait beyond GPU | readback | host nodes")
        .append(" | outputs | rest | dispatches | submits |\n")
        .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (PhaseRow p : phases) {
      double total =
          rows.stream()
              .filter(r -> r.batch() == p.batch())
              .findFirst()
              .orElseThrow()
              .medianMillis();
      double gpu = p.get("gpu");
      double wait = p.get("wait");
      double covered =
          p.get("prepare")
              + p.get("upload")
              + wait
              + p.get("readback")
              + p.get("host")
              + p.get("outputs");
      sb.append(
          String.format(
              Locale.ROOT,
              "| %d | %.3f | %.3f | %.3f | %s | %s | %.3f | %.3f | %.3f | %.3f | %.0f | %.0f |%n",
              p.batch(),
              total,
              p.get("prepare"),
              p.get("upload"),
              Double.isNaN(gpu) ? "n/a" : String.format(Locale.ROOT, "%.3f", gpu),
              Double.isNaN(gpu) ? "n/a" : String.format(Locale.ROOT, "%.3f", wait - gpu),
              p.get("readback"),
              p.get("host"),
              p.get("outputs"),
              total - covered,
              p.get("dispatches"),
              p.get("steps")));
    }
    return sb.toString();
  }

  /** Returns the report as JSON: the header fields, memory (null when not reported), rows. */
  public JsonObject json() {
    JsonObject o = new JsonObject();
    o.addProperty("model", model);
    o.addProperty("file", file);
    o.addProperty("engine", engine);
    o.addProperty("device", device);
    o.addProperty("peer", peer);
    o.addProperty("warmup", warmup);
    o.addProperty("iterations", iterations);
    o.add("weightBytes", bytes(weightBytes));
    o.add("peakActivationBytes", bytes(peakActivationBytes));
    if (hostNodes != null) {
      JsonArray host = new JsonArray();
      hostNodes.forEach(host::add);
      o.add("hostNodes", host);
    }
    JsonArray array = new JsonArray();
    for (BenchRow r : rows) {
      array.add(JsonFiles.toJson(r));
    }
    o.add("rows", array);
    if (!phases.isEmpty()) {
      JsonArray phaseArray = new JsonArray();
      for (PhaseRow p : phases) {
        JsonObject row = new JsonObject();
        row.addProperty("batch", p.batch());
        p.medians().forEach(row::addProperty);
        phaseArray.add(row);
      }
      o.add("phases", phaseArray);
    }
    if (!streams.isEmpty()) {
      JsonArray streamArray = new JsonArray();
      for (StreamRow r : streams) {
        streamArray.add(JsonFiles.toJson(r));
      }
      o.add("streams", streamArray);
    }
    JsonArray lines = new JsonArray();
    profile.forEach(lines::add);
    o.add("profile", lines);
    return o;
  }

  private String memory() {
    if (weightBytes.isEmpty() && peakActivationBytes.isEmpty()) {
      return "not reported by the engine";
    }
    return "weights " + mib(weightBytes) + ", peak activations " + mib(peakActivationBytes);
  }

  private static String mib(OptionalLong bytes) {
    return bytes.isPresent()
        ? String.format(Locale.ROOT, "%.1f MiB", bytes.getAsLong() / (1024.0 * 1024.0))
        : "not reported";
  }

  private static JsonElement bytes(OptionalLong value) {
    return value.isPresent() ? new JsonPrimitive(value.getAsLong()) : JsonNull.INSTANCE;
  }
}
