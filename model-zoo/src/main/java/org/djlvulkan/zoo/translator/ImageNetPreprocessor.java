package org.djlvulkan.zoo.translator;

import org.djlvulkan.backend.model.SourceImages;

/**
 * The ImageNet pre-processing of image classifiers, on the host: resize so that the shorter side is
 * 256 (aspect ratio kept), crop the central 224 x 224, encode the pixels as the model wants them
 * ({@link PixelEncoding}; torchvision's scale and mean/std normalization for most), and lay the
 * result out as CHW floats.
 *
 * <p>Resize and crop are one pass: each output pixel samples the source bilinearly at the centre of
 * its pixel in the resized image (half-pixel centres, edges clamped).
 */
public final class ImageNetPreprocessor {
  /** The length of the shorter side after resizing. */
  public static final int RESIZE = 256;

  /** The side of the central crop, the model's input height and width. */
  public static final int CROP = 224;

  /** Values per image: 3 channels of {@value #CROP} x {@value #CROP}. */
  public static final int VALUES_PER_IMAGE = 3 * CROP * CROP;

  private ImageNetPreprocessor() {}

  /**
   * Returns the size of an image after the resize step: the shorter side {@value #RESIZE}, the
   * longer scaled to keep the aspect ratio (rounded down, as torchvision does).
   *
   * @param width the image width
   * @param height the image height
   * @return {width, height} after resizing
   */
  public static int[] resizedSize(int width, int height) {
    checkSize(width, height);
    if (width <= height) {
      return new int[] {RESIZE, (int) ((long) RESIZE * height / width)};
    }
    return new int[] {(int) ((long) RESIZE * width / height), RESIZE};
  }

  /**
   * Returns the part of an image that becomes the network's input: the central {@value #CROP} x
   * {@value #CROP} of the image resized to {@link #resizedSize}, as offsets in the resized image
   * and source-per-resized scales. The host's resampling below and the device's (a model loaded
   * with a pixel input, fed images at their own size) both sample through it.
   *
   * @param width the image width
   * @param height the image height
   * @return the window
   */
  public static SourceImages.Window window(int width, int height) {
    int[] resized = resizedSize(width, height);
    // Python's round(), as torchvision's centre crop uses: halves to even.
    int left = (int) Math.rint((resized[0] - CROP) / 2.0);
    int top = (int) Math.rint((resized[1] - CROP) / 2.0);
    return new SourceImages.Window(
        left, top, (float) width / resized[0], (float) height / resized[1]);
  }

  /**
   * Writes an image's network input in CHW order: resized so that the shorter side is {@link
   * #RESIZE} (bilinear, half-pixel centres), centre-cropped to {@link #CROP}, and encoded.
   *
   * @param rgb the image's pixels, RGB bytes row by row
   * @param width its width
   * @param height its height
   * @param encoding how a resized pixel becomes the network's values
   * @param out where the {@link #VALUES_PER_IMAGE} values go
   * @param offset the first index written
   */
  public static void writeChw(
      byte[] rgb, int width, int height, PixelEncoding encoding, float[] out, int offset) {
    int plane = CROP * CROP;
    int[] planeOf = new int[3];
    for (int p = 0; p < 3; p++) {
      planeOf[encoding.sourceChannel(p)] = p;
    }
    resample(
        rgb,
        width,
        height,
        (i, c, v) -> out[offset + planeOf[c] * plane + i] = encoding.encode(planeOf[c], v));
  }

  /**
   * Writes an image's resized and cropped pixels as bytes in HWC order (RGB), rounded to the
   * nearest integer, as 8-bit image pipelines (PIL's resize) keep them: the input of a model loaded
   * with a pixel input, which normalizes them on the device.
   *
   * @param rgb the image's pixels, RGB bytes row by row
   * @param width its width
   * @param height its height
   * @param out where the {@link #VALUES_PER_IMAGE} bytes go
   * @param offset the first index written
   */
  public static void writeHwc(byte[] rgb, int width, int height, byte[] out, int offset) {
    resample(
        rgb,
        width,
        height,
        (i, c, v) -> out[offset + i * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(v))));
  }

  /** Receives one resampled value: pixel {@code i} of the crop (row-major), channel {@code c}. */
  @FunctionalInterface
  private interface Sink {
    void put(int i, int c, float value);
  }

  /** Resizes and centre-crops, handing each pixel's R, G, B value to the sink. */
  private static void resample(byte[] rgb, int width, int height, Sink sink) {
    checkSize(width, height);
    if (rgb.length != (long) width * height * 3) {
      throw new IllegalArgumentException(
          "image of "
              + width
              + " x "
              + height
              + " needs "
              + (long) width * height * 3
              + " RGB bytes, got "
              + rgb.length);
    }
    SourceImages.Window window = window(width, height);
    Taps xs = Taps.of(window.left(), window.scaleX(), width, 3);
    Taps ys = Taps.of(window.top(), window.scaleY(), height, 3 * width);
    // Separable: each source row the crop needs is interpolated along x once (the "above" and
    // "below" values of the textbook formula, computed the same way), and consecutive crop rows
    // share them; then each output is the interpolation of the two rows along y.
    float[] above = new float[3 * CROP];
    float[] below = new float[3 * CROP];
    int aboveRow = -1;
    int belowRow = -1;
    for (int y = 0; y < CROP; y++) {
      int row0 = ys.first[y];
      int row1 = ys.second[y];
      if (aboveRow != row0) {
        if (belowRow == row0) {
          float[] t = above;
          above = below;
          below = t;
          belowRow = aboveRow;
        } else {
          alongX(rgb, row0, xs, above);
        }
        aboveRow = row0;
      }
      if (belowRow != row1) {
        alongX(rgb, row1, xs, below);
        belowRow = row1;
      }
      float fy = ys.weight[y];
      for (int x = 0, k = 0; x < CROP; x++) {
        for (int c = 0; c < 3; c++, k++) {
          sink.put(y * CROP + x, c, lerp(above[k], below[k], fy));
        }
      }
    }
  }

  /** Interpolates one source row at the crop's columns: 3 values (R, G, B) per column. */
  private static void alongX(byte[] rgb, int row, Taps xs, float[] out) {
    for (int x = 0, k = 0; x < CROP; x++) {
      int p0 = row + xs.first[x];
      int p1 = row + xs.second[x];
      float fx = xs.weight[x];
      for (int c = 0; c < 3; c++, k++) {
        out[k] = lerp(rgb[p0 + c] & 0xff, rgb[p1 + c] & 0xff, fx);
      }
    }
  }

  /**
   * The bilinear taps of the crop's columns (or rows) in the source image: the offsets of the two
   * neighbouring source pixels (index times stride) and the second one's weight, computed once per
   * image instead of per pixel and channel.
   */
  private static final class Taps {
    final int[] first = new int[CROP];
    final int[] second = new int[CROP];
    final float[] weight = new float[CROP];

    static Taps of(int start, float scale, int size, int stride) {
      Taps t = new Taps();
      for (int k = 0; k < CROP; k++) {
        float s = clamp((start + k + 0.5f) * scale - 0.5f, size - 1);
        int i0 = (int) s;
        t.first[k] = i0 * stride;
        t.second[k] = Math.min(i0 + 1, size - 1) * stride;
        t.weight[k] = s - i0;
      }
      return t;
    }
  }

  private static float lerp(float a, float b, float t) {
    return a + (b - a) * t;
  }

  private static float clamp(float v, int max) {
    return Math.max(0f, Math.min(v, max));
  }

  private static void checkSize(int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "image size must be positive, got " + width + " x " + height);
    }
  }
}
