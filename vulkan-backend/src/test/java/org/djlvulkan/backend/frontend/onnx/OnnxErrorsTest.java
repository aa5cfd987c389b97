package org.djlvulkan.backend.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.FLOAT;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.i;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.message;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.lower.CompiledModel;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.InferenceSession;
import org.djlvulkan.backend.model.ModelException;
import org.djlvulkan.backend.model.ModelFormatException;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.model.UnsupportedModelException;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Invalid and unsupported models fail with exceptions that name the problem and where it is. */
@ExtendWith(VulkanExtension.class)
class OnnxErrorsTest {
  private static OnnxWriter relu() {
    return new OnnxWriter(17)
        .input("x", FLOAT, -1, 2)
        .output("y", FLOAT, -1, 2)
        .node("Relu", List.of("x"), List.of("y"));
  }

  private static InferenceModel load(byte[] bytes) {
    return OnnxModels.load(VulkanExtension.device(), bytes, "test.onnx", ModelOptions.DEFAULT);
  }

  /** Loads a model and runs it once on one input (the first run lowers the input's variant). */
  private static void runOnce(byte[] bytes, HostTensor input) {
    try (InferenceModel m = load(bytes);
        InferenceSession s = m.newSession()) {
      s.run(List.of(input));
    }
  }

  @Test
  void truncatedBytesAreAFormatError() {
    byte[] good = relu().build();
    for (int cut = 1; cut < good.length; cut++) {
      byte[] bad = Arrays.copyOf(good, cut);
      assertThatThrownBy(() -> OnnxModels.importGraph(bad, "test.onnx", null))
          .as("cut at %d", cut)
          .isInstanceOf(ModelException.class)
          .hasMessageStartingWith("test.onnx: ");
    }
  }

  @Test
  void lengthBeyondTheBytesLeftIsAFormatError() {
    // ModelProto.graph (field 7, length-delimited) claiming 1 GiB.
    byte[] bad = {0x08, 0x08, 0x3a, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x04};
    assertThatThrownBy(() -> OnnxModels.importGraph(bad, "test.onnx", null))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("exceeds");
  }

  @Test
  void deepNestingIsAFormatError() {
    // graph -> node -> attribute g -> graph -> ... 200 levels.
    byte[] graph = message(o -> o.writeString(2, "leaf"));
    for (int level = 0; level < 200; level++) {
      byte[] inner = graph;
      byte[] attr =
          message(
              o -> {
                o.writeString(1, "body");
                o.writeByteArray(6, inner);
              });
      byte[] node =
          message(
              o -> {
                o.writeString(4, "If");
                o.writeByteArray(5, attr);
              });
      graph = message(o -> o.writeByteArray(1, node));
    }
    byte[] g = graph;
    byte[] model =
        message(
            o -> {
              o.writeInt64(1, 8);
              o.writeByteArray(7, g);
            });
    assertThatThrownBy(() -> OnnxModels.importGraph(model, "test.onnx", null))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("nested deeper");
  }

  @Test
  void absurdDimensionsAreAFormatError() {
    byte[] huge =
        message(
            o -> {
              o.writeInt64(1, 1L << 40);
              o.writeInt64(1, 1L << 40);
              o.writeInt32(2, FLOAT);
              o.writeString(8, "w");
              o.writeByteArray(9, new byte[16]);
            });
    byte[] model = relu().rawInitializer(huge).build();
    assertThatThrownBy(() -> OnnxModels.importGraph(model, "test.onnx", null))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("tensor 'w'")
        .hasMessageContaining("impossible dimensions");
    byte[] short1 =
        message(
            o -> {
              o.writeInt64(1, 1000);
              o.writeInt32(2, FLOAT);
              o.writeString(8, "w");
              o.writeByteArray(9, new byte[16]);
            });
    assertThatThrownBy(
            () -> OnnxModels.importGraph(relu().rawInitializer(short1).build(), "t", null))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("needs 4000 bytes of raw_data, has 16");
  }

  @Test
  void danglingInputsAndCyclesAreFormatErrors() {
    byte[] dangling =
        new OnnxWriter(17)
            .input("x", FLOAT, 1, 2)
            .output("y", FLOAT, 1, 2)
            .node("Add", List.of("x", "missing_weight"), List.of("y"))
            .build();
    assertThatThrownBy(() -> load(dangling))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("node 'add_0' (Add)")
        .hasMessageContaining("'missing_weight' is not produced");
    byte[] cycle =
        new OnnxWriter(17)
            .input("x", FLOAT, 1, 2)
            .output("y", FLOAT, 1, 2)
            .node("Add", List.of("x", "b"), List.of("a"))
            .node("Relu", List.of("a"), List.of("b"))
            .node("Relu", List.of("b"), List.of("y"))
            .build();
    assertThatThrownBy(() -> load(cycle))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("cycle");
  }

  @Test
  void versionsOutOfRangeAreUnsupported() {
    assertThatThrownBy(() -> load(relu().irVersion(2).build()))
        .isInstanceOf(UnsupportedModelException.class)
        .hasMessageContaining("IR version 2");
    byte[] opset22 =
        new OnnxWriter(22)
            .input("x", FLOAT, 1, 2)
            .output("y", FLOAT, 1, 2)
            .node("Relu", List.of("x"), List.of("y"))
            .build();
    assertThatThrownBy(() -> load(opset22))
        .isInstanceOf(UnsupportedModelException.class)
        .hasMessageContaining("operator set 22");
  }

  @Test
  void everyUnsupportedOperatorIsListedInOneException() {
    byte[] model =
        new OnnxWriter(17)
            .input("x", FLOAT, 1, 2)
            .output("y", FLOAT, 1, 2)
            .node("Bernoulli", List.of("x"), List.of("a"))
            .node("Relu", List.of("a"), List.of("b"))
            .node("custom.domain", "Frobnicate", List.of("b"), List.of("c"))
            .node("LpNormalization", List.of("c"), List.of("y"))
            .build();
    assertThatThrownBy(() -> load(model))
        .isInstanceOfSatisfying(
            UnsupportedModelException.class,
            e ->
                assertThat(e.unsupportedNodes())
                    .containsExactly(
                        "Bernoulli 'bernoulli_0'",
                        "Frobnicate (custom.domain) 'frobnicate_2'",
                        "LpNormalization 'lpnormalization_3'"))
        .hasMessageContaining("3 node(s) with unsupported operators");
  }

  @Test
  void unsupportedAttributesNameTheNode() {
    byte[] model =
        new OnnxWriter(17)
            .input("x", FLOAT, 1, 2, 3, 3)
            .output("y", FLOAT, 1, 2, 6, 3)
            .node("Concat", List.of("x", "x"), List.of("y"), i("axis", 5))
            .build();
    assertThatThrownBy(() -> load(model))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("node 'concat_0' (Concat)")
        .hasMessageContaining("axis 5 is out of range for rank 4");
  }

  @Test
  void externalDataIsReadFromTheModelsFolderOnly(@TempDir Path dir) throws IOException {
    float[] bias = {1f, -2f};
    Files.write(dir.resolve("weights.bin"), toBytes(new float[] {9f, 9f, 1f, -2f}));
    byte[] model = externalBiasModel("weights.bin", 8);
    Path file = dir.resolve("model.onnx");
    Files.write(file, model);
    try (InferenceModel m = OnnxModels.load(VulkanExtension.device(), file, ModelOptions.DEFAULT);
        InferenceSession s = m.newSession()) {
      float[] y =
          s.run(List.of(HostTensor.ofFloats(new float[] {0.5f, 0.5f}, 1, 2))).get(0).toFloats();
      assertThat(y).containsExactly(0.5f + bias[0], 0.5f + bias[1]);
    }
    for (String escape : List.of("../weights.bin", "/etc/passwd", "sub/../../weights.bin")) {
      Files.write(file, externalBiasModel(escape, 0));
      assertThatThrownBy(
              () -> OnnxModels.load(VulkanExtension.device(), file, ModelOptions.DEFAULT))
          .as(escape)
          .isInstanceOf(ModelFormatException.class)
          .hasMessageContaining("escapes the model's folder");
    }
    Path outside = Files.createTempFile("outside", ".bin");
    Files.write(outside, toBytes(bias));
    Files.createSymbolicLink(dir.resolve("link.bin"), outside);
    Files.write(file, externalBiasModel("link.bin", 0));
    assertThatThrownBy(() -> OnnxModels.load(VulkanExtension.device(), file, ModelOptions.DEFAULT))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("escapes the model's folder");
    Files.delete(outside);
    assertThatThrownBy(() -> load(externalBiasModel("weights.bin", 0)))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("needs the model's folder");
  }

  private static byte[] toBytes(float[] v) {
    byte[] b = new byte[v.length * 4];
    OnnxWriter.floats(v).get(b);
    return b;
  }

  private static byte[] externalBiasModel(String location, long offset) {
    byte[] tensor =
        message(
            o -> {
              o.writeInt64(1, 2);
              o.writeInt32(2, FLOAT);
              o.writeString(8, "b");
              o.writeByteArray(
                  13,
                  message(
                      e -> {
                        e.writeString(1, "location");
                        e.writeString(2, location);
                      }));
              o.writeByteArray(
                  13,
                  message(
                      e -> {
                        e.writeString(1, "offset");
                        e.writeString(2, Long.toString(offset));
                      }));
              o.writeInt32(14, 1);
            });
    return new OnnxWriter(17)
        .input("x", FLOAT, 1, 2)
        .output("y", FLOAT, 1, 2)
        .rawInitializer(tensor)
        .node("Add", List.of("x", "b"), List.of("y"))
        .build();
  }

  @Test
  void unsqueezeWithARepeatedAxisNamesTheNode() {
    byte[] model =
        new OnnxWriter(13)
            .input("x", FLOAT, 3)
            .output("y", FLOAT, 1, 1, 3)
            .initializer("axes", TensorData.ofLongs(new long[] {0, 0}, 2))
            .node("Unsqueeze", List.of("x", "axes"), List.of("y"))
            .build();
    assertThatThrownBy(() -> runOnce(model, HostTensor.ofFloats(new float[3], 3)))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("unsqueeze_0")
        .hasMessageContaining("repeated axes [0, 0]");
  }

  @Test
  void resizeScalesOfTheWrongLengthNameTheNode() {
    byte[] model =
        new OnnxWriter(13)
            .input("x", FLOAT, 1, 4, 5, 6)
            .output("y", FLOAT, 1, 4, 10, 12)
            .initializer("scales", TensorData.ofFloats(new float[] {1f, 1f, 2f}, 3))
            .node("Resize", List.of("x", "", "scales"), List.of("y"))
            .build();
    assertThatThrownBy(() -> runOnce(model, HostTensor.ofFloats(new float[120], 1, 4, 5, 6)))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("resize_0")
        .hasMessageContaining("scales [1.0, 1.0, 2.0] must have one value per axis");
  }

  @Test
  void wrongInputsNameTheInputAndTheExpectedShape() {
    try (InferenceModel m = load(relu().build());
        InferenceSession s = m.newSession()) {
      assertThatThrownBy(() -> s.run(List.of(HostTensor.ofFloats(new float[3], 1, 3))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("input 'x'")
          .hasMessageContaining("[-1, 2]");
      assertThatThrownBy(() -> s.run(List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("expected 1 inputs");
    }
  }

  @Test
  void evictedVariantsAreRebuiltAndStillCorrect() {
    ModelOptions one = new ModelOptions(ModelOptions.DEFAULT.precision(), false, 1, false);
    try (InferenceModel m = OnnxModels.load(VulkanExtension.device(), relu().build(), "relu", one);
        InferenceSession s = m.newSession()) {
      for (int batch : new int[] {1, 3, 1, 2}) {
        float[] x = new float[batch * 2];
        for (int k = 0; k < x.length; k++) {
          x[k] = k % 2 == 0 ? -k : k;
        }
        float[] y = s.run(List.of(HostTensor.ofFloats(x, batch, 2))).get(0).toFloats();
        for (int k = 0; k < x.length; k++) {
          assertThat(y[k]).isEqualTo(Math.max(0, x[k]));
        }
        assertThat(((CompiledModel) m).cachedVariants()).isEqualTo(1);
      }
    }
  }

  @Test
  void frozenInputsBecomeConstants() {
    // Conv weights fed as an input, as the ONNX node tests do.
    byte[] model =
        new OnnxWriter(17)
            .input("x", FLOAT, 1, 1, 3, 3)
            .input("w", FLOAT, 1, 1, 1, 1)
            .output("y", FLOAT, 1, 1, 3, 3)
            .node("Conv", List.of("x", "w"), List.of("y"))
            .build();
    ModelOptions freeze = new ModelOptions(ModelOptions.DEFAULT.precision(), false, 2, true);
    try (InferenceModel m = OnnxModels.load(VulkanExtension.device(), model, "conv", freeze);
        InferenceSession s = m.newSession()) {
      float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
      HostTensor w = HostTensor.ofFloats(new float[] {2f}, 1, 1, 1, 1);
      float[] y = s.run(List.of(HostTensor.ofFloats(x, 1, 1, 3, 3), w)).get(0).toFloats();
      assertThat(y).containsExactly(2, 4, 6, 8, 10, 12, 14, 16, 18);
      HostTensor other = HostTensor.ofFloats(new float[] {3f}, 1, 1, 1, 1);
      assertThatThrownBy(() -> s.run(List.of(HostTensor.ofFloats(x, 1, 1, 3, 3), other)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("input 'w' is frozen");
    }
  }
}
