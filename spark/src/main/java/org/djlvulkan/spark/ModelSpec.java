package org.djlvulkan.spark;

import ai.djl.Device;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.repository.zoo.Criteria;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.djlvulkan.zoo.VkModelZoo;
import org.djlvulkan.zoo.ZooArtifact;
import org.djlvulkan.zoo.ZooCatalog;
import org.djlvulkan.zoo.translator.ImageNetTranslatorFactory;

/**
 * Which image classifier the executors load: a zoo model by name (with a precision and a format) or
 * a model file ({@code .onnx}, {@code .pte}) with its synset. Serializable, so that it travels to
 * the executors with the task; equal specs share one loaded model per executor JVM.
 *
 * @param model a zoo model name ({@link ZooCatalog#artifactIds()}) or a model file's path
 * @param precision the zoo model's precision ({@code int8}, {@code fp32}...), or null for its
 *     default
 * @param format the zoo model's format ({@code onnx} or {@code pte}), or null for ONNX
 * @param synset the labels file, one per line; null for the zoo's (required for a model file)
 * @param engine the DJL engine
 */
public record ModelSpec(String model, String precision, String format, String synset, String engine)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The engine unless another is asked for. */
  public static final String VULKAN = "Vulkan";

  /**
   * Returns the spec of a zoo model or model file with the default precision and format.
   *
   * @param model a zoo model name or a model file's path
   * @return the spec
   */
  public static ModelSpec of(String model) {
    return new ModelSpec(model, null, null, null, VULKAN);
  }

  /** Returns whether the model is a zoo model (else a file). */
  public boolean zoo() {
    return !ZooCatalog.variants(model).isEmpty();
  }

  /**
   * Builds the DJL criteria for the model on a device.
   *
   * @param device the device, or null for the engine's default
   * @return the criteria (image in, ImageNet classifications out)
   * @throws IllegalArgumentException when the model is neither a zoo model nor an existing file, or
   *     a file comes without a synset
   */
  public Criteria<Image, Classifications> criteria(Device device) {
    Criteria.Builder<Image, Classifications> b =
        Criteria.builder().setTypes(Image.class, Classifications.class).optEngine(engine);
    if (device != null) {
      b.optDevice(device);
    }
    if (zoo()) {
      Map<String, String> filters = new LinkedHashMap<>();
      filters.put(ZooCatalog.FORMAT, format == null ? ZooCatalog.ONNX : format);
      if (precision != null) {
        filters.put(ZooCatalog.PRECISION, precision);
      }
      ZooArtifact a = ZooCatalog.select(model, filters);
      b.optGroupId(VkModelZoo.GROUP_ID)
          .optArtifactId(a.artifactId())
          .optFilter(ZooCatalog.PRECISION, a.precision())
          .optFilter(ZooCatalog.FORMAT, a.format());
      if (synset != null) {
        b.optArgument(ImageNetTranslatorFactory.SYNSET_PATH, synset);
      }
      return b.build();
    }
    if (!Files.isRegularFile(Path.of(model))) {
      throw new IllegalArgumentException(
          "'" + model + "' is neither a zoo model " + ZooCatalog.artifactIds() + " nor a file");
    }
    if (synset == null) {
      throw new IllegalArgumentException("the model file " + model + " needs a synset file");
    }
    return b.optModelPath(Path.of(model))
        .optTranslatorFactory(new ImageNetTranslatorFactory())
        .optArgument(ImageNetTranslatorFactory.SYNSET_PATH, synset)
        .build();
  }
}
