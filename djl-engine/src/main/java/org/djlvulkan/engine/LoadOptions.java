package org.djlvulkan.engine;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.model.PixelInput;
import org.djlvulkan.backend.model.Precision;

/**
 * The options {@code Model.load} (and {@code Criteria.optOption}) take for the Vulkan engine.
 *
 * <ul>
 *   <li>{@code device}: the Vulkan device to run on, as {@code DJL_VULKAN_DEVICE} names it (an
 *       index in the {@code devices} list or a name substring); the model's DJL device otherwise
 *   <li>{@code precision}: {@code auto} (default: quantized regions in int8, as the file says),
 *       {@code fp32} (an int8 model runs in float) or {@code fp16} (float activations stored in
 *       fp16 where the operator has fp16 kernels, arithmetic in fp32; inputs and outputs stay fp32)
 *   <li>{@code profiling}: {@code true} records GPU timestamps per node ({@link
 *       VkSymbolBlock#lastProfile()})
 *   <li>{@code outputsOnDevice}: {@code true} keeps the outputs in the device's memory where it
 *       holds them as they are returned (float outputs): the NDArrays download their elements on
 *       first host use, and feed a model on the same device without passing through the host
 * </ul>
 *
 * @param device the device request, if any
 * @param model the backend's load options
 * @param outputsOnDevice whether outputs stay in device memory
 */
record LoadOptions(Optional<String> device, ModelOptions model, boolean outputsOnDevice) {

  /** The options the engine reads. */
  static final List<String> KEYS =
      List.of("device", "precision", "profiling", "pixelInput", "outputsOnDevice");

  /** Keys DJL itself may put into the options of {@code Model.load}; they are not the engine's. */
  private static final Set<String> DJL_KEYS =
      Set.of("modelName", "engine", "application", "translatorFactory", "blockFactory");

  /**
   * Reads the options.
   *
   * @param options the map given to {@code Model.load}, may be null
   * @return the options
   * @throws IllegalArgumentException naming the option and its valid values on a bad value, or
   *     naming an unknown option and listing the valid ones (an option meant for another engine
   *     would otherwise be dropped without a word)
   */
  static LoadOptions parse(Map<String, ?> options) {
    Map<String, ?> map = options == null ? Map.of() : options;
    for (String key : map.keySet()) {
      if (!KEYS.contains(key) && !DJL_KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "the Vulkan engine has no option '" + key + "'; its options are " + KEYS);
      }
    }
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
        case "fp16":
          model = model.withPrecision(Precision.FP16);
          break;
        default:
          throw new IllegalArgumentException(
              "option precision='" + precision + "': expected auto, fp32 or fp16");
      }
    }
    if (map.containsKey("profiling")) {
      model = model.withProfiling(flag(map, "profiling"));
    }
    Object pixels = map.get("pixelInput");
    if (pixels != null) {
      try {
        model = model.withPixelInput(PixelInput.named(pixels.toString().trim()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("option pixelInput: " + e.getMessage(), e);
      }
    }
    boolean outputsOnDevice = flag(map, "outputsOnDevice");
    Object device = map.get("device");
    Optional<String> request =
        device == null || device.toString().isBlank()
            ? Optional.empty()
            : Optional.of(device.toString().trim());
    return new LoadOptions(request, model, outputsOnDevice);
  }

  /** Reads a {@code true} / {@code false} option (absent: false). */
  private static boolean flag(Map<String, ?> map, String key) {
    Object value = map.get(key);
    if (value == null) {
      return false;
    }
    String v = value.toString().trim().toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException(
          "option " + key + "='" + value + "': expected true or false");
    }
    return v.equals("true");
  }
}
