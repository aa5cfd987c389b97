package org.djlvulkan.backend.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.djlvulkan.backend.model.ElementType;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.InferenceSession;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.model.PixelInput;
import org.djlvulkan.backend.model.RunTiming;
import org.djlvulkan.backend.testing.Accuracy;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A model loaded with a pixel input takes 8-bit images [N, H, W, 3] and normalizes them in its
 * first kernel: the same outputs as the float input the host would have computed.
 */
@ExtendWith(VulkanExtension.class)
class PixelInputTest {
  private static final int FLOAT = 1;

  private static byte[] model() {
    return new OnnxWriter(13)
        .input("x", FLOAT, -1, 3, 5, 7)
        .output("y", FLOAT, -1, 4, 5, 7)
        .initializer("w", OpRunner.random(4 * 3 * 9, 1), 4, 3, 3, 3)
        .conv3x3SamePadding("x", "w", "y")
        .build();
  }

  /** The host's float input for images: plane p of pixel (h, w) from its bytes. */
  private static HostTensor reference(byte[] pixels, int n, int h, int w, PixelInput p) {
    float[] out = new float[n * 3 * h * w];
    for (int b = 0; b < n; b++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int at = ((b * h + y) * w + x) * 3;
          float[] px = {pixels[at] & 0xff, pixels[at + 1] & 0xff, pixels[at + 2] & 0xff};
          for (int c = 0; c < 3; c++) {
            out[((b * 3 + c) * h + y) * w + x] = p.encode(c, px);
          }
        }
      }
    }
    return HostTensor.ofFloats(out, n, 3, h, w);
  }

  @Test
  void imagesGiveTheOutputsOfTheirNormalizedFloats() {
    for (PixelInput p : List.of(PixelInput.IMAGENET_RGB, PixelInput.RAW_BGR)) {
      ModelOptions options = ModelOptions.DEFAULT.withPixelInput(p);
      try (InferenceModel m =
              OnnxModels.load(VulkanExtension.device(), model(), "pixels.onnx", options);
          InferenceSession s = m.newSession()) {
        for (int n : new int[] {1, 2}) {
          byte[] pixels = new byte[n * 5 * 7 * 3];
          new Random(n).nextBytes(pixels);
          HostTensor images =
              new HostTensor(ElementType.UINT8, new long[] {n, 5, 7, 3}, ByteBuffer.wrap(pixels));
          float[] fromImages = s.run(List.of(images)).get(0).toFloats();
          RunTiming t = s.lastTiming();
          float[] fromFloats = s.run(List.of(reference(pixels, n, 5, 7, p))).get(0).toFloats();
          double[] expected = new double[fromFloats.length];
          for (int i = 0; i < expected.length; i++) {
            expected[i] = fromFloats[i];
          }
          Accuracy.assertClose(p + " batch " + n, fromImages, expected);
          assertThat(t.dispatches()).as("the images' normalization is one dispatch").isPositive();
        }
      }
    }
  }

  @Test
  void imagesOfTheWrongSizeOrAModelWithoutPixelInputAreRefusedByName() {
    HostTensor images =
        new HostTensor(ElementType.UINT8, new long[] {1, 6, 7, 3}, ByteBuffer.allocate(126));
    try (InferenceModel m =
            OnnxModels.load(
                VulkanExtension.device(),
                model(),
                "pixels.onnx",
                ModelOptions.DEFAULT.withPixelInput(PixelInput.IMAGENET_RGB));
        InferenceSession s = m.newSession()) {
      assertThatThrownBy(() -> s.run(List.of(images)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("input 'x': images [1, 6, 7, 3] (N, H, W, 3) do not fit");
    }
    try (InferenceModel m =
            OnnxModels.load(VulkanExtension.device(), model(), "plain.onnx", ModelOptions.DEFAULT);
        InferenceSession s = m.newSession()) {
      assertThatThrownBy(() -> s.run(List.of(images)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("input 'x'");
    }
    assertThatThrownBy(() -> PixelInput.named("cmyk")).hasMessageContaining("'cmyk'");
  }
}
