package org.djlvulkan.zoo;

import ai.djl.repository.zoo.ModelZoo;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The djl-vulkan model zoo, group {@value #GROUP_ID}: ImageNet image classifiers ({@code resnet50}
 * in {@code fp32} and {@code int8}, {@code mobilenetv2} in {@code int8}, {@code squeezenet} in
 * {@code fp32}) with their pre- and post-processing.
 *
 * <pre>{@code
 * Criteria<Image, Classifications> criteria = Criteria.builder()
 *     .setTypes(Image.class, Classifications.class)
 *     .optEngine("Vulkan")
 *     .optArtifactId("resnet50")
 *     .optFilter("precision", "int8")
 *     .build();
 * }</pre>
 *
 * <p>Files come from the model mirror ({@code DJL_VULKAN_MODEL_MIRROR}), else DJL's cache, else
 * their official download (see {@link FileResolver} and {@link ZooCatalog}).
 */
public final class VkModelZoo extends ModelZoo {
  /**
   * Criteria option {@code pixelInput} (any value, e.g. {@code true}): the translator hands the
   * model 8-bit images {@code [N, 224, 224, 3]} and the model normalizes them on the device with
   * the artifact's pixel encoding, instead of the host computing float tensors: a quarter of the
   * bytes to upload and no float work on the host. With the value {@value #RESIZE_ON_DEVICE} the
   * translator hands over the decoded images at their own size and the model resizes and crops them
   * too, so the host only decodes.
   */
  public static final String PIXEL_INPUT = "pixelInput";

  /** The value of {@link #PIXEL_INPUT} that also moves the resize and crop to the device. */
  public static final String RESIZE_ON_DEVICE = "images";

  /** The zoo's group id. */
  public static final String GROUP_ID = "org.djlvulkan";

  /** The engines that can run the zoo's ONNX files, in order of preference. */
  public static final List<String> ENGINES = List.of("Vulkan", "OnnxRuntime");

  /** Creates the zoo with the settings in force at each load ({@link ZooSettings}). */
  public VkModelZoo() {
    this(FileResolver::fromEnvironment);
  }

  /**
   * Creates the zoo with its own way to find files (tests use it to point at their own folders).
   *
   * @param resolver gives the file resolver to use when a model is loaded
   */
  public VkModelZoo(Supplier<FileResolver> resolver) {
    for (String artifactId : ZooCatalog.artifactIds()) {
      addModel(new VkModelLoader(artifactId, resolver));
    }
  }

  @Override
  public String getGroupId() {
    return GROUP_ID;
  }

  @Override
  public Set<String> getSupportedEngines() {
    return new LinkedHashSet<>(ENGINES);
  }
}
