package org.djlvulkan.zoo;

import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.djlvulkan.zoo.translator.ImageNetTranslatorFactory;
import org.djlvulkan.zoo.translator.PixelEncoding;

/**
 * One model file of the zoo: an artifact in one precision, with what its translator needs to know
 * about the model's input and output.
 *
 * @param artifactId the zoo's name for the model, such as {@code resnet50}
 * @param precision the value of the {@code precision} filter that selects this file: {@code fp32}
 *     or {@code int8}
 * @param format the value of the {@code format} filter that selects this file: {@code onnx} (an
 *     ONNX model) or {@code pte} (an ExecuTorch program lowered for Vulkan)
 * @param file the model file
 * @param inputType the element type of the model input: {@link DataType#FLOAT32} or {@link
 *     DataType#FLOAT16}
 * @param pixels how the model wants the pixels of the input image
 * @param outputsLogits true when the model outputs logits (the translator applies softmax), false
 *     when its output is already a softmax
 * @param fixedBatch the batch size the model is fixed to, or 0 when the batch is dynamic
 * @param description one line for listings: what the file is and where it comes from
 */
public record ZooArtifact(
    String artifactId,
    String precision,
    String format,
    ZooFile file,
    DataType inputType,
    PixelEncoding pixels,
    boolean outputsLogits,
    int fixedBatch,
    String description) {

  /** Checks the values. */
  public ZooArtifact {
    if (inputType != DataType.FLOAT32 && inputType != DataType.FLOAT16) {
      throw new IllegalArgumentException(
          artifactId + ": input type must be float32 or float16, got " + inputType);
    }
    if (!ZooCatalog.FORMATS.contains(format)) {
      throw new IllegalArgumentException(
          artifactId + ": format must be one of " + ZooCatalog.FORMATS + ", got " + format);
    }
    if (fixedBatch < 0) {
      throw new IllegalArgumentException(artifactId + ": fixed batch " + fixedBatch + " < 0");
    }
  }

  /** Returns {@code artifactId (precision)}, or {@code (precision, pte)}: how messages name it. */
  public String label() {
    String variant = format.equals(ZooCatalog.ONNX) ? precision : precision + ", " + format;
    return VkModelZoo.GROUP_ID + ":" + artifactId + " (" + variant + ")";
  }

  /**
   * Returns the arguments of {@link ImageNetTranslatorFactory} for this model, without the synset
   * path (the loader adds it once the labels are resolved).
   *
   * @return input type, pixel encoding and whether to apply softmax
   */
  public Map<String, Object> translatorArguments() {
    Map<String, Object> arguments = new LinkedHashMap<>();
    arguments.put(ImageNetTranslatorFactory.INPUT_TYPE, inputType.toString());
    arguments.put(ImageNetTranslatorFactory.PIXEL_ENCODING, pixels.argument());
    arguments.put(ImageNetTranslatorFactory.APPLY_SOFTMAX, Boolean.toString(outputsLogits));
    return arguments;
  }
}
