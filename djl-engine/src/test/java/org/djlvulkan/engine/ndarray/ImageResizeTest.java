package org.djlvulkan.engine.ndarray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageResizeTest extends ManagerScopedTest {
  private final Random random = new Random(11);

  @Test
  void bilinearUpAndDownOnUint8TruncatesLikePytorch() {
    int h = 7;
    int w = 9;
    int c = 3;
    byte[] pixels = new byte[h * w * c];
    random.nextBytes(pixels);
    float[] values = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      values[i] = pixels[i] & 0xff;
    }
    NDArray image = manager.create(pixels, new Shape(h, w, c)).toType(DataType.UINT8, false);
    for (int[] size : new int[][] {{4, 5}, {13, 11}, {7, 9}, {1, 1}}) {
      int outH = size[0];
      int outW = size[1];
      NDArray resized = NDImageUtils.resize(image, outW, outH, Image.Interpolation.BILINEAR);
      assertThat(resized.getShape()).isEqualTo(new Shape(outH, outW, c));
      assertThat(resized.getDataType()).isEqualTo(DataType.UINT8);
      int[] got = resized.toUint8Array();
      for (int y = 0; y < outH; y++) {
        for (int x = 0; x < outW; x++) {
          for (int ch = 0; ch < c; ch++) {
            int want = (int) BilinearReference.sample(values, h, w, c, ch, outH, outW, y, x);
            assertThat(got[(y * outW + x) * c + ch])
                .as("%dx%d at %d,%d,%d", outH, outW, y, x, ch)
                .isEqualTo(want);
          }
        }
      }
    }
  }

  @Test
  void bilinearOnFloatsKeepsFractions() {
    float[] values = Reference.randomFloats(random, 2 * 5 * 6 * 2, 10);
    NDArray batch = manager.create(values, new Shape(2, 5, 6, 2));
    float[] got = NDImageUtils.resize(batch, 4, 3).toFloatArray();
    int plane = 5 * 6 * 2;
    for (int n = 0; n < 2; n++) {
      float[] image = java.util.Arrays.copyOfRange(values, n * plane, (n + 1) * plane);
      for (int y = 0; y < 3; y++) {
        for (int x = 0; x < 4; x++) {
          for (int ch = 0; ch < 2; ch++) {
            assertThat(got[((n * 3 + y) * 4 + x) * 2 + ch])
                .isEqualTo(BilinearReference.sample(image, 5, 6, 2, ch, 3, 4, y, x));
          }
        }
      }
    }
  }

  @Test
  void nearestPicksFloorOfTheScaledCoordinate() {
    NDArray image = manager.arange(0, 12, 1, DataType.INT32).reshape(3, 4, 1);
    NDArray up = NDImageUtils.resize(image, 6, 5, Image.Interpolation.NEAREST);
    int[] got = up.toIntArray();
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 6; x++) {
        int sy = Math.min((int) Math.floor(y * (3f / 5)), 2);
        int sx = Math.min((int) Math.floor(x * (4f / 6)), 3);
        assertThat(got[y * 6 + x]).isEqualTo(sy * 4 + sx);
      }
    }
  }

  @Test
  void otherInterpolationsAndLayoutsAreRefused() {
    NDArray image = manager.zeros(new Shape(4, 4, 3));
    assertThatThrownBy(() -> NDImageUtils.resize(image, 2, 2, Image.Interpolation.BICUBIC))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("BICUBIC");
    assertThatThrownBy(() -> NDImageUtils.resize(manager.zeros(new Shape(4, 4)), 2, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HWC");
  }
}
