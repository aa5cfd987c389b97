package org.djlvulkan.spark;

import ai.djl.Device;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.translate.NoopTranslator;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.djlvulkan.zoo.ImageResize;
import org.djlvulkan.zoo.VkModelZoo;
import org.djlvulkan.zoo.ZooArtifact;
import org.djlvulkan.zoo.ZooCatalog;
import org.djlvulkan.zoo.translator.ImageNetTranslatorFactory;
import org.djlvulkan.zoo.translator.PixelEncoding;

/**
 * Which image classifier the executors load: a zoo model by name (with a precision and a format) or
 * a model file ({@code .onnx}, {@code .pte}) with its synset. Serializable, so that it travels to
 * the executors with the task; equal specs share one loaded model per executor JVM.
 *
 * @param model a zoo model name ({@link ZooCatalog#artifactIds()}) or a model file's path
 * @param precision the zoo model's precision ({@code int8}, {@code fp32}...), or null for its
 *     default; {@code fp16} runs the zoo's fp32 file (or the model file) with fp16 activations (the
 *     engine's {@code precision=fp16})
 * @param format the zoo model's format ({@code onnx} or {@code pte}), or null for ONNX
 * @param synset the labels file, one per line; null for the zoo's (required for a model file)
 * @param engine the DJL engine
 * @param device the GPU index to run on, or -1 for the one Spark gives the task (its first {@code
 *     gpu} resource address) and otherwise the engine's default
 * @param resize where the images are resized, cropped and normalized: on the device (the Vulkan
 *     engine's {@code pixelInput=images}, the host only decodes), on the host (float tensors), or
 *     {@link ImageResize#AUTO}: on the device when the model runs on a GPU
 */
public record ModelSpec(
    String model,
    String precision,
    String format,
    String synset,
    String engine,
    int device,
    ImageResize resize)
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
    return new ModelSpec(model, null, null, null, VULKAN, -1, ImageResize.AUTO);
  }

  /** Checks that resizing on the device goes with the Vulkan engine. */
  public ModelSpec {
    if (resize == null) {
      throw new IllegalArgumentException("resize must be host, device or auto");
    }
    if (resize == ImageResize.DEVICE && !VULKAN.equals(engine)) {
      throw new IllegalArgumentException(
          "resizing images on the device needs the Vulkan engine, not " + engine);
    }
  }

  /**
   * Returns this spec with the images resized where asked.
   *
   * @param where host, device or auto
   * @return the spec
   */
  public ModelSpec withResize(ImageResize where) {
    return new ModelSpec(model, precision, format, synset, engine, device, where);
  }

  /** Returns whether the model is a zoo model (else a file). */
  public boolean zoo() {
    return !ZooCatalog.variants(model).isEmpty();
  }

  /**
   * Builds the DJL criteria that run the model on tensors as they are (no pre- or post-processing):
   * for the raw mode of {@link VulkanTensorRunner}.
   *
   * @param device the device, or null for the engine's default
   * @return the criteria (NDList in, NDList out)
   */
  public Criteria<NDList, NDList> rawCriteria(Device device) {
    Criteria.Builder<NDList, NDList> b =
        base(Criteria.builder().setTypes(NDList.class, NDList.class), device);
    if (!zoo()) {
      b.optModelPath(existingFile());
    }
    return b.optTranslator(new NoopTranslator()).build();
  }

  /**
   * Sets what every criteria of this spec shares: engine, device, the fp16 option and, for a zoo
   * model, its artifact.
   */
  private <I, O> Criteria.Builder<I, O> base(Criteria.Builder<I, O> b, Device device) {
    b.optEngine(engine);
    if (device != null) {
      b.optDevice(device);
    }
    if (fp16()) {
      b.optOption("precision", ZooCatalog.FP16);
    }
    if (zoo()) {
      ZooArtifact a = artifact();
      b.optGroupId(VkModelZoo.GROUP_ID)
          .optArtifactId(a.artifactId())
          .optFilter(ZooCatalog.PRECISION, a.precision())
          .optFilter(ZooCatalog.FORMAT, a.format());
    }
    return b;
  }

  private boolean fp16() {
    return ZooCatalog.FP16.equals(precision);
  }

  private ZooArtifact artifact() {
    Map<String, String> filters = new LinkedHashMap<>();
    filters.put(ZooCatalog.FORMAT, format == null ? ZooCatalog.ONNX : format);
    if (precision != null) {
      filters.put(ZooCatalog.PRECISION, ZooCatalog.filePrecision(precision));
    }
    return ZooCatalog.select(model, filters);
  }

  private Path existingFile() {
    if (!Files.isRegularFile(Path.of(model))) {
      throw new IllegalArgumentException(
          "'" + model + "' is neither a zoo model " + ZooCatalog.artifactIds() + " nor a file");
    }
    return Path.of(model);
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
        base(Criteria.builder().setTypes(Image.class, Classifications.class), device);
    boolean resizeOnDevice = resize.onDevice(engine, device);
    if (zoo()) {
      if (synset != null) {
        b.optArgument(ImageNetTranslatorFactory.SYNSET_PATH, synset);
      }
      if (resizeOnDevice) {
        ImageResize.resizeOnDevice(b, true, null);
      }
      return b.build();
    }
    Path file = existingFile();
    if (synset == null) {
      throw new IllegalArgumentException("the model file " + model + " needs a synset file");
    }
    if (resizeOnDevice) {
      ImageResize.resizeOnDevice(b, false, PixelEncoding.IMAGENET_RGB.argument());
    }
    return b.optModelPath(file)
        .optTranslatorFactory(new ImageNetTranslatorFactory())
        .optArgument(ImageNetTranslatorFactory.SYNSET_PATH, synset)
        .build();
  }
}
