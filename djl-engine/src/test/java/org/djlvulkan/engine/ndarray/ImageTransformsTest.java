package org.djlvulkan.engine.ndarray;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** DJL's {@code ToTensor} and {@code Normalize} (NDArrayEx defaults) on the host arrays. */
class ImageTransformsTest extends ManagerScopedTest {
  private final Random random = new Random(5);

  @Test
  void toTensorTurnsHwcUint8IntoChwFloatsOverTwoFiftyFive() {
    int h = 3;
    int w = 4;
    byte[] pixels = new byte[h * w * 3];
    random.nextBytes(pixels);
    NDArray image = manager.create(pixels, new Shape(h, w, 3)).toType(DataType.UINT8, false);
    NDArray tensor = NDImageUtils.toTensor(image);
    assertThat(tensor.getShape()).isEqualTo(new Shape(3, h, w));
    assertThat(tensor.getDataType()).isEqualTo(DataType.FLOAT32);
    float[] t = tensor.toFloatArray();
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          float want = (pixels[(y * w + x) * 3 + c] & 0xff) / 255f;
          assertThat(t[(c * h + y) * w + x]).isEqualTo(want);
        }
      }
    }
    NDArray batch = NDImageUtils.toTensor(image.expandDims(0));
    assertThat(batch.getShape()).isEqualTo(new Shape(1, 3, h, w));
    assertThat(batch.toFloatArray()).isEqualTo(t);
  }

  @Test
  void normalizeSubtractsTheMeanAndDividesByTheStdPerChannel() {
    float[] mean = {0.485f, 0.456f, 0.406f};
    float[] std = {0.229f, 0.224f, 0.225f};
    float[] x = Reference.randomFloats(random, 3 * 2 * 2, 1);
    NDArray normalized = NDImageUtils.normalize(manager.create(x, new Shape(3, 2, 2)), mean, std);
    float[] y = normalized.toFloatArray();
    for (int i = 0; i < x.length; i++) {
      int c = i / 4;
      assertThat(y[i]).isEqualTo((x[i] - mean[c]) / std[c]);
    }
  }

  @Test
  void arraysPrintTheirValues() {
    NDArray a = manager.create(new float[] {1.5f, -2f}, new Shape(1, 2));
    assertThat(a.toString()).contains("1.5").contains("-2.").contains("float32");
  }
}
