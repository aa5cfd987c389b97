package org.djlvulkan.backend.ops;

import org.djlvulkan.backend.graph.PushConstants;

/**
 * The window of a 2-D pooling (ONNX MaxPool / AveragePool attributes).
 *
 * @param kernelH window height
 * @param kernelW window width
 * @param strideH vertical step
 * @param strideW horizontal step
 * @param padTop zero rows before the input (ONNX pads[0])
 * @param padLeft columns before the input (ONNX pads[1])
 * @param padBottom rows after the input (ONNX pads[2])
 * @param padRight columns after the input (ONNX pads[3])
 * @param dilationH vertical distance between window taps (max pooling only)
 * @param dilationW horizontal distance between window taps (max pooling only)
 * @param ceilMode round the output size up instead of down; windows that would start in the bottom
 *     or right padding (or beyond it) are still dropped, as ONNX and PyTorch do
 * @param countIncludePad average pooling: divide by the window's size within the padded input
 *     instead of by the number of input positions it covers
 */
public record Pool2dParams(
    int kernelH,
    int kernelW,
    int strideH,
    int strideW,
    int padTop,
    int padLeft,
    int padBottom,
    int padRight,
    int dilationH,
    int dilationW,
    boolean ceilMode,
    boolean countIncludePad) {

  /** Checks the attributes: positive sizes, and pads smaller than the window (as ONNX Runtime). */
  public Pool2dParams {
    String what =
        String.format(
            "kernel %dx%d, stride %dx%d, dilation %dx%d, pads (top, left, bottom, right) %d,%d,%d,%d",
            kernelH, kernelW, strideH, strideW, dilationH, dilationW, padTop, padLeft, padBottom,
            padRight);
    if (kernelH < 1
        || kernelW < 1
        || strideH < 1
        || strideW < 1
        || dilationH < 1
        || dilationW < 1) {
      throw new IllegalArgumentException("pooling sizes must be positive: " + what);
    }
    if (padTop < 0 || padLeft < 0 || padBottom < 0 || padRight < 0) {
      throw new IllegalArgumentException("pooling pads must not be negative: " + what);
    }
    if (Math.max(padTop, padBottom) >= extent(kernelH, dilationH)
        || Math.max(padLeft, padRight) >= extent(kernelW, dilationW)) {
      throw new IllegalArgumentException("pooling pads must be smaller than the window: " + what);
    }
  }

  /**
   * A square window with the same stride and padding on every side, no dilation, floor mode,
   * padding not counted.
   *
   * @param kernel window size
   * @param stride step
   * @param pad padding on each side
   * @return the parameters
   */
  public static Pool2dParams of(int kernel, int stride, int pad) {
    return new Pool2dParams(kernel, kernel, stride, stride, pad, pad, pad, pad, 1, 1, false, false);
  }

  /**
   * Returns a copy with other pads.
   *
   * @param top rows before
   * @param left columns before
   * @param bottom rows after
   * @param right columns after
   * @return the parameters
   */
  public Pool2dParams withPads(int top, int left, int bottom, int right) {
    return new Pool2dParams(
        kernelH,
        kernelW,
        strideH,
        strideW,
        top,
        left,
        bottom,
        right,
        dilationH,
        dilationW,
        ceilMode,
        countIncludePad);
  }

  /**
   * Returns a copy with another ceil mode.
   *
   * @param ceil whether to round the output size up
   * @return the parameters
   */
  public Pool2dParams withCeilMode(boolean ceil) {
    return copy(dilationH, dilationW, ceil, countIncludePad);
  }

  /**
   * Returns a copy with another count_include_pad.
   *
   * @param include whether average pooling counts padding
   * @return the parameters
   */
  public Pool2dParams withCountIncludePad(boolean include) {
    return copy(dilationH, dilationW, ceilMode, include);
  }

  /**
   * Returns a copy with another dilation.
   *
   * @param h vertical dilation
   * @param w horizontal dilation
   * @return the parameters
   */
  public Pool2dParams withDilation(int h, int w) {
    return copy(h, w, ceilMode, countIncludePad);
  }

  /**
   * Returns the output height for an input height.
   *
   * @param inputH input height
   * @return output height
   */
  public int outputH(int inputH) {
    return outputSize(inputH, kernelH, strideH, padTop, padBottom, dilationH);
  }

  /**
   * Returns the output width for an input width.
   *
   * @param inputW input width
   * @return output width
   */
  public int outputW(int inputW) {
    return outputSize(inputW, kernelW, strideW, padLeft, padRight, dilationW);
  }

  /** Appends the window words the pooling kernels share: window, stride, pads, dilation, flag. */
  public PushConstants appendWindow(PushConstants pc) {
    return pc.i(kernelH)
        .i(kernelW)
        .i(strideH)
        .i(strideW)
        .i(padTop)
        .i(padLeft)
        .i(padBottom)
        .i(padRight)
        .i(dilationH)
        .i(dilationW)
        .i(countIncludePad ? 1 : 0);
  }

  private int outputSize(int in, int kernel, int stride, int padBegin, int padEnd, int dilation) {
    int span = in + padBegin + padEnd - extent(kernel, dilation);
    if (span < 0) {
      throw new IllegalArgumentException(
          "pooling window larger than the padded input (size " + in + "): " + this);
    }
    int out = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
    if (ceilMode && (out - 1) * stride >= in + padBegin) {
      out--; // the last window would start in the end padding
    }
    return out;
  }

  private static int extent(int kernel, int dilation) {
    return dilation * (kernel - 1) + 1;
  }

  private Pool2dParams copy(int dilationH, int dilationW, boolean ceil, boolean include) {
    return new Pool2dParams(
        kernelH, kernelW, strideH, strideW, padTop, padLeft, padBottom, padRight, dilationH,
        dilationW, ceil, include);
  }
}
