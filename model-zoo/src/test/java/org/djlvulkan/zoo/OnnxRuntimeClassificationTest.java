package org.djlvulkan.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.djlvulkan.testfixtures.Scores;
import org.djlvulkan.testfixtures.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the trained models through the zoo on DJL's ONNX Runtime engine, with the shared models
 * folder as the mirror: the labels of two photos prove the translator's pre- and post-processing.
 */
class OnnxRuntimeClassificationTest {
  private static final int EGYPTIAN_CAT = 285;
  private static final int ESPRESSO = 967;

  @TempDir Path cache;

  private ZooModel<Image, Classifications> load(String artifactId) throws Exception {
    ZooSettings settings =
        new ZooSettings(Optional.of(SharedFixtures.models()), cache, Optional.empty(), true);
    VkModelZoo zoo = new VkModelZoo(() -> new FileResolver(settings, new Downloader()));
    return Criteria.builder()
        .setTypes(Image.class, Classifications.class)
        .optModelZoo(zoo)
        .optEngine("OnnxRuntime")
        .optArtifactId(artifactId)
        .build()
        .loadModel();
  }

  private static Image image(String name) throws Exception {
    return ImageFactory.getInstance().fromFile(SharedFixtures.image(name));
  }

  /** Returns the class index of the highest probability. */
  private static int top1(Classifications c) {
    return Scores.argmax(c.getProbabilities());
  }

  /** Classifies the cat photo and checks that its top class is the Egyptian cat. */
  private static Classifications classifyCat(Predictor<Image, Classifications> predictor)
      throws Exception {
    Classifications cat = predictor.predict(image("chelsea.png"));
    assertThat(top1(cat)).isEqualTo(EGYPTIAN_CAT);
    return cat;
  }

  private static double sum(Classifications c) {
    return c.getProbabilities().stream().mapToDouble(Double::doubleValue).sum();
  }

  @Test
  void mobilenetv2Int8ClassifiesTheCatAndTheEspresso() throws Exception {
    try (ZooModel<Image, Classifications> model = load("mobilenetv2");
        Predictor<Image, Classifications> predictor = model.newPredictor()) {
      Classifications cat = classifyCat(predictor);
      Classifications coffee = predictor.predict(image("coffee.png"));
      assertThat(top1(coffee)).isEqualTo(ESPRESSO);
      assertThat(cat.best().getClassName()).isEqualTo("Egyptian cat");
      assertThat(coffee.best().getClassName()).isEqualTo("espresso");
      assertThat(sum(cat)).isCloseTo(1.0, within(1e-9));
      assertThat(cat.getClassNames()).hasSize(1000);

      List<Classifications> batch =
          predictor.batchPredict(List.of(image("chelsea.png"), image("coffee.png")));
      assertThat(batch).hasSize(2);
      assertThat(batch.get(0).getProbabilities().get(EGYPTIAN_CAT))
          .isCloseTo(cat.getProbabilities().get(EGYPTIAN_CAT), within(1e-5));
      assertThat(batch.get(1).getProbabilities().get(ESPRESSO))
          .isCloseTo(coffee.getProbabilities().get(ESPRESSO), within(1e-5));
    }
  }

  @Test
  void squeezenetFloat16TakesAndGivesHalvesAndIsNotSoftmaxedTwice() throws Exception {
    try (ZooModel<Image, Classifications> model = load("squeezenet");
        Predictor<Image, Classifications> predictor = model.newPredictor()) {
      Classifications cat = classifyCat(predictor);
      assertThat(top1(predictor.predict(image("coffee.png")))).isEqualTo(ESPRESSO);
      // The model's own softmax, in float16: a second softmax would flatten it to about 1/1000.
      assertThat(sum(cat)).isCloseTo(1.0, within(0.01));
      assertThat(cat.best().getProbability()).isGreaterThan(0.05);
    }
  }
}
