package org.djlvulkan.engine.ndarray;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;

/**
 * {@code NDArrayEx.resize} for HWC and NHWC images, as DJL's PyTorch engine does it: the image is
 * resampled in float32 with PyTorch's {@code interpolate} rules ({@code align_corners=false}, no
 * antialiasing) and converted back to its type (so uint8 results are truncated, not rounded).
 *
 * <p>Bilinear: the source coordinate of output pixel {@code d} is {@code (d + 0.5) * in / out -
 * 0.5}, clamped below at 0; edge pixels repeat. Nearest: {@code floor(d * in / out)}, at most
 * {@code in - 1}. Area and bicubic interpolation are not supported.
 */
final class ImageResize {
  private ImageResize() {}

  /** Where one output coordinate reads along one axis, and with what weights. */
  private static final class Taps {
    final int[] first;
    final int[] second;
    final float[] secondWeight;

    Taps(int in, int out, Image.Interpolation mode) {
      first = new int[out];
      second = new int[out];
      secondWeight = new float[out];
      float scale = (float) in / out;
      for (int d = 0; d < out; d++) {
        if (mode == Image.Interpolation.NEAREST) {
          first[d] = Math.min((int) Math.floor(d * scale), in - 1);
          second[d] = first[d];
          continue;
        }
        float source = Math.max(scale * (d + 0.5f) - 0.5f, 0f);
        int i0 = Math.min((int) Math.floor(source), in - 1);
        first[d] = i0;
        second[d] = i0 < in - 1 ? i0 + 1 : i0;
        secondWeight[d] = Math.min(Math.max(source - i0, 0f), 1f);
      }
    }
  }

  /**
   * Resizes an image.
   *
   * @param a an HWC or NHWC image of any supported type
   * @param width the output width
   * @param height the output height
   * @param interpolation an {@link Image.Interpolation} ordinal
   * @return the resized image, of {@code a}'s type
   */
  static VkNDArray resize(VkNDArray a, int width, int height, int interpolation) {
    Shape shape = a.getShape();
    int rank = shape.dimension();
    if (rank != 3 && rank != 4) {
      throw new IllegalArgumentException("resize: expects an HWC or NHWC image, got " + shape);
    }
    Image.Interpolation[] modes = Image.Interpolation.values();
    if (interpolation < 0 || interpolation >= modes.length) {
      throw new IllegalArgumentException("resize: unknown interpolation " + interpolation);
    }
    Image.Interpolation mode = modes[interpolation];
    if (mode != Image.Interpolation.NEAREST && mode != Image.Interpolation.BILINEAR) {
      throw Unsupported.operation("resize with " + mode + " interpolation");
    }
    int images = rank == 4 ? Math.toIntExact(shape.get(0)) : 1;
    int inH = Math.toIntExact(shape.get(rank - 3));
    int inW = Math.toIntExact(shape.get(rank - 2));
    int channels = Math.toIntExact(shape.get(rank - 1));
    if (inH == 0 || inW == 0 || width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "resize: cannot resize " + shape + " to " + width + "x" + height);
    }
    Taps rows = new Taps(inH, height, mode);
    Taps cols = new Taps(inW, width, mode);
    double[] x = a.toDoubles();
    ByteBuffer out = Elements.allocate(a.getDataType(), images * height * width * channels);
    int o = 0;
    for (int n = 0; n < images; n++) {
      int image = n * inH * inW * channels;
      for (int y = 0; y < height; y++) {
        int r0 = image + rows.first[y] * inW * channels;
        int r1 = image + rows.second[y] * inW * channels;
        float h1 = rows.secondWeight[y];
        float h0 = 1f - h1;
        for (int xo = 0; xo < width; xo++) {
          int c0 = cols.first[xo] * channels;
          int c1 = cols.second[xo] * channels;
          float w1 = cols.secondWeight[xo];
          float w0 = 1f - w1;
          for (int c = 0; c < channels; c++) {
            if (mode == Image.Interpolation.NEAREST) {
              Elements.putDouble(out, a.getDataType(), o++, x[r0 + c0 + c]);
              continue;
            }
            float top = (float) x[r0 + c0 + c] * w0 + (float) x[r0 + c1 + c] * w1;
            float bottom = (float) x[r1 + c0 + c] * w0 + (float) x[r1 + c1 + c] * w1;
            Elements.putDouble(out, a.getDataType(), o++, top * h0 + bottom * h1);
          }
        }
      }
    }
    long[] dims = shape.getShape().clone();
    dims[rank - 3] = height;
    dims[rank - 2] = width;
    return a.host().wrap(out, new Shape(dims), a.getDataType());
  }
}
