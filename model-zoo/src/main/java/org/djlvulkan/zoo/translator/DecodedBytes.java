package org.djlvulkan.zoo.translator;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import org.djlvulkan.backend.model.SourceImages;

/**
 * An image's decoded bytes as they lie in memory, with where its pixels are: what a model that
 * resizes images on the device ({@link SourceImages}) is handed without a copy per pixel. Images
 * that wrap a {@link BufferedImage} of interleaved sRGB bytes (3-byte BGR as JPEG decoding gives,
 * 4-byte ABGR) are taken from their raster as they are; every other image (gray ones too, whose
 * linear gray Java converts to sRGB) as the RGB bytes of {@link RgbPixels}.
 *
 * @param bytes the array holding the pixels
 * @param offset index of the first pixel's first byte
 * @param layout where the pixels are from there
 */
record DecodedBytes(byte[] bytes, int offset, SourceImages.Layout layout) {
  /**
   * Returns an image's bytes.
   *
   * @param manager the manager DJL's conversion creates its array with, where it is needed
   * @param image the image
   * @return its bytes and layout
   */
  static DecodedBytes of(NDManager manager, Image image) {
    if (image.getWrappedImage() instanceof BufferedImage b) {
      DecodedBytes raw = fromRaster(b);
      if (raw != null) {
        return raw;
      }
    }
    byte[] rgb = RgbPixels.of(manager, image);
    return new DecodedBytes(rgb, 0, SourceImages.Layout.rgb(image.getWidth(), image.getHeight()));
  }

  /** Returns a copy of the pixels as interleaved RGB bytes, row by row, without padding. */
  byte[] rgb() {
    int width = layout.width();
    int[] channel = {layout.red(), layout.green(), layout.blue()};
    byte[] out = new byte[3 * width * layout.height()];
    int o = 0;
    for (int y = 0; y < layout.height(); y++) {
      int p = offset + y * layout.rowStride();
      for (int x = 0; x < width; x++, p += layout.pixelStride()) {
        out[o++] = bytes[p + channel[0]];
        out[o++] = bytes[p + channel[1]];
        out[o++] = bytes[p + channel[2]];
      }
    }
    return out;
  }

  /** Returns the raster's bytes, or null when they are not interleaved BGR or ABGR bytes. */
  static DecodedBytes fromRaster(BufferedImage image) {
    Raster raster = image.getRaster();
    if (!(raster.getDataBuffer() instanceof DataBufferByte data)
        || data.getNumBanks() != 1
        || !(raster.getSampleModel() instanceof PixelInterleavedSampleModel model)) {
      return null;
    }
    int[] band = model.getBandOffsets();
    int type = image.getType();
    int red;
    int green;
    int blue;
    if ((type == BufferedImage.TYPE_3BYTE_BGR && band.length == 3)
        || (type == BufferedImage.TYPE_4BYTE_ABGR && band.length == 4)) {
      // Bands are R, G, B (then A) whatever order the bytes are in.
      red = band[0];
      green = band[1];
      blue = band[2];
    } else {
      return null;
    }
    int pixel = model.getPixelStride();
    int line = model.getScanlineStride();
    int dx = -raster.getSampleModelTranslateX();
    int dy = -raster.getSampleModelTranslateY();
    int offset = data.getOffset() + dy * line + dx * pixel;
    return new DecodedBytes(
        data.getData(),
        offset,
        new SourceImages.Layout(
            image.getWidth(), image.getHeight(), line, pixel, red, green, blue));
  }
}
