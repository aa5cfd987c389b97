package org.djlvulkan.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.DataType;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.djlvulkan.zoo.translator.PixelEncoding;
import org.junit.jupiter.api.Test;

class ZooCatalogTest {

  @Test
  void servesTheThreeModelsWithTheMirrorLayoutOfTheSharedFolder() {
    assertThat(ZooCatalog.artifactIds()).containsExactly("resnet50", "mobilenetv2", "squeezenet");
    assertThat(ZooCatalog.select("resnet50", Map.of("precision", "fp32")).file().relativePath())
        .isEqualTo("resnet50/resnet50-fp32.onnx");
    assertThat(ZooCatalog.select("resnet50", Map.of("precision", "int8")).file().relativePath())
        .isEqualTo("resnet50/resnet50-int8-qdq.onnx");
    assertThat(ZooCatalog.select("mobilenetv2", Map.of("precision", "int8")).file().relativePath())
        .isEqualTo("mobilenetv2-12-int8.onnx");
    assertThat(ZooCatalog.select("squeezenet", Map.of("precision", "fp32")).file().relativePath())
        .isEqualTo("squeezenet-fp16.onnx");
    assertThat(ZooCatalog.SYNSET.relativePath()).isEqualTo("synset.txt");
  }

  @Test
  void withoutAFilterTheFirstPrecisionIsTheDefault() {
    assertThat(ZooCatalog.select("resnet50", null).precision()).isEqualTo("fp32");
    assertThat(ZooCatalog.select("mobilenetv2", Map.of()).precision()).isEqualTo("int8");
    assertThat(ZooCatalog.select("squeezenet", null).precision()).isEqualTo("fp32");
  }

  @Test
  void describesEachModelsInputAndOutput() {
    ZooArtifact squeezenet = ZooCatalog.select("squeezenet", null);
    assertThat(squeezenet.inputType()).isEqualTo(DataType.FLOAT16);
    assertThat(squeezenet.pixels()).isEqualTo(PixelEncoding.RAW_BGR);
    assertThat(squeezenet.outputsLogits()).isFalse();
    assertThat(squeezenet.fixedBatch()).isEqualTo(1);
    assertThat(squeezenet.translatorArguments())
        .containsEntry("inputType", "float16")
        .containsEntry("pixelEncoding", "raw-bgr")
        .containsEntry("applySoftmax", "false");
    for (String id : new String[] {"resnet50", "mobilenetv2"}) {
      for (ZooArtifact a : ZooCatalog.variants(id)) {
        assertThat(a.inputType()).isEqualTo(DataType.FLOAT32);
        assertThat(a.pixels()).isEqualTo(PixelEncoding.IMAGENET_RGB);
        assertThat(a.outputsLogits()).isTrue();
        assertThat(a.fixedBatch()).isZero();
      }
    }
  }

  @Test
  void everyDownloadIsPinnedAndTheOnnxModelZooFilesHaveChecksums() {
    for (ZooArtifact a : ZooCatalog.artifacts()) {
      assertThat(a.file().url().getScheme()).isEqualTo("https");
      assertThat(a.file().url().getPath()).matches(".*/[0-9a-f]{40}/.*");
      if (a.file().url().getHost().equals("github.com")) {
        assertThat(a.file().sha256()).as(a.label()).isPresent();
        assertThat(a.file().size()).isPositive();
      }
    }
    assertThat(ZooCatalog.select("squeezenet", null).file().sha256()).isEmpty();
  }

  @Test
  void namesWhatIsWrongWithAFilter() {
    assertThatThrownBy(() -> ZooCatalog.select("resnet50", Map.of("precision", "fp16")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("org.djlvulkan:resnet50 has no precision 'fp16'; it has [fp32, int8]");
    assertThatThrownBy(() -> ZooCatalog.select("mobilenetv2", Map.of("precision", "fp32")))
        .hasMessage("org.djlvulkan:mobilenetv2 has no precision 'fp32'; it has [int8]");
    Map<String, String> filters = new HashMap<>();
    filters.put("layers", "50");
    assertThatThrownBy(() -> ZooCatalog.select("resnet50", filters))
        .hasMessage(
            "org.djlvulkan:resnet50 has no filter 'layers'; its only filter is 'precision'");
    assertThatThrownBy(() -> ZooCatalog.select("vgg16", null))
        .hasMessage(
            "the org.djlvulkan zoo has no model 'vgg16'; it has [resnet50, mobilenetv2, squeezenet]");
  }

  @Test
  void zooFilesRejectPathsOutsideTheMirrorAndBadChecksums() {
    assertThatThrownBy(() -> ZooFile.unverified("../x.onnx", "https://example.org/x"))
        .hasMessageContaining("'../x.onnx'");
    assertThatThrownBy(() -> ZooFile.unverified("/abs.onnx", "https://example.org/x"))
        .hasMessageContaining("'/abs.onnx'");
    assertThatThrownBy(() -> ZooFile.verified("a.onnx", "https://example.org/a", "abc", 1))
        .hasMessageContaining("'abc'");
    ZooFile upper =
        new ZooFile(
            "dir/a.onnx",
            java.net.URI.create("https://example.org/a"),
            Optional.of("AB".repeat(32)),
            2);
    assertThat(upper.sha256()).contains("ab".repeat(32));
    assertThat(upper.fileName()).isEqualTo("a.onnx");
  }
}
