package org.djlvulkan.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Application;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.repository.MRL;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelLoader;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ModelZoo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zoo as DJL sees it: registration, listing, filters and the errors of loading. */
class VkModelZooTest {
  @TempDir Path mirror;
  @TempDir Path cache;

  private VkModelZoo zoo(boolean offline) {
    ZooSettings settings = new ZooSettings(Optional.of(mirror), cache, Optional.empty(), offline);
    return new VkModelZoo(() -> new FileResolver(settings, new Downloader()));
  }

  @Test
  void djlFindsTheZooThroughItsServiceFile() {
    ModelZoo zoo = ModelZoo.getModelZoo(VkModelZoo.GROUP_ID);
    assertThat(zoo).isInstanceOf(VkModelZoo.class);
    assertThat(zoo.getSupportedEngines()).containsExactly("Vulkan", "OnnxRuntime");
    assertThat(zoo.getModelLoaders())
        .extracting(ModelLoader::getArtifactId)
        .containsExactlyInAnyOrder("resnet50", "mobilenetv2", "squeezenet");
    assertThat(zoo.getModelLoaders())
        .allSatisfy(
            l -> {
              assertThat(l.getGroupId()).isEqualTo(VkModelZoo.GROUP_ID);
              assertThat(l.getApplication()).isEqualTo(Application.CV.IMAGE_CLASSIFICATION);
            });
    assertThat(zoo.getModelLoader("resnet50").toString())
        .isEqualTo("org.djlvulkan:resnet50 CV.IMAGE_CLASSIFICATION [fp32, int8, int8 (pte)]");
  }

  @Test
  void eachModelHasTheMrlThatDjlListsItBy() {
    for (ModelLoader loader : ModelZoo.getModelZoo(VkModelZoo.GROUP_ID).getModelLoaders()) {
      MRL mrl = loader.getMrl();
      assertThat(mrl.getGroupId()).isEqualTo(VkModelZoo.GROUP_ID);
      assertThat(mrl.getArtifactId()).isEqualTo(loader.getArtifactId());
      assertThat(mrl.getApplication()).isEqualTo(Application.CV.IMAGE_CLASSIFICATION);
      assertThat(mrl.toString()).isEqualTo("djl://org.djlvulkan/" + loader.getArtifactId());
    }
  }

  @Test
  void thePrecisionFilterPicksTheFile() throws Exception {
    Files.createDirectories(mirror.resolve("resnet50"));
    Files.writeString(mirror.resolve("resnet50/resnet50-int8-qdq.onnx"), "int8 stand-in");
    Files.writeString(mirror.resolve("synset.txt"), "n00000001 only\n");
    Criteria<Image, Classifications> int8 = criteria("resnet50", "int8", false);
    Criteria<Image, Classifications> fp32 = criteria("resnet50", "fp32", false);
    Criteria<Image, Classifications> byDefault = criteria("resnet50", null, false);
    assertThat(int8.isDownloaded()).isTrue();
    assertThat(fp32.isDownloaded()).isFalse();
    assertThat(byDefault.isDownloaded()).isFalse();
  }

  @Test
  void anUnknownPrecisionIsNotFoundAndTheCauseListsTheValidOnes() {
    assertThatThrownBy(() -> criteria("mobilenetv2", "fp32", false).loadModel())
        .isInstanceOf(ModelNotFoundException.class)
        .cause()
        .hasMessage("org.djlvulkan:mobilenetv2 has no precision 'fp32'; it has [int8]");
  }

  @Test
  void typesTheZooDoesNotServeAreNotFound() {
    Criteria<String, String> strings =
        Criteria.builder()
            .setTypes(String.class, String.class)
            .optModelZoo(zoo(false))
            .optEngine("OnnxRuntime")
            .optArtifactId("squeezenet")
            .build();
    assertThatThrownBy(strings::loadModel)
        .isInstanceOf(ModelNotFoundException.class)
        .cause()
        .hasMessage(
            "org.djlvulkan:squeezenet serves (Image, Classifications) and (NDList, NDList), not"
                + " (String, String)");
  }

  @Test
  void offlineWithNothingFoundTheErrorSaysHowToSetTheMirror() {
    assertThatThrownBy(() -> criteria("mobilenetv2", "int8", true).loadModel())
        .isInstanceOf(ModelUnavailableException.class)
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(
            "org.djlvulkan:mobilenetv2 (int8): mobilenetv2-12-int8.onnx is in neither the model"
                + " mirror "
                + mirror)
        .hasMessageContaining(
            "DJL offline mode forbids downloading https://github.com/onnx/models/")
        .hasMessageEndingWith(
            "set DJL_VULKAN_MODEL_MIRROR (or -Ddjl.vulkan.model.mirror) to a folder that holds"
                + " mobilenetv2-12-int8.onnx");
  }

  @Test
  void anEngineOutsideTheZoosListSkipsTheZoo() {
    Criteria<Image, Classifications> pytorch =
        Criteria.builder()
            .setTypes(Image.class, Classifications.class)
            .optModelZoo(zoo(false))
            .optEngine("PyTorch")
            .optArtifactId("resnet50")
            .build();
    assertThatThrownBy(pytorch::loadModel)
        .isInstanceOf(ModelNotFoundException.class)
        .hasMessage("ModelZoo doesn't support specified engine: PyTorch");
  }

  private Criteria<Image, Classifications> criteria(
      String artifactId, String precision, boolean offline) {
    Criteria.Builder<Image, Classifications> b =
        Criteria.builder()
            .setTypes(Image.class, Classifications.class)
            .optModelZoo(zoo(offline))
            .optEngine("OnnxRuntime")
            .optArtifactId(artifactId);
    if (precision != null) {
      b.optFilter(ZooCatalog.PRECISION, precision);
    }
    return b.build();
  }
}
