package org.djlvulkan.engine.ndarray;

/**
 * PyTorch's bilinear interpolation ({@code align_corners=false}) of one channel, in float32 as
 * PyTorch computes it for a float32 tensor: the reference of the engine's image resize and of the
 * DJL pre-processing the engine tests compare with.
 */
public final class BilinearReference {
  private BilinearReference() {}

  /**
   * Returns channel {@code ch} at output pixel (y, x) of an {@code h x w} image with {@code c}
   * interleaved channels resized to {@code outH x outW}.
   *
   * @param img the image, row by row, {@code c} values per pixel
   * @param h its height
   * @param w its width
   * @param c its channels per pixel
   * @param ch the channel sampled
   * @param outH the resized height
   * @param outW the resized width
   * @param y the output row
   * @param x the output column
   * @return the sample
   */
  public static float sample(
      float[] img, int h, int w, int c, int ch, int outH, int outW, int y, int x) {
    float sy = Math.max((float) h / outH * (y + 0.5f) - 0.5f, 0f);
    float sx = Math.max((float) w / outW * (x + 0.5f) - 0.5f, 0f);
    int y0 = (int) sy;
    int x0 = (int) sx;
    int y1 = Math.min(y0 + 1, h - 1);
    int x1 = Math.min(x0 + 1, w - 1);
    float ly = sy - y0;
    float lx = sx - x0;
    float top = img[(y0 * w + x0) * c + ch] * (1 - lx) + img[(y0 * w + x1) * c + ch] * lx;
    float bottom = img[(y1 * w + x0) * c + ch] * (1 - lx) + img[(y1 * w + x1) * c + ch] * lx;
    return top * (1 - ly) + bottom * ly;
  }
}
