package org.djlvulkan.zoo.translator;

import ai.djl.Model;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Makes {@link ImageNetTranslator}s for {@code (Image, Classifications)}. Arguments (strings or the
 * matching Java types):
 *
 * <ul>
 *   <li>{@value #SYNSET_PATH} (required): the synset file, see {@link Synset}
 *   <li>{@value #INPUT_TYPE}: {@code float32} (default) or {@code float16}, the model's input type;
 *       {@code uint8} or {@code images} for a model loaded with the Vulkan engine's option {@code
 *       pixelInput} (see {@link ImageNetTranslator.InputForm})
 *   <li>{@value #PIXEL_ENCODING}: {@code imagenet-rgb} (default) or {@code raw-bgr}, see {@link
 *       PixelEncoding}
 *   <li>{@value #APPLY_SOFTMAX}: {@code true} (default) when the model outputs logits, {@code
 *       false} when it outputs probabilities
 * </ul>
 *
 * <p>Use it for any ImageNet classifier file: {@code Criteria.builder().setTypes(Image.class,
 * Classifications.class).optModelPath(file).optTranslatorFactory(new
 * ImageNetTranslatorFactory()).optArgument("synsetPath", labels)}.
 */
public final class ImageNetTranslatorFactory implements TranslatorFactory {
  /** Argument: the synset file. */
  public static final String SYNSET_PATH = "synsetPath";

  /**
   * Argument: what the model takes, {@code float32}, {@code float16}, {@code uint8} or {@code
   * images} ({@link ImageNetTranslator.InputForm}).
   */
  public static final String INPUT_TYPE = "inputType";

  /** Argument: how the model wants the pixels, {@code imagenet-rgb} or {@code raw-bgr}. */
  public static final String PIXEL_ENCODING = "pixelEncoding";

  /** Argument: whether the model outputs logits that need a softmax. */
  public static final String APPLY_SOFTMAX = "applySoftmax";

  /** Creates the factory. */
  public ImageNetTranslatorFactory() {}

  @Override
  public Set<Pair<Type, Type>> getSupportedTypes() {
    return Set.of(new Pair<>(Image.class, Classifications.class));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <I, O> Translator<I, O> newInstance(
      Class<I> input, Class<O> output, Model model, Map<String, ?> arguments)
      throws TranslateException {
    if (!isSupported(input, output)) {
      throw new IllegalArgumentException(
          "ImageNetTranslatorFactory makes (Image, Classifications) translators, not ("
              + input.getSimpleName()
              + ", "
              + output.getSimpleName()
              + ")");
    }
    Object synset = arguments.get(SYNSET_PATH);
    if (synset == null) {
      throw new TranslateException("ImageNetTranslatorFactory needs the argument " + SYNSET_PATH);
    }
    Path synsetPath = Path.of(synset.toString());
    try {
      return (Translator<I, O>)
          new ImageNetTranslator(
              Synset.load(synsetPath),
              inputType(arguments.get(INPUT_TYPE)),
              encoding(arguments.get(PIXEL_ENCODING)),
              applySoftmax(arguments.get(APPLY_SOFTMAX)));
    } catch (IOException e) {
      throw new TranslateException("cannot read the labels: " + e.getMessage(), e);
    }
  }

  private static ImageNetTranslator.InputForm inputType(Object value) throws TranslateException {
    if (value == null) {
      return ImageNetTranslator.InputForm.FLOAT32;
    }
    try {
      return ImageNetTranslator.InputForm.fromArgument(
          value.toString().trim().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new TranslateException(INPUT_TYPE + " " + e.getMessage(), e);
    }
  }

  private static PixelEncoding encoding(Object value) throws TranslateException {
    if (value == null) {
      return PixelEncoding.IMAGENET_RGB;
    }
    try {
      return PixelEncoding.fromArgument(value.toString().trim().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new TranslateException(PIXEL_ENCODING + ": " + e.getMessage(), e);
    }
  }

  private static boolean applySoftmax(Object value) throws TranslateException {
    if (value == null) {
      return true;
    }
    String text = value.toString().trim().toLowerCase(Locale.ROOT);
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new TranslateException(APPLY_SOFTMAX + " must be true or false, got '" + value + "'");
  }
}
