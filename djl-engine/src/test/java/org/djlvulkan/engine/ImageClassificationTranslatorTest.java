package org.djlvulkan.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.transform.CenterCrop;
import ai.djl.modality.cv.transform.Normalize;
import ai.djl.modality.cv.transform.Resize;
import ai.djl.modality.cv.transform.ToTensor;
import ai.djl.modality.cv.translator.ImageClassificationTranslator;
import ai.djl.translate.Translator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.djlvulkan.backend.model.ElementType;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.TensorInfo;
import org.djlvulkan.testfixtures.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * DJL's {@link ImageClassificationTranslator} end to end through a {@link Predictor} on the Vulkan
 * engine's host NDArrays: the tensor the model receives and the classifications that come back are
 * compared with a computation written directly on the pixels and logits.
 */
@ExtendWith(EngineValidationExtension.class)
class ImageClassificationTranslatorTest {
  private static final int CLASSES = 1000;
  private static final int STRIDE = 127;

  @TempDir Path modelDir;

  /** The fake network: logit k of image n is 4 * (input element k * STRIDE of image n). */
  private static List<HostTensor> logits(List<HostTensor> inputs) {
    HostTensor in = inputs.get(0);
    int batch = (int) in.shape()[0];
    int perImage = (int) (in.elementCount() / batch);
    float[] x = in.toFloats();
    float[] out = new float[batch * CLASSES];
    for (int n = 0; n < batch; n++) {
      for (int k = 0; k < CLASSES; k++) {
        out[n * CLASSES + k] = 4 * x[n * perImage + k * STRIDE];
      }
    }
    return List.of(HostTensor.ofFloats(out, batch, CLASSES));
  }

  private static double[] softmax(float[] input) {
    double[] logits = new double[CLASSES];
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < CLASSES; k++) {
      logits[k] = 4 * input[k * STRIDE];
      max = Math.max(max, logits[k]);
    }
    double sum = 0;
    for (int k = 0; k < CLASSES; k++) {
      sum += Math.exp(logits[k] - max);
    }
    double[] p = new double[CLASSES];
    for (int k = 0; k < CLASSES; k++) {
      p[k] = Math.exp(logits[k] - max) / sum;
    }
    return p;
  }

  private static void checkClassifications(Classifications c, float[] input) {
    double[] p = softmax(input);
    List<Integer> best =
        IntStream.range(0, CLASSES)
            .boxed()
            .sorted(Comparator.comparingDouble((Integer k) -> -p[k]))
            .limit(5)
            .toList();
    List<Classifications.Classification> top = c.topK(5);
    for (int i = 0; i < 5; i++) {
      assertThat(top.get(i).getClassName()).isEqualTo("class" + best.get(i));
      assertThat(top.get(i).getProbability()).isCloseTo(p[best.get(i)], within(1e-6));
    }
  }

  @Test
  void preprocessingAndPostprocessingMatchTheReference() throws Exception {
    Path chelsea = SharedFixtures.file("images/chelsea.png");
    Path coffee = SharedFixtures.file("images/coffee.png");
    Files.createFile(modelDir.resolve("model.onnx"));
    FakeModel fake =
        new FakeModel(
            List.of(new TensorInfo("input", ElementType.FLOAT32, new long[] {-1, 3, 224, 224})),
            List.of(new TensorInfo("logits", ElementType.FLOAT32, new long[] {-1, CLASSES})),
            ImageClassificationTranslatorTest::logits);
    List<String> synset = new ArrayList<>();
    for (int k = 0; k < CLASSES; k++) {
      synset.add("class" + k);
    }
    Translator<Image, Classifications> translator =
        ImageClassificationTranslator.builder()
            .addTransform(new Resize(ImagePreprocessingReference.RESIZE))
            .addTransform(
                new CenterCrop(ImagePreprocessingReference.CROP, ImagePreprocessingReference.CROP))
            .addTransform(new ToTensor())
            .addTransform(
                new Normalize(ImagePreprocessingReference.MEAN, ImagePreprocessingReference.STD))
            .optApplySoftmax(true)
            .optSynset(synset)
            .build();
    VkEngine engine = EngineValidationExtension.engine();
    try (Model model =
        new VkModel(
            "fake", engine.newBaseManager(Device.cpu()), engine.devices(), (d, f, o) -> fake)) {
      model.load(modelDir);
      Predictor<Image, Classifications> predictor = model.newPredictor(translator);
      Image first = ImageFactory.getInstance().fromFile(chelsea);
      Image second = ImageFactory.getInstance().fromFile(coffee);
      Classifications single = predictor.predict(first);
      List<Classifications> batch = predictor.batchPredict(List.of(first, second));

      float[] wantFirst = ImagePreprocessingReference.classificationInput(chelsea);
      float[] wantSecond = ImagePreprocessingReference.classificationInput(coffee);
      List<List<HostTensor>> runs = fake.received();
      assertThat(runs).hasSize(2);
      HostTensor one = runs.get(0).get(0);
      assertThat(one.shape()).containsExactly(1, 3, 224, 224);
      assertThat(one.toFloats()).isEqualTo(wantFirst);
      HostTensor two = runs.get(1).get(0);
      assertThat(two.shape()).containsExactly(2, 3, 224, 224);
      float[] both = two.toFloats();
      assertThat(Arrays.copyOfRange(both, 0, wantFirst.length)).isEqualTo(wantFirst);
      assertThat(Arrays.copyOfRange(both, wantFirst.length, both.length)).isEqualTo(wantSecond);

      checkClassifications(single, wantFirst);
      checkClassifications(batch.get(0), wantFirst);
      checkClassifications(batch.get(1), wantSecond);
      predictor.close();
    }
    assertThat(fake.closed).isTrue();
  }
}
