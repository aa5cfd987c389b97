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
        if (a.format().equals(ZooCatalog.PTE)) {
          continue;
        }
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
      if (a.format().equals(ZooCatalog.PTE)) {
        assertThat(a.file().url()).as("%s has no public download", a.label()).isEmpty();
        continue;
      }
      java.net.URI url = a.file().url().orElseThrow();
      assertThat(url.getScheme()).isEqualTo("https");
      assertThat(url.getPath()).matches(".*/[0-9a-f]{40}/.*");
      if (url.getHost().equals("github.com")) {
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
            "org.djlvulkan:resnet50 has no filter 'layers'; its filters are 'precision' and"
                + " 'format'");
    assertThatThrownBy(() -> ZooCatalog.select("resnet50", Map.of("format", "tflite")))
        .hasMessage("org.djlvulkan:resnet50 has no format 'tflite'; it has [onnx, pte]");
    assertThatThrownBy(
            () -> ZooCatalog.select("resnet50", Map.of("format", "pte", "precision", "fp32")))
        .hasMessage(
            "org.djlvulkan:resnet50 has no precision 'fp32' in format 'pte'; it has [int8]");
    assertThatThrownBy(() -> ZooCatalog.select("vgg16", null))
        .hasMessage(
            "the org.djlvulkan zoo has no model 'vgg16'; it has [resnet50, mobilenetv2, squeezenet]");
  }

  @Test
  void theFormatFilterServesTheExecuTorchProgramsOfTheSharedFolder() {
    Map<String, String> pte = Map.of("format", "pte");
    assertThat(ZooCatalog.select("resnet50", pte).file().relativePath())
        .isEqualTo("pte/resnet50-int8.pte");
    assertThat(ZooCatalog.select("mobilenetv2", pte).file().relativePath())
        .isEqualTo("pte/mobilenet_v2-int8.pte");
    assertThat(
            ZooCatalog.select("mobilenetv2", Map.of("format", "pte", "precision", "fp32"))
                .file()
                .relativePath())
        .isEqualTo("pte/mobilenet_v2-fp32.pte");
    ZooArtifact squeezenet = ZooCatalog.select("squeezenet", pte);
    assertThat(squeezenet.file().relativePath()).isEqualTo("pte/squeezenet-trained-fp32.pte");
    assertThat(squeezenet.pixels()).isEqualTo(PixelEncoding.RAW_BGR);
    assertThat(squeezenet.inputType()).isEqualTo(DataType.FLOAT32);
    assertThat(squeezenet.outputsLogits()).isTrue();
    assertThat(squeezenet.label()).isEqualTo("org.djlvulkan:squeezenet (fp32, pte)");
    // The int8 SqueezeNet program saturates on photos (calibrated on +-4): not served.
    assertThatThrownBy(
            () -> ZooCatalog.select("squeezenet", Map.of("format", "pte", "precision", "int8")))
        .hasMessageContaining("has no precision 'int8' in format 'pte'");
    for (ZooArtifact a : ZooCatalog.artifacts()) {
      if (a.format().equals(ZooCatalog.PTE)) {
        assertThat(a.fixedBatch()).as(a.label()).isEqualTo(1);
      }
    }
    // Without the filter, nothing changes: ONNX files, the same default precisions.
    assertThat(ZooCatalog.select("squeezenet", null).format()).isEqualTo("onnx");
    assertThat(ZooCatalog.select("mobilenetv2", Map.of("precision", "int8")).format())
        .isEqualTo("onnx");
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
            Optional.of(java.net.URI.create("https://example.org/a")),
            Optional.of("AB".repeat(32)),
            2);
    assertThat(upper.sha256()).contains("ab".repeat(32));
    assertThat(upper.fileName()).isEqualTo("a.onnx");
  }
}
