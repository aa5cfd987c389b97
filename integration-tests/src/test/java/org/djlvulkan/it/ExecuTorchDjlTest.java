package org.djlvulkan.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.transform.Resize;
import ai.djl.modality.cv.transform.ToTensor;
import ai.djl.modality.cv.translator.ImageClassificationTranslator;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.djlvulkan.engine.EngineValidationExtension;
import org.djlvulkan.testfixtures.SharedFixtures;
import org.djlvulkan.zoo.VkModelZoo;
import org.djlvulkan.zoo.ZooCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * ExecuTorch programs through DJL: {@code Criteria.optModelPath(x.pte)} and a folder holding one
 * program, with DJL's own {@link ImageClassificationTranslator}. The trained SqueezeNet program
 * takes BGR pixel values 0 to 255 (the weights of the shared SqueezeNet ONNX file), which the
 * translator's pipeline makes: {@code ToTensor} (RGB, 0 to 1), then the channels reversed and
 * scaled by 255.
 */
@ExtendWith(EngineValidationExtension.class)
class ExecuTorchDjlTest {
  @TempDir Path tmp;

  private static Criteria<Image, Classifications> criteria(Path model) throws Exception {
    List<String> synset = Files.readAllLines(SharedFixtures.model("synset.txt"));
    ImageClassificationTranslator translator =
        ImageClassificationTranslator.builder()
            .addTransform(new Resize(224, 224))
            .addTransform(new ToTensor())
            .addTransform(
                a -> {
                  NDList bgr = new NDList(a.get("2:3"), a.get("1:2"), a.get("0:1"));
                  return ai.djl.ndarray.NDArrays.concat(bgr).mul(255f);
                })
            .optSynset(synset)
            .optApplySoftmax(true)
            .build();
    return Criteria.builder()
        .setTypes(Image.class, Classifications.class)
        .optEngine("Vulkan")
        .optModelPath(model)
        .optTranslator(translator)
        .build();
  }

  /**
   * The zoo serves the trained SqueezeNet program with {@code format=pte} and its own translator
   * (BGR 0 to 255, softmax over the logits): the same labels as the program file through DJL.
   */
  @Test
  void theZooServesTheTrainedSqueezeNetProgram() throws Exception {
    SharedFixtures.model("pte/squeezenet-trained-fp32.pte");
    Criteria<Image, Classifications> zoo =
        Criteria.builder()
            .setTypes(Image.class, Classifications.class)
            .optEngine("Vulkan")
            .optGroupId(VkModelZoo.GROUP_ID)
            .optArtifactId("squeezenet")
            .optFilter(ZooCatalog.FORMAT, ZooCatalog.PTE)
            .build();
    try (ZooModel<Image, Classifications> m = zoo.loadModel();
        Predictor<Image, Classifications> p = m.newPredictor()) {
      Classifications cat =
          p.predict(ImageFactory.getInstance().fromFile(SharedFixtures.image("chelsea.png")));
      Classifications cup =
          p.predict(ImageFactory.getInstance().fromFile(SharedFixtures.image("coffee.png")));
      System.out.println("[top-1] zoo squeezenet pte: " + cat.best() + " / " + cup.best());
      assertThat(cat.best().getClassName()).contains("Egyptian cat");
      assertThat(cup.best().getClassName()).contains("espresso");
    }
  }

  @Test
  void trainedSqueezeNetProgramClassifiesThePhotos() throws Exception {
    Path pte = SharedFixtures.model("pte/squeezenet-trained-fp32.pte");
    Path dir = tmp.resolve("squeezenet");
    Files.createDirectories(dir);
    Files.createSymbolicLink(dir.resolve("squeezenet.pte"), pte);
    for (Path model : List.of(pte, dir)) {
      try (ZooModel<Image, Classifications> m = criteria(model).loadModel();
          Predictor<Image, Classifications> p = m.newPredictor()) {
        Classifications cat =
            p.predict(ImageFactory.getInstance().fromFile(SharedFixtures.image("chelsea.png")));
        Classifications cup =
            p.predict(ImageFactory.getInstance().fromFile(SharedFixtures.image("coffee.png")));
        System.out.println(
            "[top-1] squeezenet .pte via " + model + ": " + cat.best() + " / " + cup.best());
        assertThat(cat.best().getClassName()).contains("Egyptian cat");
        assertThat(cup.best().getClassName()).contains("espresso");
      }
    }
  }

  @Test
  void wrongInputShapeAndOtherBackendsAreClearErrors() throws Exception {
    Criteria<NDList, NDList> c =
        Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optEngine("Vulkan")
            .optModelPath(SharedFixtures.model("pte/squeezenet-trained-fp32.pte"))
            .build();
    try (ZooModel<NDList, NDList> m = c.loadModel();
        Predictor<NDList, NDList> p = m.newPredictor()) {
      NDList wrong = new NDList(m.getNDManager().zeros(new ai.djl.ndarray.types.Shape(1, 3, 100)));
      assertThatThrownBy(() -> p.predict(wrong))
          .isInstanceOf(TranslateException.class)
          .hasMessageContaining("input_0");
    }
    Criteria<NDList, NDList> xnn =
        Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optEngine("Vulkan")
            .optModelPath(SharedFixtures.model("pte/squeezenet-trained-xnnpack.pte"))
            .build();
    assertThatThrownBy(xnn::loadModel)
        .isInstanceOf(MalformedModelException.class)
        .hasMessageContaining("VulkanPartitioner");
  }
}
