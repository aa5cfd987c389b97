package org.djlvulkan.backend.passes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.djlvulkan.backend.ir.Attributes;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.ops.fp.ResizeOps;

/**
 * The host references of ONNX's detection and sampling operators, which run on the host (a folded
 * constant, or a host step between device steps): NonMaxSuppression, GridSample and RoiAlign, as
 * ONNX's reference and ONNX Runtime compute them. Bad parameters are {@link
 * IllegalArgumentException}s, which the evaluator turns into the node's error.
 */
final class HostVision {
  private HostVision() {}

  /**
   * NonMaxSuppression: per batch entry and class, the boxes above the score threshold in order of
   * falling score (ties by index), each kept unless its intersection over union with a kept one
   * exceeds the threshold, at most {@code maxPerClass}; int64 {@code [selected, 3]} rows of batch,
   * class and box index.
   */
  static TensorData nonMaxSuppression(
      TensorData boxes,
      TensorData scores,
      TensorData maxPerClass,
      TensorData iouThreshold,
      TensorData scoreThreshold,
      boolean centerPointBox) {
    long[] b = boxes.shape();
    long[] s = scores.shape();
    if (b.length != 3 || b[2] != 4 || s.length != 3 || s[0] != b[0] || s[2] != b[1]) {
      throw new IllegalArgumentException(
          "boxes " + Arrays.toString(b) + " and scores " + Arrays.toString(s) + " do not fit");
    }
    long limit = maxPerClass == null || maxPerClass.count() == 0 ? 0 : maxPerClass.getLong(0);
    double iou = iouThreshold == null || iouThreshold.count() == 0 ? 0 : iouThreshold.getDouble(0);
    boolean thresholded = scoreThreshold != null && scoreThreshold.count() > 0;
    double minScore = thresholded ? scoreThreshold.getDouble(0) : 0;
    int boxCount = (int) b[1];
    List<long[]> selected = new ArrayList<>();
    for (int batch = 0; batch < b[0]; batch++) {
      double[][] corners = new double[boxCount][];
      for (int i = 0; i < boxCount; i++) {
        corners[i] = corners(boxes, (batch * boxCount + i) * 4, centerPointBox);
      }
      for (int c = 0; c < s[1]; c++) {
        int base = (int) ((batch * s[1] + c) * boxCount);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < boxCount; i++) {
          if (!thresholded || scores.getDouble(base + i) > minScore) {
            order.add(i);
          }
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -scores.getDouble(base + i)));
        List<Integer> kept = new ArrayList<>();
        for (int i : order) {
          if (kept.size() >= limit) {
            break;
          }
          boolean suppressed = false;
          for (int k : kept) {
            suppressed |= intersectionOverUnion(corners[i], corners[k]) > iou;
          }
          if (!suppressed) {
            kept.add(i);
            selected.add(new long[] {batch, c, i});
          }
        }
      }
    }
    long[] out = new long[selected.size() * 3];
    for (int i = 0; i < selected.size(); i++) {
      System.arraycopy(selected.get(i), 0, out, i * 3, 3);
    }
    return TensorData.ofLongs(out, selected.size(), 3);
  }

  /** A box as {y_min, x_min, y_max, x_max}. */
  private static double[] corners(TensorData boxes, int at, boolean centerPointBox) {
    double a = boxes.getDouble(at);
    double b = boxes.getDouble(at + 1);
    double c = boxes.getDouble(at + 2);
    double d = boxes.getDouble(at + 3);
    if (centerPointBox) {
      // [x_center, y_center, width, height]
      return new double[] {b - d / 2, a - c / 2, b + d / 2, a + c / 2};
    }
    // [y1, x1, y2, x2], any diagonal pair of corners
    return new double[] {Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)};
  }

  private static double intersectionOverUnion(double[] p, double[] q) {
    double areaP = (p[2] - p[0]) * (p[3] - p[1]);
    double areaQ = (q[2] - q[0]) * (q[3] - q[1]);
    if (areaP <= 0 || areaQ <= 0) {
      return 0;
    }
    double h = Math.max(0, Math.min(p[2], q[2]) - Math.max(p[0], q[0]));
    double w = Math.max(0, Math.min(p[3], q[3]) - Math.max(p[1], q[1]));
    double intersection = h * w;
    return intersection / (areaP + areaQ - intersection);
  }

  /**
   * GridSample of a 4-D input: each output pixel samples X at the grid's normalized (x, y) with
   * {@code mode} bilinear, nearest or bicubic and {@code padding_mode} zeros, border or reflection.
   */
  static TensorData gridSample(TensorData x, TensorData grid, Attributes a) {
    long[] s = x.shape();
    long[] g = grid.shape();
    if (s.length != 4 || g.length != 4 || g[0] != s[0] || g[3] != 2) {
      throw new IllegalArgumentException(
          "X " + Arrays.toString(s) + " and grid " + Arrays.toString(g) + " must be 4-D and fit");
    }
    String mode = a.s("mode", "bilinear");
    String padding = a.s("padding_mode", "zeros");
    boolean alignCorners = a.i("align_corners", 0) != 0;
    Sampler sampler = new Sampler((int) s[2], (int) s[3], padding, alignCorners);
    int channels = (int) s[1];
    int outH = (int) g[1];
    int outW = (int) g[2];
    double[] in = x.toDoubles();
    double[] out = new double[(int) (s[0] * channels * outH * outW)];
    int plane = (int) (s[2] * s[3]);
    int o = 0;
    for (int n = 0; n < s[0]; n++) {
      for (int c = 0; c < channels; c++) {
        int offset = (n * channels + c) * plane;
        for (int h = 0; h < outH; h++) {
          for (int w = 0; w < outW; w++) {
            int at = ((n * outH + h) * outW + w) * 2;
            double col = sampler.coordinate(grid.getDouble(at), sampler.width, mode);
            double row = sampler.coordinate(grid.getDouble(at + 1), sampler.height, mode);
            double v =
                switch (mode) {
                  case "nearest" -> sampler.pixel(in, offset, (int) row, (int) col);
                  case "bilinear", "linear" -> sampler.interpolate(in, offset, row, col, false);
                  case "bicubic", "cubic" -> sampler.interpolate(in, offset, row, col, true);
                  default -> throw new IllegalArgumentException("mode '" + mode + "'");
                };
            out[o++] = v;
          }
        }
      }
    }
    return TensorData.ofDoubles(x.type(), out, s[0], s[1], outH, outW);
  }

  /** Reads one image plane of GridSample with its padding. */
  private static final class Sampler {
    private final int height;
    private final int width;
    private final String padding;
    private final boolean alignCorners;

    Sampler(int height, int width, String padding, boolean alignCorners) {
      if (!List.of("zeros", "border", "reflection").contains(padding)) {
        throw new IllegalArgumentException("padding_mode '" + padding + "'");
      }
      this.height = height;
      this.width = width;
      this.padding = padding;
      this.alignCorners = alignCorners;
    }

    /** The pixel coordinate of a normalized one, rounded for nearest and padded when outside. */
    double coordinate(double normalized, int length, String mode) {
      double v =
          alignCorners ? (normalized + 1) / 2 * (length - 1) : ((normalized + 1) * length - 1) / 2;
      if (mode.equals("nearest")) {
        v = Math.rint(v);
      }
      double min = alignCorners ? 0 : -0.5;
      double max = alignCorners ? length - 1 : length - 0.5;
      if (v < min || v > max) {
        if (padding.equals("border")) {
          v = Math.max(0, Math.min(length - 1, v));
        } else if (padding.equals("reflection")) {
          v = reflect(v, min, max);
        }
      }
      return v;
    }

    private static double reflect(double v, double min, double max) {
      double range = max - min;
      if (v < min) {
        double d = min - v;
        int k = (int) (d / range);
        double r = d - k * range;
        return k % 2 == 0 ? min + r : max - r;
      }
      if (v > max) {
        double d = v - max;
        int k = (int) (d / range);
        double r = d - k * range;
        return k % 2 == 0 ? max - r : min + r;
      }
      return v;
    }

    /** The value at integer (row, col): 0 outside for zeros, else the clamped or reflected one. */
    double pixel(double[] in, int offset, int row, int col) {
      int r = index(row, height);
      int c = index(col, width);
      return r < 0 || c < 0 ? 0 : in[offset + r * width + c];
    }

    private int index(int i, int length) {
      if (i >= 0 && i < length) {
        return i;
      }
      return switch (padding) {
        case "border" -> Math.max(0, Math.min(length - 1, i));
        case "reflection" ->
            (int) reflect(i, alignCorners ? 0 : -0.5, alignCorners ? length - 1 : length - 0.5);
        default -> -1;
      };
    }

    /** Bilinear over the 2 x 2 or bicubic over the 4 x 4 neighbours, each tap padded. */
    double interpolate(double[] in, int offset, double row, double col, boolean cubic) {
      int r0 = (int) Math.floor(row);
      int c0 = (int) Math.floor(col);
      double[] wr = weights(row - r0, cubic);
      double[] wc = weights(col - c0, cubic);
      int first = cubic ? -1 : 0;
      double sum = 0;
      for (int i = 0; i < wr.length; i++) {
        for (int j = 0; j < wc.length; j++) {
          sum += wr[i] * wc[j] * pixel(in, offset, r0 + first + i, c0 + first + j);
        }
      }
      return sum;
    }

    private static double[] weights(double t, boolean cubic) {
      if (!cubic) {
        return new double[] {1 - t, t};
      }
      double[] w = new double[4];
      for (int k = 0; k < 4; k++) {
        w[k] = ResizeOps.cubicWeight(t - (k - 1), -0.75);
      }
      return w;
    }
  }

  /**
   * RoiAlign: each region of interest ({@code [x1, y1, x2, y2]} of its batch entry's map, scaled by
   * {@code spatial_scale}) pooled to {@code output_height x output_width} bins, each the average
   * (or maximum) of bilinear samples on a regular grid of the bin.
   */
  static TensorData roiAlign(TensorData x, TensorData rois, TensorData batchIndices, Attributes a) {
    long[] s = x.shape();
    if (s.length != 4 || rois.rank() != 2 || rois.shape()[1] != 4) {
      throw new IllegalArgumentException("X " + x + " and rois " + rois + " do not fit");
    }
    int outH = (int) a.i("output_height", 1);
    int outW = (int) a.i("output_width", 1);
    int ratio = (int) a.i("sampling_ratio", 0);
    double scale = a.f("spatial_scale", 1f);
    boolean halfPixel = a.s("coordinate_transformation_mode", "half_pixel").equals("half_pixel");
    boolean max = a.s("mode", "avg").equals("max");
    int channels = (int) s[1];
    int height = (int) s[2];
    int width = (int) s[3];
    int count = (int) rois.shape()[0];
    double[] in = x.toDoubles();
    double[] out = new double[count * channels * outH * outW];
    double offset = halfPixel ? 0.5 : 0;
    for (int r = 0; r < count; r++) {
      long batch = batchIndices.getLong(r);
      if (batch < 0 || batch >= s[0]) {
        throw new IllegalArgumentException("batch index " + batch + " outside [0, " + s[0] + ")");
      }
      double x0 = rois.getDouble(r * 4) * scale - offset;
      double y0 = rois.getDouble(r * 4 + 1) * scale - offset;
      double roiW = rois.getDouble(r * 4 + 2) * scale - offset - x0;
      double roiH = rois.getDouble(r * 4 + 3) * scale - offset - y0;
      if (!halfPixel) {
        roiW = Math.max(roiW, 1);
        roiH = Math.max(roiH, 1);
      }
      double binH = roiH / outH;
      double binW = roiW / outW;
      int gridH = ratio > 0 ? ratio : (int) Math.ceil(roiH / outH);
      int gridW = ratio > 0 ? ratio : (int) Math.ceil(roiW / outW);
      int samples = Math.max(gridH * gridW, 1);
      for (int c = 0; c < channels; c++) {
        int plane = (int) ((batch * channels + c) * height * width);
        for (int ph = 0; ph < outH; ph++) {
          for (int pw = 0; pw < outW; pw++) {
            double acc = 0;
            boolean first = true;
            for (int iy = 0; iy < gridH; iy++) {
              double yy = y0 + ph * binH + (iy + 0.5) * binH / gridH;
              for (int ix = 0; ix < gridW; ix++) {
                double xx = x0 + pw * binW + (ix + 0.5) * binW / gridW;
                double[] v = bilinearTaps(in, plane, height, width, yy, xx);
                if (max) {
                  double m = Math.max(Math.max(v[0], v[1]), Math.max(v[2], v[3]));
                  acc = first ? m : Math.max(acc, m);
                  first = false;
                } else {
                  acc += v[0] + v[1] + v[2] + v[3];
                }
              }
            }
            double value = max ? acc : acc / samples;
            out[((r * channels + c) * outH + ph) * outW + pw] = value;
          }
        }
      }
    }
    return TensorData.ofDoubles(x.type(), out, count, channels, outH, outW);
  }

  /** RoiAlign's four weighted neighbours of (y, x); zeros outside [-1, size]. */
  private static double[] bilinearTaps(
      double[] in, int plane, int height, int width, double y, double x) {
    if (y < -1 || y > height || x < -1 || x > width) {
      return new double[4];
    }
    y = Math.max(y, 0);
    x = Math.max(x, 0);
    int yLow = (int) y;
    int xLow = (int) x;
    int yHigh;
    int xHigh;
    if (yLow >= height - 1) {
      yHigh = yLow = height - 1;
      y = yLow;
    } else {
      yHigh = yLow + 1;
    }
    if (xLow >= width - 1) {
      xHigh = xLow = width - 1;
      x = xLow;
    } else {
      xHigh = xLow + 1;
    }
    double ly = y - yLow;
    double lx = x - xLow;
    double hy = 1 - ly;
    double hx = 1 - lx;
    return new double[] {
      hy * hx * in[plane + yLow * width + xLow],
      hy * lx * in[plane + yLow * width + xHigh],
      ly * hx * in[plane + yHigh * width + xLow],
      ly * lx * in[plane + yHigh * width + xHigh]
    };
  }
}
