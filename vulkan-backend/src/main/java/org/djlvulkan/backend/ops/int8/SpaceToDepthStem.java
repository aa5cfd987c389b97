package org.djlvulkan.backend.ops.int8;

import java.util.Optional;
import org.djlvulkan.backend.config.KernelPolicy;
import org.djlvulkan.backend.ops.Conv2dParams;

/**
 * A stride-2 convolution of a few input channels (a CNN's stem, such as ResNet50's 7 x 7 on 3
 * channels) rewritten as a stride-1 convolution of the input's 2 x 2 space-to-depth: channel {@code
 * (2 * sy + sx) * C + c} at {@code (y, x)} holds input channel {@code c} at {@code (2y + sy, 2x +
 * sx)}, so the GEMM reads 4 * C channels per position (a whole 4W4C group for C = 3) instead of
 * gathering each tap of the strided window.
 *
 * <p>Output row {@code oy} of the original reads input rows {@code 2 * oy - padTop + r}, {@code r <
 * KH}. With {@code a = ceil(padTop / 2)} the rewritten kernel's row {@code ky} at phase {@code sy}
 * reads row {@code 2 * (oy - a + ky) + sy}, which is tap {@code r = 2 * ky + sy - 2a + padTop} of
 * the original: its weight where {@code 0 <= r < KH}, zero elsewhere (columns alike). The rewritten
 * padding reads the zero point, as the original's does, and the zero weights add nothing, so the
 * integer sums, and every output code, are the original's.
 *
 * @param params the rewritten convolution (stride 1)
 * @param original the original convolution
 * @param inChannels the original's input channels C
 */
public record SpaceToDepthStem(Conv2dParams params, Conv2dParams original, int inChannels) {

  /** The most input channels a rewritten convolution has: 4 * 3 fills three 4W4C groups. */
  static final int MAX_IN_CHANNELS = 3;

  /**
   * The smallest kernel side that {@link KernelPolicy.Stem#AUTO} rewrites: ResNet50's 7 x 7 stem
   * gained on an H100 (1.70 ms to 0.12 + 1.27 ms at batch 256), MobileNetV2's 3 x 3 lost 1%.
   */
  static final int MIN_KERNEL = 5;

  /**
   * The rewrite where {@code choice} picks it: {@link KernelPolicy.Stem#SPACE_TO_DEPTH} wherever
   * {@link #of} applies; {@link KernelPolicy.Stem#AUTO} for kernels of at least {@link #MIN_KERNEL}
   * on a side and, on GPUs, a batch above 1 (there the strided stem quantizes its input inside its
   * own GEMM, and the rewrite's quantization pass costs more than it saves); {@link
   * KernelPolicy.Stem#STRIDED} never.
   *
   * @param p the convolution
   * @param inShape its input's shape, NCHW
   * @param choice the policy's choice
   * @param gpu whether the device is a GPU
   * @return the rewrite, or empty
   */
  public static Optional<SpaceToDepthStem> choose(
      Conv2dParams p, long[] inShape, KernelPolicy.Stem choice, boolean gpu) {
    boolean pays =
        switch (choice) {
          case SPACE_TO_DEPTH -> true;
          case STRIDED -> false;
          case AUTO ->
              p.kernelH() >= MIN_KERNEL
                  && p.kernelW() >= MIN_KERNEL
                  && !(gpu && inShape.length == 4 && inShape[0] == 1);
        };
    return pays ? of(p, inShape) : Optional.empty();
  }

  /**
   * The rewrite of a convolution of {@code [N, C, H, W]}, where it applies: strides 2 x 2, dilation
   * 1, one group, at most {@link #MAX_IN_CHANNELS} input channels, H and W even.
   *
   * @param p the convolution
   * @param inShape its input's shape, NCHW
   * @return the rewrite, or empty
   */
  public static Optional<SpaceToDepthStem> of(Conv2dParams p, long[] inShape) {
    if (inShape.length != 4
        || p.strideH() != 2
        || p.strideW() != 2
        || p.dilationH() != 1
        || p.dilationW() != 1
        || p.groups() != 1
        || inShape[1] > MAX_IN_CHANNELS
        || inShape[2] % 2 != 0
        || inShape[3] % 2 != 0) {
      return Optional.empty();
    }
    int h = (int) inShape[2];
    int w = (int) inShape[3];
    int[] rows = axis(p.kernelH(), p.padTop(), h, p.outH(h));
    int[] cols = axis(p.kernelW(), p.padLeft(), w, p.outW(w));
    if (rows == null || cols == null) {
      return Optional.empty();
    }
    Conv2dParams q =
        new Conv2dParams(rows[0], cols[0], 1, 1, 1, 1, rows[1], cols[1], rows[2], cols[2], 1);
    return Optional.of(new SpaceToDepthStem(q, p, (int) inShape[1]));
  }

  /**
   * One axis of the rewrite: {kernel, pad before, pad after} of the stride-1 convolution on {@code
   * size / 2} positions that gives {@code out} outputs; null where a pad would be negative.
   */
  private static int[] axis(int kernel, int padBefore, int size, int out) {
    int a = (padBefore + 1) / 2;
    int k = (kernel - 1 + 2 * a - padBefore) / 2 + 1;
    int after = out - 1 - size / 2 - a + k;
    return after < 0 ? null : new int[] {k, a, after};
  }

  /** The rewritten input's shape: {@code [N, 4C, H / 2, W / 2]}. */
  public long[] inputShape(long[] inShape) {
    return new long[] {inShape[0], 4 * inShape[1], inShape[2] / 2, inShape[3] / 2};
  }

  /**
   * The rewritten weights: the original's taps in their phases, zeros where the rewritten window
   * reaches past the original's; the same scales and bias.
   *
   * @param w the original weights
   * @return the weights of {@link #params()} on {@code 4C} input channels
   */
  public QConv2dWeights weights(QConv2dWeights w) {
    int oc = w.outChannels();
    int c = inChannels;
    int kh = params.kernelH();
    int kw = params.kernelW();
    int shiftH = 2 * params.padTop() - original.padTop();
    int shiftW = 2 * params.padLeft() - original.padLeft();
    byte[] out = new byte[oc * 4 * c * kh * kw];
    for (int o = 0; o < oc; o++) {
      for (int ch = 0; ch < 4 * c; ch++) {
        int phase = ch / c;
        int ic = ch % c;
        for (int ky = 0; ky < kh; ky++) {
          int r = 2 * ky + phase / 2 - shiftH;
          for (int kx = 0; kx < kw; kx++) {
            int s = 2 * kx + phase % 2 - shiftW;
            if (r >= 0 && r < w.kernelH() && s >= 0 && s < w.kernelW()) {
              out[((o * 4 * c + ch) * kh + ky) * kw + kx] =
                  w.weight()[((o * c + ic) * w.kernelH() + r) * w.kernelW() + s];
            }
          }
        }
      }
    }
    return new QConv2dWeights(oc, 4 * c, kh, kw, out, w.scales(), w.bias(), w.intBias());
  }
}
