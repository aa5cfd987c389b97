package org.djlvulkan.cli.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.types.DataType;
import ai.djl.repository.zoo.Criteria;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.djlvulkan.cli.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelChoiceTest {
  @TempDir Path dir;

  @Test
  void zooModelsPreferInt8WhereTheyHaveIt() {
    assertThat(ModelChoice.parse("mobilenetv2", Optional.empty()).label())
        .isEqualTo("org.djlvulkan:mobilenetv2 (int8)");
    assertThat(ModelChoice.parse("resnet50", Optional.empty()).label())
        .isEqualTo("org.djlvulkan:resnet50 (int8)");
    assertThat(ModelChoice.parse("resnet50", Optional.of("fp32")).label())
        .isEqualTo("org.djlvulkan:resnet50 (fp32)");
    ModelChoice squeezenet = ModelChoice.parse("squeezenet", Optional.empty());
    assertThat(squeezenet.label()).isEqualTo("org.djlvulkan:squeezenet (fp32)");
    assertThat(squeezenet.inputType()).isEqualTo(DataType.FLOAT16);
    assertThat(squeezenet.fixedBatch()).isEqualTo(1);
  }

  @Test
  void zooModelsLoadThroughTheZooWithTheirPrecision() {
    Criteria<Image, Classifications> c =
        ModelChoice.parse("resnet50", Optional.of("fp32"))
            .criteria(Image.class, Classifications.class, "Vulkan")
            .build();
    assertThat(c.getGroupId()).isEqualTo("org.djlvulkan");
    assertThat(c.getArtifactId()).isEqualTo("resnet50");
    assertThat(c.getFilters()).isEqualTo(Map.of("precision", "fp32", "format", "onnx"));
    assertThat(c.getEngine()).isEqualTo("Vulkan");
  }

  @Test
  void theFormatPicksTheZoosExecuTorchProgramAndItsDefaultPrecision() throws IOException {
    ModelChoice squeezenet = ModelChoice.parse("squeezenet", Optional.empty(), Optional.of("pte"));
    assertThat(squeezenet.label()).isEqualTo("org.djlvulkan:squeezenet (fp32, pte)");
    assertThat(squeezenet.fixedBatch()).isEqualTo(1);
    assertThat(ModelChoice.parse("mobilenetv2", Optional.empty(), Optional.of("pte")).label())
        .isEqualTo("org.djlvulkan:mobilenetv2 (int8, pte)");
    assertThat(
            ModelChoice.parse("mobilenetv2", Optional.empty(), Optional.of("pte"))
                .criteria(Image.class, Classifications.class, "Vulkan")
                .build()
                .getFilters())
        .isEqualTo(Map.of("precision", "int8", "format", "pte"));
    assertThatThrownBy(() -> ModelChoice.parse("resnet50", Optional.empty(), Optional.of("tflite")))
        .isInstanceOf(UsageException.class)
        .hasMessage("--format: org.djlvulkan:resnet50 has no format 'tflite'; it has [onnx, pte]");
    Path program = Files.writeString(dir.resolve("x.pte"), "x");
    assertThatThrownBy(
            () -> ModelChoice.parse(program.toString(), Optional.empty(), Optional.of("pte")))
        .isInstanceOf(UsageException.class)
        .hasMessage("--format picks the file of a zoo model; a model file runs as it is");
  }

  @Test
  void onnxFilesRunAsTheyAre() throws IOException {
    Path file = Files.writeString(dir.resolve("net.onnx"), "x");
    ModelChoice choice = ModelChoice.parse(file.toString(), Optional.empty());
    assertThat(choice.artifact()).isEmpty();
    assertThat(choice.label()).isEqualTo(file.toString());
    assertThat(choice.inputType()).isEqualTo(DataType.FLOAT32);
    assertThat(choice.fixedBatch()).isZero();
    assertThat(choice.resolveFile()).isEqualTo(file);
    Criteria<Image, Classifications> c =
        choice.criteria(Image.class, Classifications.class, "Vulkan").build();
    assertThat(c.getModelZoo()).isNotNull();
    assertThat(c.getArtifactId()).isNull();
  }

  @Test
  void namesWhatIsWrong() throws IOException {
    assertThatThrownBy(() -> ModelChoice.parse("vgg16", Optional.empty()))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "--model: 'vgg16' is neither a zoo model [resnet50, mobilenetv2, squeezenet] nor a"
                + " model file (.onnx or .pte)");
    assertThatThrownBy(() -> ModelChoice.parse("mobilenetv2", Optional.of("fp32")))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "--precision: org.djlvulkan:mobilenetv2 has no precision 'fp32'; it has [int8]");
    assertThatThrownBy(
            () -> ModelChoice.parse(dir.resolve("none.onnx").toString(), Optional.empty()))
        .hasMessage("--model: no file " + dir.resolve("none.onnx"));
    Path file = Files.writeString(dir.resolve("net.onnx"), "x");
    assertThatThrownBy(() -> ModelChoice.parse(file.toString(), Optional.of("int8")))
        .hasMessage(
            "--precision int8|fp32 picks the file of a zoo model; a model file runs as it is or"
                + " with --precision fp16");
  }

  @Test
  void fp16RunsTheFloatFileWithTheEnginesFp16Option() throws IOException {
    ModelChoice zoo = ModelChoice.parse("resnet50", Optional.of("fp16"));
    assertThat(zoo.fp16()).isTrue();
    assertThat(zoo.artifact().orElseThrow().precision()).isEqualTo("fp32");
    assertThat(zoo.label()).endsWith("[fp16]");
    Criteria<Image, Classifications> c =
        zoo.criteria(Image.class, Classifications.class, "Vulkan").build();
    assertThat(c.getOptions()).containsEntry("precision", "fp16");
    Path file = Files.writeString(dir.resolve("f.onnx"), "x");
    ModelChoice onFile = ModelChoice.parse(file.toString(), Optional.of("fp16"));
    assertThat(onFile.fp16()).isTrue();
    assertThat(onFile.criteria(Image.class, Classifications.class, "Vulkan").build().getOptions())
        .containsEntry("precision", "fp16");
    assertThat(ModelChoice.parse("resnet50", Optional.of("fp32")).fp16()).isFalse();
    assertThatThrownBy(() -> ModelChoice.parse("mobilenetv2", Optional.of("fp16")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("has no precision 'fp32'");
  }
}
