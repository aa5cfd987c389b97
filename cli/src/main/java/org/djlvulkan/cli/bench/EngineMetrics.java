package org.djlvulkan.cli.bench;

import ai.djl.Model;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.djlvulkan.cli.CliException;

/**
 * What {@code bench} reads from the engine beyond DJL's API: device memory and per-node GPU times,
 * as properties of the loaded model ({@link Model#getProperty}). The Vulkan engine is to set them;
 * an engine that does not is reported as "not reported".
 *
 * <table>
 *   <caption>Model properties</caption>
 *   <tr><th>property</th><th>value</th></tr>
 *   <tr><td>{@value #DEVICE}</td><td>the device the model runs on, in words</td></tr>
 *   <tr><td>{@value #WEIGHT_BYTES}</td><td>device bytes of the packed weights (decimal)</td></tr>
 *   <tr><td>{@value #PEAK_ACTIVATION_BYTES}</td>
 *       <td>largest device bytes of activations and staging of any session so far</td></tr>
 *   <tr><td>{@value #TIMING}</td>
 *       <td>where the last run's time went: {@code prepare=..;upload=..;gpu=..;wait=..;...}
 *       in microseconds, and the dispatch and step counts</td></tr>
 *   <tr><td>{@value #HOST_NODES}</td>
 *       <td>the nodes run on the host (CPU fallback), one line each; empty when none</td></tr>
 *   <tr><td>{@value #PROFILE}</td>
 *       <td>per-node GPU times of the last run, one {@code node<TAB>microseconds} line each;
 *       recorded when the model was loaded with the option {@value #PROFILING_OPTION}
 *       {@code =true}</td></tr>
 * </table>
 */
public final class EngineMetrics {
  /** Model property: the device the model runs on, in words. */
  public static final String DEVICE = "djl.vulkan.deviceDescription";

  /** Model property: device bytes of the packed weights. */
  public static final String WEIGHT_BYTES = "djl.vulkan.memory.weights";

  /** Model property: peak device bytes of activations and staging. */
  public static final String PEAK_ACTIVATION_BYTES = "djl.vulkan.memory.activations.peak";

  /** Model property: per-node GPU times of the last run. */
  public static final String PROFILE = "djl.vulkan.profile";

  /** Model property: the nodes that ran on the host (CPU fallback), one line each. */
  public static final String HOST_NODES = "djl.vulkan.hostNodes";

  /** Model property: where the time of the last run went ({@code key=value;...}). */
  public static final String TIMING = "djl.vulkan.timing";

  /** Criteria option that asks the engine to record per-node GPU times. */
  public static final String PROFILING_OPTION = "profiling";

  private EngineMetrics() {}

  /**
   * Returns the device the model runs on, in words; "not reported" when the engine does not say.
   */
  public static String device(Model model) {
    String text = model.getProperty(DEVICE);
    return text == null || text.isBlank() ? "not reported" : text;
  }

  /** Returns the device bytes of the model's weights, if the engine reports them. */
  public static OptionalLong weightBytes(Model model) {
    return bytes(model, WEIGHT_BYTES);
  }

  /** Returns the peak device bytes of activations and staging, if the engine reports them. */
  public static OptionalLong peakActivationBytes(Model model) {
    return bytes(model, PEAK_ACTIVATION_BYTES);
  }

  /** Returns the per-node times of the last run, one line per node; empty if not reported. */
  public static List<String> profile(Model model) {
    String text = model.getProperty(PROFILE);
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return Arrays.stream(text.split("\\R")).filter(l -> !l.isBlank()).toList();
  }

  /**
   * Returns the nodes the engine ran on the host, one line each; empty when the engine reports
   * none, and not present when it does not report them at all.
   */
  public static Optional<List<String>> hostNodes(Model model) {
    String text = model.getProperty(HOST_NODES);
    if (text == null) {
      return Optional.empty();
    }
    return Optional.of(Arrays.stream(text.split("\\R")).filter(l -> !l.isBlank()).toList());
  }

  /**
   * Returns the phases of the last run as the engine reports them (microseconds, and the dispatch
   * and step counts), in its order; empty when it reports none.
   */
  public static Map<String, Double> timing(Model model) {
    String text = model.getProperty(TIMING);
    Map<String, Double> phases = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return phases;
    }
    for (String pair : text.split(";")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        try {
          phases.put(pair.substring(0, eq).trim(), Double.parseDouble(pair.substring(eq + 1)));
        } catch (NumberFormatException e) {
          throw new CliException(
              "the engine set the model property " + TIMING + " to '" + text + "'", e);
        }
      }
    }
    return phases;
  }

  private static OptionalLong bytes(Model model, String property) {
    String text = model.getProperty(property);
    if (text == null || text.isBlank()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(text.trim()));
    } catch (NumberFormatException e) {
      throw new CliException(
          "the engine set the model property " + property + " to '" + text + "', not a number", e);
    }
  }
}
