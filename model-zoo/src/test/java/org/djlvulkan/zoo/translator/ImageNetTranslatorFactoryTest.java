package org.djlvulkan.zoo.translator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDList;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageNetTranslatorFactoryTest {
  @TempDir Path dir;

  private Map<String, Object> arguments() throws IOException {
    Path synset = Files.writeString(dir.resolve("synset.txt"), "n00000001 one\nn00000002 two\n");
    Map<String, Object> args = new HashMap<>();
    args.put(ImageNetTranslatorFactory.SYNSET_PATH, synset.toString());
    return args;
  }

  private static Translator<Image, Classifications> make(Map<String, Object> args)
      throws TranslateException {
    return new ImageNetTranslatorFactory()
        .newInstance(Image.class, Classifications.class, null, args);
  }

  @Test
  void makesImageClassificationTranslatorsWithTheSynsetsLabels() throws Exception {
    Translator<Image, Classifications> t = make(arguments());
    assertThat(t).isInstanceOf(ImageNetTranslator.class);
    assertThat(((ImageNetTranslator) t).classes()).containsExactly("one", "two");
    assertThat(new ImageNetTranslatorFactory().isSupported(Image.class, Classifications.class))
        .isTrue();
    assertThat(new ImageNetTranslatorFactory().isSupported(NDList.class, NDList.class)).isFalse();
  }

  @Test
  void acceptsTheDocumentedArguments() throws Exception {
    Map<String, Object> args = arguments();
    args.put(ImageNetTranslatorFactory.INPUT_TYPE, "float16");
    args.put(ImageNetTranslatorFactory.PIXEL_ENCODING, "raw-bgr");
    args.put(ImageNetTranslatorFactory.APPLY_SOFTMAX, false);
    assertThat(make(args)).isInstanceOf(ImageNetTranslator.class);
  }

  @Test
  void namesTheArgumentThatIsWrong() throws Exception {
    assertThatThrownBy(() -> make(new HashMap<>()))
        .isInstanceOf(TranslateException.class)
        .hasMessage("ImageNetTranslatorFactory needs the argument synsetPath");
    Map<String, Object> type = arguments();
    type.put(ImageNetTranslatorFactory.INPUT_TYPE, "int8");
    assertThatThrownBy(() -> make(type))
        .hasMessage("inputType must be float32, float16, uint8 or images, got 'int8'");
    Map<String, Object> softmax = arguments();
    softmax.put(ImageNetTranslatorFactory.APPLY_SOFTMAX, "yes");
    assertThatThrownBy(() -> make(softmax))
        .hasMessage("applySoftmax must be true or false, got 'yes'");
    Map<String, Object> pixels = arguments();
    pixels.put(ImageNetTranslatorFactory.PIXEL_ENCODING, "hsv");
    assertThatThrownBy(() -> make(pixels))
        .hasMessage("pixelEncoding: unknown pixel encoding 'hsv'; known: imagenet-rgb, raw-bgr");
    Map<String, Object> missing = arguments();
    missing.put(ImageNetTranslatorFactory.SYNSET_PATH, dir.resolve("none.txt").toString());
    assertThatThrownBy(() -> make(missing)).hasMessageStartingWith("cannot read the labels: ");
    assertThatThrownBy(
            () ->
                new ImageNetTranslatorFactory()
                    .newInstance(NDList.class, NDList.class, null, arguments()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "ImageNetTranslatorFactory makes (Image, Classifications) translators, not (NDList,"
                + " NDList)");
  }
}
