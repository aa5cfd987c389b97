package org.djlvulkan.backend.frontend.executorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.djlvulkan.backend.frontend.ModelLoader;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.ModelException;
import org.djlvulkan.backend.model.ModelFormatException;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.model.UnsupportedModelException;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.djlvulkan.testfixtures.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Programs the engine must refuse with one clear error: another backend's delegate, damaged files
 * (truncated, flipped bytes, empty, wrong identifier). After each, a valid program still loads.
 */
@ExtendWith(VulkanExtension.class)
class ExecuTorchErrorsTest {
  @TempDir Path tmp;

  private static Path fixture(String name) {
    return SharedFixtures.require(SharedFixtures.sharedDir().resolve("models/pte/" + name));
  }

  private static void stillHealthy() {
    try (InferenceModel m =
        ModelLoader.load(
            VulkanExtension.device(),
            fixture("squeezenet-trained-fp32.pte"),
            ModelOptions.DEFAULT)) {
      assertThat(m.outputs()).hasSize(1);
    }
  }

  @Test
  void xnnpackProgramSaysHowToReExport() {
    assertThatThrownBy(
            () ->
                ModelLoader.load(
                    VulkanExtension.device(),
                    fixture("squeezenet-trained-xnnpack.pte"),
                    ModelOptions.DEFAULT))
        .isInstanceOf(UnsupportedModelException.class)
        .hasMessageContaining("XnnpackBackend")
        .hasMessageContaining("VulkanPartitioner");
    stillHealthy();
  }

  @Test
  void truncatedEmptyAndMislabelledFilesAreFormatErrors() throws IOException {
    byte[] good = Files.readAllBytes(fixture("squeezenet-trained-fp32.pte"));
    for (int cut : new int[] {4, 16, 200, good.length / 3, good.length - 100}) {
      Path f = tmp.resolve("cut" + cut + ".pte");
      Files.write(f, java.util.Arrays.copyOf(good, cut));
      assertThatThrownBy(
              () -> ExecuTorchModels.load(VulkanExtension.device(), f, ModelOptions.DEFAULT))
          .as("cut at %d", cut)
          .isInstanceOf(ModelFormatException.class)
          .hasMessageContaining(f.toString());
    }
    Path empty = tmp.resolve("empty.pte");
    Files.write(empty, new byte[0]);
    assertThatThrownBy(
            () -> ExecuTorchModels.load(VulkanExtension.device(), empty, ModelOptions.DEFAULT))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("not an ExecuTorch program");
    byte[] wrong = good.clone();
    wrong[4] = 'X';
    Path mislabelled = tmp.resolve("wrong.pte");
    Files.write(mislabelled, wrong);
    assertThat(ModelLoader.format(mislabelled)).isEqualTo(ModelLoader.Format.ONNX);
    assertThatThrownBy(
            () ->
                ExecuTorchModels.load(VulkanExtension.device(), mislabelled, ModelOptions.DEFAULT))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("ET12");
    assertThatThrownBy(
            () -> ModelLoader.load(VulkanExtension.device(), mislabelled, ModelOptions.DEFAULT))
        .isInstanceOf(ModelException.class);
    stillHealthy();
  }

  @Test
  void flippedBytesGiveModelErrorsOrRun() throws IOException {
    byte[] good = Files.readAllBytes(fixture("squeezenet-trained-fp32.pte"));
    // The flatbuffers and headers (the first 32 KiB: program, delegate header and VkGraph), where
    // a flip changes structure rather than a weight.
    int region = Math.min(good.length, 32 * 1024);
    Random r = new Random(11);
    int refused = 0;
    for (int i = 0; i < 60; i++) {
      byte[] bad = good.clone();
      for (int k = 0; k < 4; k++) {
        bad[r.nextInt(region)] ^= (byte) (1 << r.nextInt(8));
      }
      try {
        PteFile p = PteFile.read("flipped#" + i, ByteBuffer.wrap(bad));
        ExecuTorchImporter.importProgram(p);
      } catch (ModelException e) {
        assertThat(e.getMessage()).startsWith("flipped#" + i);
        refused++;
      }
    }
    System.out.println("[fuzz] flipped programs refused: " + refused + " of 60");
    stillHealthy();
  }
}
