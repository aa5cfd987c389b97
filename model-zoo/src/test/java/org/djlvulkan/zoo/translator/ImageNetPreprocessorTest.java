package org.djlvulkan.zoo.translator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ImageNetPreprocessorTest {
  private static final int CROP = ImageNetPreprocessor.CROP;
  private static final int PLANE = CROP * CROP;
  private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] STD = {0.229f, 0.224f, 0.225f};

  /** An image whose R, G, B at (x, y) come from the given functions (values 0 to 255). */
  private interface Channel {
    int at(int x, int y);
  }

  private static byte[] image(int width, int height, Channel r, Channel g, Channel b) {
    byte[] rgb = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = (y * width + x) * 3;
        rgb[i] = (byte) r.at(x, y);
        rgb[i + 1] = (byte) g.at(x, y);
        rgb[i + 2] = (byte) b.at(x, y);
      }
    }
    return rgb;
  }

  private static float imagenet(int channel, double value) {
    return (float) ((value / 255 - MEAN[channel]) / STD[channel]);
  }

  @Test
  void theShorterSideBecomes256AndTheLongerKeepsTheAspectRatioRoundedDown() {
    assertThat(ImageNetPreprocessor.resizedSize(451, 300)).containsExactly(384, 256);
    assertThat(ImageNetPreprocessor.resizedSize(400, 600)).containsExactly(256, 384);
    assertThat(ImageNetPreprocessor.resizedSize(300, 300)).containsExactly(256, 256);
    assertThat(ImageNetPreprocessor.resizedSize(100, 50)).containsExactly(512, 256);
    assertThat(ImageNetPreprocessor.resizedSize(10, 5000)).containsExactly(256, 128_000);
  }

  @Test
  void aPlainColourBecomesTheNormalizedValueEverywhere() {
    float[] out = new float[ImageNetPreprocessor.VALUES_PER_IMAGE + 5];
    byte[] rgb = image(333, 257, (x, y) -> 200, (x, y) -> 100, (x, y) -> 7);
    ImageNetPreprocessor.writeChw(rgb, 333, 257, PixelEncoding.IMAGENET_RGB, out, 5);
    int[] values = {200, 100, 7};
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < PLANE; i++) {
        assertThat(out[5 + c * PLANE + i]).isCloseTo(imagenet(c, values[c]), within(1e-5f));
      }
    }
    assertThat(out[0]).isZero();
  }

  @Test
  void withoutScalingTheCentralCropIsTakenPixelForPixel() {
    // 256 x 300 needs no resize: the crop starts at x = 16 and y = round-half-even(38) = 38.
    byte[] rgb = image(256, 300, (x, y) -> x, (x, y) -> y % 256, (x, y) -> (x + y) % 256);
    float[] out = new float[ImageNetPreprocessor.VALUES_PER_IMAGE];
    ImageNetPreprocessor.writeChw(rgb, 256, 300, PixelEncoding.IMAGENET_RGB, out, 0);
    for (int y = 0; y < CROP; y += 37) {
      for (int x = 0; x < CROP; x += 29) {
        int i = y * CROP + x;
        assertThat(out[i]).isCloseTo(imagenet(0, x + 16), within(1e-5f));
        assertThat(out[PLANE + i]).isCloseTo(imagenet(1, (y + 38) % 256), within(1e-5f));
        assertThat(out[2 * PLANE + i])
            .isCloseTo(imagenet(2, (x + 16 + y + 38) % 256), within(1e-5f));
      }
    }
  }

  @Test
  void anOddMarginIsSplitHalfToEvenAsTorchvisionDoes() {
    // 256 x 257 -> crop top = round-half-even(16.5) = 16.
    byte[] rgb = image(256, 257, (x, y) -> 0, (x, y) -> y, (x, y) -> 0);
    float[] out = new float[ImageNetPreprocessor.VALUES_PER_IMAGE];
    ImageNetPreprocessor.writeChw(rgb, 256, 257, PixelEncoding.IMAGENET_RGB, out, 0);
    assertThat(out[PLANE]).isCloseTo(imagenet(1, 16), within(1e-5f));
  }

  @Test
  void halvingAveragesNeighbouringPixelPairs() {
    // 512 x 600 -> 256 x 300: each output sample lies halfway between two source pixels.
    byte[] rgb =
        image(
            512, 600, (x, y) -> x % 2 == 0 ? 40 : 240, (x, y) -> y % 2 == 0 ? 0 : 100, (x, y) -> 9);
    float[] out = new float[ImageNetPreprocessor.VALUES_PER_IMAGE];
    ImageNetPreprocessor.writeChw(rgb, 512, 600, PixelEncoding.IMAGENET_RGB, out, 0);
    for (int i = 0; i < PLANE; i += 101) {
      assertThat(out[i]).isCloseTo(imagenet(0, 140), within(1e-5f));
      assertThat(out[PLANE + i]).isCloseTo(imagenet(1, 50), within(1e-5f));
    }
  }

  @Test
  void rawBgrSwapsThePlanesAndKeepsTheValues() {
    byte[] rgb = image(300, 300, (x, y) -> 255, (x, y) -> 128, (x, y) -> 3);
    float[] out = new float[ImageNetPreprocessor.VALUES_PER_IMAGE];
    ImageNetPreprocessor.writeChw(rgb, 300, 300, PixelEncoding.RAW_BGR, out, 0);
    assertThat(out[0]).isEqualTo(3f);
    assertThat(out[PLANE + 17]).isEqualTo(128f);
    assertThat(out[2 * PLANE + PLANE - 1]).isEqualTo(255f);
  }

  @Test
  void rejectsWrongSizes() {
    float[] out = new float[ImageNetPreprocessor.VALUES_PER_IMAGE];
    assertThatThrownBy(
            () ->
                ImageNetPreprocessor.writeChw(
                    new byte[10], 2, 2, PixelEncoding.IMAGENET_RGB, out, 0))
        .hasMessage("image of 2 x 2 needs 12 RGB bytes, got 10");
    assertThatThrownBy(() -> ImageNetPreprocessor.resizedSize(0, 5))
        .hasMessage("image size must be positive, got 0 x 5");
  }

  @Test
  void pixelEncodingsHaveArgumentNames() {
    for (PixelEncoding e : PixelEncoding.values()) {
      assertThat(PixelEncoding.fromArgument(e.argument())).isEqualTo(e);
    }
    assertThat(PixelEncoding.RAW_BGR.argument()).isEqualTo("raw-bgr");
    assertThatThrownBy(() -> PixelEncoding.fromArgument("yuv"))
        .hasMessage("unknown pixel encoding 'yuv'; known: imagenet-rgb, raw-bgr");
  }

  @Test
  void eightBitPixelsAreTheFloatPathsValuesRoundedBeforeEncoding() {
    java.util.Random random = new java.util.Random(5);
    byte[] rgb = new byte[300 * 280 * 3];
    random.nextBytes(rgb);
    float[] chw = new float[ImageNetPreprocessor.VALUES_PER_IMAGE];
    byte[] hwc = new byte[ImageNetPreprocessor.VALUES_PER_IMAGE];
    ImageNetPreprocessor.writeChw(rgb, 300, 280, PixelEncoding.IMAGENET_RGB, chw, 0);
    ImageNetPreprocessor.writeHwc(rgb, 300, 280, hwc, 0);
    int plane = ImageNetPreprocessor.CROP * ImageNetPreprocessor.CROP;
    double std = 0.224; // the smallest of ImageNet's, the largest step
    for (int i = 0; i < plane; i++) {
      for (int p = 0; p < 3; p++) {
        float fromByte = PixelEncoding.IMAGENET_RGB.encode(p, hwc[i * 3 + p] & 0xff);
        // Rounding moves a resized pixel by at most half a level.
        assertThat((double) Math.abs(fromByte - chw[p * plane + i]))
            .isLessThanOrEqualTo(0.5 / 255 / std + 1e-5);
      }
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "300, 280",
    "320, 256",
    "224, 224",
    "97, 411",
    "640, 480"
  })
  void resizesAsTheTextbookPerPixelBilinearFormula(int width, int height) {
    byte[] rgb = new byte[width * height * 3];
    new java.util.Random(width * 7919L + height).nextBytes(rgb);
    float[] chw = new float[ImageNetPreprocessor.VALUES_PER_IMAGE];
    ImageNetPreprocessor.writeChw(rgb, width, height, PixelEncoding.RAW_BGR, chw, 0);
    // Each output sample straight from the definition: half-pixel centres, clamped at the edges,
    // interpolated along x, then along y; RAW_BGR keeps the value and swaps R and B.
    int[] resized = ImageNetPreprocessor.resizedSize(width, height);
    int left = (int) Math.rint((resized[0] - CROP) / 2.0);
    int top = (int) Math.rint((resized[1] - CROP) / 2.0);
    float scaleX = (float) width / resized[0];
    float scaleY = (float) height / resized[1];
    for (int y = 0; y < CROP; y++) {
      float sy = Math.max(0f, Math.min((top + y + 0.5f) * scaleY - 0.5f, height - 1));
      int y0 = (int) sy;
      int y1 = Math.min(y0 + 1, height - 1);
      for (int x = 0; x < CROP; x++) {
        float sx = Math.max(0f, Math.min((left + x + 0.5f) * scaleX - 0.5f, width - 1));
        int x0 = (int) sx;
        int x1 = Math.min(x0 + 1, width - 1);
        for (int c = 0; c < 3; c++) {
          float a = rgb[(y0 * width + x0) * 3 + c] & 0xff;
          float b = rgb[(y0 * width + x1) * 3 + c] & 0xff;
          float d = rgb[(y1 * width + x0) * 3 + c] & 0xff;
          float e = rgb[(y1 * width + x1) * 3 + c] & 0xff;
          float above = a + (b - a) * (sx - x0);
          float below = d + (e - d) * (sx - x0);
          float want = above + (below - above) * (sy - y0);
          assertThat(chw[(2 - c) * PLANE + y * CROP + x]).isEqualTo(want);
        }
      }
    }
  }
}
