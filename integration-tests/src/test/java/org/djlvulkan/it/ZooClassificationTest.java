package org.djlvulkan.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.ZooModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.djlvulkan.engine.EngineValidationExtension;
import org.djlvulkan.testfixtures.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The zoo's trained models end to end through {@code Predictor<Image, Classifications>} on the
 * Vulkan engine: the photos' labels, the same top-1 as DJL's OnnxRuntime engine on the same zoo, a
 * batch against single predictions, and threads each with their own predictor.
 */
@ExtendWith(EngineValidationExtension.class)
class ZooClassificationTest {
  private static final int EGYPTIAN_CAT = 285;
  private static final int ESPRESSO = 967;
  private static final int THREADS = 4;

  private static Image image(String name) throws Exception {
    return ImageFactory.getInstance().fromFile(SharedFixtures.image(name));
  }

  /** Returns the two photos and a crop of each: four different images. */
  private static List<Image> fourImages() throws Exception {
    Image cat = image("chelsea.png");
    Image coffee = image("coffee.png");
    return List.of(
        cat,
        coffee,
        cat.getSubImage(0, 0, cat.getWidth() / 2, cat.getHeight() / 2),
        coffee.getSubImage(coffee.getWidth() / 3, 0, coffee.getWidth() / 2, coffee.getHeight()));
  }

  private static int top1(ZooModel<Image, Classifications> model, Image image) throws Exception {
    try (Predictor<Image, Classifications> predictor = model.newPredictor()) {
      return Scores.top1(predictor.predict(image));
    }
  }

  @ParameterizedTest
  @CsvSource({"mobilenetv2, int8", "squeezenet, fp32"})
  void labelsThePhotosAsOnnxRuntimeDoes(String artifactId, String precision) throws Exception {
    ZooModel<Image, Classifications> vulkan = ZooModels.classifier("Vulkan", artifactId, precision);
    ZooModel<Image, Classifications> ort =
        ZooModels.classifier("OnnxRuntime", artifactId, precision);
    Image cat = image("chelsea.png");
    Image coffee = image("coffee.png");
    assertThat(top1(vulkan, cat)).as(artifactId + " on chelsea.png").isEqualTo(EGYPTIAN_CAT);
    assertThat(top1(vulkan, coffee)).as(artifactId + " on coffee.png").isEqualTo(ESPRESSO);
    assertThat(top1(ort, cat)).as("ONNX Runtime on chelsea.png").isEqualTo(EGYPTIAN_CAT);
    assertThat(top1(ort, coffee)).as("ONNX Runtime on coffee.png").isEqualTo(ESPRESSO);
  }

  @Test
  void aBatchOfFourEqualsFourSinglePredictions() throws Exception {
    ZooModel<Image, Classifications> model = ZooModels.classifier("Vulkan", "mobilenetv2", "int8");
    List<Image> images = fourImages();
    try (Predictor<Image, Classifications> predictor = model.newPredictor()) {
      List<Classifications> batch = predictor.batchPredict(images);
      assertThat(batch).hasSize(images.size());
      for (int i = 0; i < images.size(); i++) {
        List<Double> single = predictor.predict(images.get(i)).getProbabilities();
        List<Double> batched = batch.get(i).getProbabilities();
        for (int c = 0; c < single.size(); c++) {
          assertThat(batched.get(c))
              .as("image %d, class %d", i, c)
              .isCloseTo(single.get(c), within(1e-6));
        }
      }
    }
  }

  @Test
  void threadsWithTheirOwnPredictorsGetTheSingleThreadResults() throws Exception {
    ZooModel<Image, Classifications> model = ZooModels.classifier("Vulkan", "mobilenetv2", "int8");
    List<Image> images = fourImages();
    List<List<Double>> expected = new ArrayList<>();
    try (Predictor<Image, Classifications> predictor = model.newPredictor()) {
      for (Image image : images) {
        expected.add(predictor.predict(image).getProbabilities());
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<List<List<Double>>>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int first = t;
        results.add(
            pool.submit(
                () -> {
                  List<List<Double>> got = new ArrayList<>();
                  try (Predictor<Image, Classifications> predictor = model.newPredictor()) {
                    for (int i = 0; i < images.size(); i++) {
                      Image image = images.get((first + i) % images.size());
                      got.add(predictor.predict(image).getProbabilities());
                    }
                  }
                  return got;
                }));
      }
      for (int t = 0; t < THREADS; t++) {
        List<List<Double>> got = results.get(t).get();
        for (int i = 0; i < images.size(); i++) {
          assertThat(got.get(i))
              .as("thread %d, image %d", t, (t + i) % images.size())
              .isEqualTo(expected.get((t + i) % images.size()));
        }
      }
    } finally {
      pool.shutdown();
    }
  }
}
