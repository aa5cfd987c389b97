package org.djlvulkan.zoo.translator;

import ai.djl.modality.cv.BufferedImageFactory;
import ai.djl.modality.cv.Image;
import java.awt.image.BufferedImage;
import java.util.Random;

/** Images of random pixels for the translator tests, of any {@link BufferedImage} type. */
final class TestImages {
  private TestImages() {}

  /** Returns an image of the type and size with random pixels (seeded by type and width). */
  static BufferedImage random(int type, int width, int height) {
    Random r = new Random(type * 31L + width);
    BufferedImage image = new BufferedImage(width, height, type);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, r.nextInt());
      }
    }
    return image;
  }

  /** Returns the image as DJL's {@link Image}. */
  static Image wrap(BufferedImage image) {
    return BufferedImageFactory.getInstance().fromImage(image);
  }
}
