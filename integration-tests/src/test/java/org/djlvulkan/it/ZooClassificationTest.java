package org.djlvulkan.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.djlvulkan.backend.model.PixelInput;
import org.djlvulkan.engine.EngineValidationExtension;
import org.djlvulkan.testfixtures.Scores;
import org.djlvulkan.testfixtures.SharedFixtures;
import org.djlvulkan.zoo.VkModelZoo;
import org.djlvulkan.zoo.ZooCatalog;
import org.djlvulkan.zoo.translator.ImageNetPreprocessor;
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
      return Scores.argmax(predictor.predict(image).getProbabilities());
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

  @ParameterizedTest
  @CsvSource({"mobilenetv2, int8, imagenet-rgb", "squeezenet, fp32, raw-bgr"})
  void eightBitImagesNormalizedOnTheDeviceGiveTheFloatPathsResults(
      String artifactId, String precision, String encoding) throws Exception {
    try (ZooModel<Image, Classifications> pixels =
            pixelModel(artifactId, precision, Image.class, Classifications.class);
        Predictor<Image, Classifications> p = pixels.newPredictor()) {
      assertThat(Scores.argmax(p.predict(image("chelsea.png")).getProbabilities()))
          .isEqualTo(EGYPTIAN_CAT);
      assertThat(Scores.argmax(p.predict(image("coffee.png")).getProbabilities()))
          .isEqualTo(ESPRESSO);
      assertThat(pixels.getProperty("djl.vulkan.timing")).contains("dispatches=");
    }
    // The same bytes as floats the host normalizes: the same logits (the device's normalization
    // is the host's; only the rounding of resized pixels to bytes separates the two paths).
    ZooModel<NDList, NDList> floats = ZooModels.tensors("Vulkan", artifactId, precision);
    try (ZooModel<NDList, NDList> raw =
            pixelModel(artifactId, precision, NDList.class, NDList.class);
        Predictor<NDList, NDList> p = raw.newPredictor();
        Predictor<NDList, NDList> f = floats.newPredictor();
        NDManager manager = NDManager.newBaseManager("Vulkan")) {
      Image cat = image("chelsea.png");
      byte[] rgb;
      try (NDArray decoded = cat.toNDArray(manager, Image.Flag.COLOR)) {
        rgb = decoded.toByteArray();
      }
      byte[] bytes = new byte[ImageNetPreprocessor.VALUES_PER_IMAGE];
      ImageNetPreprocessor.writeHwc(rgb, cat.getWidth(), cat.getHeight(), bytes, 0);
      float[] chw = new float[bytes.length];
      int plane = ImageNetPreprocessor.CROP * ImageNetPreprocessor.CROP;
      for (int i = 0; i < plane; i++) {
        float[] px = {bytes[3 * i] & 0xff, bytes[3 * i + 1] & 0xff, bytes[3 * i + 2] & 0xff};
        for (int c = 0; c < 3; c++) {
          chw[c * plane + i] = PixelInput.named(encoding).encode(c, px);
        }
      }
      NDArray fromBytes =
          manager.create(
              java.nio.ByteBuffer.wrap(bytes),
              new Shape(1, ImageNetPreprocessor.CROP, ImageNetPreprocessor.CROP, 3),
              DataType.UINT8);
      NDArray fromFloats = manager.create(chw, new Shape(1, 3, 224, 224));
      float[] a =
          p.predict(new NDList(fromBytes)).get(0).toType(DataType.FLOAT32, false).toFloatArray();
      float[] b =
          f.predict(new NDList(fromFloats)).get(0).toType(DataType.FLOAT32, false).toFloatArray();
      assertThat(a).hasSameSizeAs(b);
      for (int i = 0; i < a.length; i++) {
        assertThat(a[i]).as("logit %d", i).isCloseTo(b[i], within(1e-4f));
      }
    }
  }

  /**
   * The device resamples with the host's float arithmetic, so the int8 model sees the same values.
   * SqueezeNet's file takes float16: the host rounds its input to halves in Java, the device in its
   * conversion kernel, whose rounding of a tie may differ, hence a looser bound.
   */
  @ParameterizedTest
  @CsvSource({"mobilenetv2, int8, 1e-4", "squeezenet, fp32, 5e-3"})
  void imagesResizedOnTheDeviceGiveTheHostPathsResults(
      String artifactId, String precision, double bound) throws Exception {
    ZooModel<Image, Classifications> host = ZooModels.classifier("Vulkan", artifactId, precision);
    List<Image> images = fourImages();
    try (ZooModel<Image, Classifications> device =
            pixelModel(
                artifactId,
                precision,
                VkModelZoo.RESIZE_ON_DEVICE,
                Image.class,
                Classifications.class);
        Predictor<Image, Classifications> d = device.newPredictor();
        Predictor<Image, Classifications> h = host.newPredictor()) {
      // One by one: SqueezeNet's file takes batches of 1 (the backend tests batches).
      List<Classifications> onDevice = new ArrayList<>();
      List<Classifications> onHost = new ArrayList<>();
      for (Image image : images) {
        onDevice.add(d.predict(image));
        onHost.add(h.predict(image));
      }
      double worst = 0;
      for (int i = 0; i < images.size(); i++) {
        assertThat(Scores.argmax(onDevice.get(i).getProbabilities()))
            .as("image %d", i)
            .isEqualTo(Scores.argmax(onHost.get(i).getProbabilities()));
        List<Double> a = onDevice.get(i).getProbabilities();
        List<Double> b = onHost.get(i).getProbabilities();
        for (int c = 0; c < a.size(); c++) {
          worst = Math.max(worst, Math.abs(a.get(c) - b.get(c)));
        }
      }
      System.out.printf(
          "%s %s: resized on the device, max |p - p_host| %.2e%n", artifactId, precision, worst);
      assertThat(worst).as("largest probability difference").isLessThan(bound);
      assertThat(device.getProperty("djl.vulkan.timing")).contains("dispatches=");
    }
  }

  /**
   * Photos too large to go to the device at their own size in one batch (more than the 128 MiB
   * storage buffer every device guarantees) are resized on the host into 8-bit images: the results
   * of the 8-bit pixel input.
   */
  @Test
  void aBatchOfLargePhotosFallsBackToEightBitImages() throws Exception {
    BufferedImage big = new BufferedImage(6000, 4000, BufferedImage.TYPE_3BYTE_BGR);
    java.awt.Graphics2D g = big.createGraphics();
    g.drawImage(((BufferedImage) image("chelsea.png").getWrappedImage()), 0, 0, 6000, 4000, null);
    g.dispose();
    Image photo = ImageFactory.getInstance().fromImage(big);
    List<Image> batch = List.of(photo, photo); // 144 MB of pixels
    try (ZooModel<Image, Classifications> images =
            pixelModel(
                "mobilenetv2",
                "int8",
                VkModelZoo.RESIZE_ON_DEVICE,
                Image.class,
                Classifications.class);
        ZooModel<Image, Classifications> pixels =
            pixelModel("mobilenetv2", "int8", Image.class, Classifications.class);
        Predictor<Image, Classifications> a = images.newPredictor();
        Predictor<Image, Classifications> b = pixels.newPredictor()) {
      List<Classifications> got = a.batchPredict(batch);
      List<Classifications> want = b.batchPredict(batch);
      for (int i = 0; i < batch.size(); i++) {
        assertThat(got.get(i).getProbabilities()).isEqualTo(want.get(i).getProbabilities());
      }
      assertThat(Scores.argmax(got.get(0).getProbabilities())).isEqualTo(EGYPTIAN_CAT);
    }
  }

  private static <I, O> ZooModel<I, O> pixelModel(
      String artifactId, String precision, Class<I> in, Class<O> out) throws Exception {
    return pixelModel(artifactId, precision, "true", in, out);
  }

  private static <I, O> ZooModel<I, O> pixelModel(
      String artifactId, String precision, String pixelInput, Class<I> in, Class<O> out)
      throws Exception {
    return Criteria.builder()
        .setTypes(in, out)
        .optEngine("Vulkan")
        .optGroupId(VkModelZoo.GROUP_ID)
        .optArtifactId(artifactId)
        .optFilter(ZooCatalog.PRECISION, precision)
        .optOption(VkModelZoo.PIXEL_INPUT, pixelInput)
        .build()
        .loadModel();
  }
}
