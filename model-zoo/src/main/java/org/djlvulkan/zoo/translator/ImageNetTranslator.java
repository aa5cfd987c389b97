package org.djlvulkan.zoo.translator;

import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.djlvulkan.backend.model.ElementType;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.SourceImages;
import org.djlvulkan.backend.tensor.Float16;

/**
 * Classifies images with an ImageNet model: {@link ImageNetPreprocessor} on the host (with the
 * model's {@link PixelEncoding}), one batched input tensor ({@code [N, 3, 224, 224]}, float32 or
 * float16; or 8-bit images that the model normalizes, or resizes too: {@link InputForm}), and one
 * output read back on the host ({@code [N, classes]} or {@code [N, classes, 1, 1]}, any float
 * type), turned into probabilities by softmax unless the model already outputs them.
 *
 * <p>Batching happens on the host too: the engine is asked only to create arrays from buffers and
 * to hand their bytes back, so the translator works on any DJL engine.
 */
public final class ImageNetTranslator implements Translator<Image, Classifications> {
  private final List<String> classes;
  private final InputForm input;
  private final PixelEncoding encoding;
  private final boolean applySoftmax;

  /** What the translator hands the model for a batch of images. */
  public enum InputForm {
    /** Normalized float32 {@code [N, 3, 224, 224]}, computed on the host. */
    FLOAT32("float32"),
    /** Normalized float16 {@code [N, 3, 224, 224]}, computed on the host. */
    FLOAT16("float16"),
    /**
     * 8-bit images {@code [N, 224, 224, 3]}, resized and cropped on the host, for a model that
     * normalizes them itself (the Vulkan engine's option {@code pixelInput}).
     */
    UINT8("uint8"),
    /**
     * The decoded images at their own size ({@code SourceImages}: their bytes and a table), for a
     * model that resizes, crops and normalizes them itself (option {@code pixelInput}): the host
     * only decodes. A batch whose images take more than {@code SourceImages.MAX_CAPACITY} bytes
     * (large photos) goes as {@link #UINT8} instead, which such a model takes as well.
     */
    IMAGES("images");

    private final String argument;

    InputForm(String argument) {
      this.argument = argument;
    }

    /** Returns the name used as the translator argument {@code inputType}. */
    public String argument() {
      return argument;
    }

    /**
     * Returns the form with the given argument name.
     *
     * @param argument {@code float32}, {@code float16}, {@code uint8} or {@code images}
     * @return the form
     * @throws IllegalArgumentException for another name
     */
    public static InputForm fromArgument(String argument) {
      for (InputForm f : values()) {
        if (f.argument.equals(argument)) {
          return f;
        }
      }
      throw new IllegalArgumentException(
          "must be float32, float16, uint8 or images, got '" + argument + "'");
    }
  }

  /**
   * Creates the translator.
   *
   * @param classes the class labels, index by index
   * @param input what the model takes
   * @param encoding how the model wants the pixels
   * @param applySoftmax true when the model outputs logits, false when it outputs probabilities
   */
  public ImageNetTranslator(
      List<String> classes, InputForm input, PixelEncoding encoding, boolean applySoftmax) {
    this.classes = List.copyOf(classes);
    this.input = input;
    this.encoding = encoding;
    this.applySoftmax = applySoftmax;
  }

  /** Returns the class labels. */
  public List<String> classes() {
    return classes;
  }

  /**
   * Returns {@link Batchifier#STACK}, which makes DJL's predictor hand whole batches to {@link
   * #batchProcessInput} and {@link #batchProcessOutput}; those build and split the batch on the
   * host, so the batchifier itself is never invoked.
   */
  @Override
  public Batchifier getBatchifier() {
    return Batchifier.STACK;
  }

  /** Returns the input of a batch of one image. */
  @Override
  public NDList processInput(TranslatorContext ctx, Image input) {
    return batchProcessInput(ctx, List.of(input));
  }

  /** Returns the classification of a batch of one image. */
  @Override
  public Classifications processOutput(TranslatorContext ctx, NDList list) {
    return batchProcessOutput(ctx, list).get(0);
  }

  /** Returns one {@code [N, 3, 224, 224]} tensor holding every image, pre-processed. */
  @Override
  public NDList batchProcessInput(TranslatorContext ctx, List<Image> inputs) {
    NDManager manager = ctx.getNDManager();
    if (input == InputForm.IMAGES) {
      NDList images = sourceImages(manager, inputs);
      if (images != null) {
        return images;
      }
      // Too many bytes for one storage buffer: resized here, as 8-bit images the model takes too.
    }
    if (input == InputForm.UINT8 || input == InputForm.IMAGES) {
      // 8-bit images [N, 224, 224, 3] for a model that normalizes them on the device.
      byte[] bytes = new byte[inputs.size() * ImageNetPreprocessor.VALUES_PER_IMAGE];
      for (int i = 0; i < inputs.size(); i++) {
        Image image = inputs.get(i);
        ImageNetPreprocessor.writeHwc(
            RgbPixels.of(manager, image),
            image.getWidth(),
            image.getHeight(),
            bytes,
            i * ImageNetPreprocessor.VALUES_PER_IMAGE);
      }
      Shape images =
          new Shape(inputs.size(), ImageNetPreprocessor.CROP, ImageNetPreprocessor.CROP, 3);
      return new NDList(manager.create(ByteBuffer.wrap(bytes), images, DataType.UINT8));
    }
    float[] values = new float[inputs.size() * ImageNetPreprocessor.VALUES_PER_IMAGE];
    for (int i = 0; i < inputs.size(); i++) {
      Image image = inputs.get(i);
      ImageNetPreprocessor.writeChw(
          RgbPixels.of(manager, image),
          image.getWidth(),
          image.getHeight(),
          encoding,
          values,
          i * ImageNetPreprocessor.VALUES_PER_IMAGE);
    }
    Shape shape = new Shape(inputs.size(), 3, ImageNetPreprocessor.CROP, ImageNetPreprocessor.CROP);
    if (input == InputForm.FLOAT32) {
      return new NDList(manager.create(values, shape));
    }
    ByteBuffer halves = manager.allocateDirect(values.length * 2);
    for (float v : values) {
      halves.putShort(Float16.fromFloat(v));
    }
    halves.rewind();
    return new NDList(manager.create(halves, shape, DataType.FLOAT16));
  }

  /**
   * Returns the images' decoded bytes and their table, for a model that resizes them itself, or
   * null when they take more than {@link SourceImages#MAX_CAPACITY} bytes.
   */
  private static NDList sourceImages(NDManager manager, List<Image> inputs) {
    SourceImages.Batch batch = new SourceImages.Batch(inputs.size());
    for (Image image : inputs) {
      DecodedBytes d = DecodedBytes.of(manager, image);
      batch.add(
          d.bytes(),
          d.offset(),
          d.layout(),
          ImageNetPreprocessor.window(image.getWidth(), image.getHeight()));
    }
    if (!batch.fits()) {
      return null;
    }
    List<HostTensor> tensors = batch.tensors();
    NDList list = new NDList(2);
    for (HostTensor t : tensors) {
      DataType type = t.type() == ElementType.UINT8 ? DataType.UINT8 : DataType.INT32;
      list.add(manager.create(t.data(), new Shape(t.shape()), type));
    }
    return list;
  }

  /** Returns one classification per image of the batch. */
  @Override
  public List<Classifications> batchProcessOutput(TranslatorContext ctx, NDList list) {
    NDArray output = list.get(0);
    Shape shape = output.getShape();
    int batch = shape.dimension() == 0 ? 1 : Math.toIntExact(shape.get(0));
    float[] scores = ClassScores.read(output);
    int perImage = batch == 0 ? 0 : scores.length / batch;
    if (perImage != classes.size() || perImage * batch != scores.length) {
      throw new IllegalStateException(
          "model output "
              + output.getDataType()
              + shape
              + " holds "
              + perImage
              + " scores per image, but the synset has "
              + classes.size()
              + " labels");
    }
    List<Classifications> out = new ArrayList<>(batch);
    for (int i = 0; i < batch; i++) {
      List<Double> probabilities =
          applySoftmax
              ? ClassScores.softmax(scores, i * perImage, perImage)
              : ClassScores.asIs(scores, i * perImage, perImage);
      out.add(new Classifications(classes, probabilities));
    }
    return out;
  }
}
