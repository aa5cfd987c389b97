package org.djlvulkan.engine;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.djlvulkan.engine.ndarray.BilinearReference;

/**
 * ImageNet pre-processing computed directly on the pixels, as DJL's PyTorch engine defines it:
 * bilinear resize to 256 x 256 (PyTorch {@code interpolate}, {@code align_corners=false}, float32,
 * truncated back to uint8), center crop 224 x 224, divide by 255, subtract the mean and divide by
 * the standard deviation per channel, CHW order.
 */
final class ImagePreprocessingReference {
  static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  static final float[] STD = {0.229f, 0.224f, 0.225f};
  static final int RESIZE = 256;
  static final int CROP = 224;

  private ImagePreprocessingReference() {}

  /** Returns the 3 x 224 x 224 input of an image file. */
  static float[] classificationInput(Path file) throws IOException {
    BufferedImage image = ImageIO.read(file.toFile());
    int h = image.getHeight();
    int w = image.getWidth();
    float[][] rgb = new float[3][h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = image.getRGB(x, y);
        rgb[0][y * w + x] = (p >> 16) & 0xff;
        rgb[1][y * w + x] = (p >> 8) & 0xff;
        rgb[2][y * w + x] = p & 0xff;
      }
    }
    int offset = (RESIZE - CROP) / 2;
    float[] out = new float[3 * CROP * CROP];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < CROP; y++) {
        for (int x = 0; x < CROP; x++) {
          float v =
              BilinearReference.sample(rgb[c], h, w, 1, 0, RESIZE, RESIZE, y + offset, x + offset);
          float truncated = (int) v;
          out[(c * CROP + y) * CROP + x] = (truncated / 255f - MEAN[c]) / STD[c];
        }
      }
    }
    return out;
  }
}
