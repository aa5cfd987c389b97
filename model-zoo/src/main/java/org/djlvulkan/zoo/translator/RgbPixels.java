package org.djlvulkan.zoo.translator;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;
import java.nio.ByteBuffer;

/**
 * An image's pixels as interleaved 8-bit RGB, row by row: the bytes of DJL's {@code
 * Image.toNDArray(manager, Flag.COLOR)}. Images that wrap a {@link BufferedImage} of the common
 * decoded types (3-byte BGR, as JPEG decoding gives, and packed int RGB/ARGB) are read straight
 * from their raster, which takes a fraction of the per-pixel colour-model path (about 4 ms for a
 * 320 x 256 image); every other image goes through DJL.
 */
final class RgbPixels {
  private RgbPixels() {}

  /**
   * Returns the image's RGB bytes.
   *
   * @param manager the manager DJL's path creates its array with
   * @param image the image
   * @return {@code 3 * width * height} bytes
   */
  static byte[] of(NDManager manager, Image image) {
    if (image.getWrappedImage() instanceof BufferedImage b) {
      byte[] rgb = fromRaster(b);
      if (rgb != null) {
        return rgb;
      }
    }
    try (NDArray pixels = image.toNDArray(manager, Image.Flag.COLOR)) {
      ByteBuffer buffer = pixels.toByteBuffer();
      byte[] rgb = new byte[buffer.remaining()];
      buffer.get(rgb);
      return rgb;
    }
  }

  /** Returns the RGB bytes read from the raster, or null when its layout is not one read here. */
  static byte[] fromRaster(BufferedImage image) {
    Raster raster = image.getRaster();
    int width = image.getWidth();
    int height = image.getHeight();
    int dx = -raster.getSampleModelTranslateX();
    int dy = -raster.getSampleModelTranslateY();
    return switch (image.getType()) {
      case BufferedImage.TYPE_3BYTE_BGR -> rgb(DecodedBytes.fromRaster(image));
      case BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB ->
          fromInts(raster, width, height, dx, dy);
      default -> null;
    };
  }

  private static byte[] rgb(DecodedBytes bytes) {
    return bytes == null ? null : bytes.rgb();
  }

  private static byte[] fromInts(Raster raster, int width, int height, int dx, int dy) {
    if (!(raster.getDataBuffer() instanceof DataBufferInt data)
        || !(raster.getSampleModel() instanceof SinglePixelPackedSampleModel model)) {
      return null;
    }
    int[] src = data.getData();
    int line = model.getScanlineStride();
    byte[] rgb = new byte[3 * width * height];
    int o = 0;
    for (int y = 0; y < height; y++) {
      int p = data.getOffset() + (y + dy) * line + dx;
      for (int x = 0; x < width; x++) {
        int v = src[p + x];
        rgb[o++] = (byte) (v >> 16);
        rgb[o++] = (byte) (v >> 8);
        rgb[o++] = (byte) v;
      }
    }
    return rgb;
  }
}
