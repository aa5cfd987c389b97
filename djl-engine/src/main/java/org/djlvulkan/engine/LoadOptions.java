package org.djlvulkan.engine;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.model.Precision;

/**
 * The options {@code Model.load} (and {@code Criteria.optOption}) take for the Vulkan engine.
 *
 * <ul>
 *   <li>{@code device}: the Vulkan device to run on, as {@code DJL_VULKAN_DEVICE} names it (an
 *       index in the {@code devices} list or a name substring); the model's DJL device otherwise
 *   <li>{@code precision}: {@code auto} (default: quantized regions in int8, as the file says) or
 *       {@code fp32} (an int8 model runs in float)
 *   <li>{@code profiling}: {@code true} records GPU timestamps per node ({@link
 *       VkSymbolBlock#lastProfile()})
 * </ul>
 *
 * @param device the device request, if any
 * @param model the backend's load options
 */
record LoadOptions(Optional<String> device, ModelOptions model) {

  /**
   * Reads the options; unknown keys are ignored (other engines' options may be present).
   *
   * @param options the map given to {@code Model.load}, may be null
   * @return the options
   * @throws IllegalArgumentException naming the option and its valid values on a bad value
   */
  static LoadOptions parse(Map<String, ?> options) {
    Map<String, ?> map = options == null ? Map.of() : options;
    ModelOptions model = ModelOptions.DEFAULT;
    Object precision = map.get("precision");
    if (precision != null) {
      String p = precision.toString().trim().toLowerCase(Locale.ROOT);
      switch (p) {
        case "auto":
          model = model.withPrecision(Precision.AUTO);
          break;
        case "fp32":
          model = model.withPrecision(Precision.FP32);
          break;
        default:
          throw new IllegalArgumentException(
              "option precision='" + precision + "': expected auto or fp32");
      }
    }
    Object profiling = map.get("profiling");
    if (profiling != null) {
      String p = profiling.toString().trim().toLowerCase(Locale.ROOT);
      if (!p.equals("true") && !p.equals("false")) {
        throw new IllegalArgumentException(
            "option profiling='" + profiling + "': expected true or false");
      }
      model = model.withProfiling(p.equals("true"));
    }
    Object device = map.get("device");
    Optional<String> request =
        device == null || device.toString().isBlank()
            ? Optional.empty()
            : Optional.of(device.toString().trim());
    return new LoadOptions(request, model);
  }
}
