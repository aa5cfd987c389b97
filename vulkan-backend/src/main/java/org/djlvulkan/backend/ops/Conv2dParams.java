package org.djlvulkan.backend.ops;

import java.util.Arrays;
import org.djlvulkan.backend.graph.PushConstants;

/**
 * The geometry of a 2-D convolution: kernel size, stride, dilation, pads (top, left, bottom, right:
 * ONNX's order) and groups. The output size per axis is {@code (in + padBegin + padEnd - dilation *
 * (kernel - 1) - 1) / stride + 1}.
 *
 * @param kernelH kernel height
 * @param kernelW kernel width
 * @param strideH vertical stride
 * @param strideW horizontal stride
 * @param dilationH vertical dilation
 * @param dilationW horizontal dilation
 * @param padTop rows of zeros above
 * @param padLeft columns of zeros on the left
 * @param padBottom rows of zeros below
 * @param padRight columns of zeros on the right
 * @param groups groups (input and output channels are both divided by it)
 */
public record Conv2dParams(
    int kernelH,
    int kernelW,
    int strideH,
    int strideW,
    int dilationH,
    int dilationW,
    int padTop,
    int padLeft,
    int padBottom,
    int padRight,
    int groups) {

  /** Checks that sizes are positive and pads non-negative. */
  public Conv2dParams {
    if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1) {
      throw new IllegalArgumentException(
          "kernel and stride must be positive: kernel "
              + kernelH
              + "x"
              + kernelW
              + ", stride "
              + strideH
              + "x"
              + strideW);
    }
    if (dilationH < 1 || dilationW < 1 || groups < 1) {
      throw new IllegalArgumentException(
          "dilation and groups must be positive: dilation "
              + dilationH
              + "x"
              + dilationW
              + ", groups "
              + groups);
    }
    if (padTop < 0 || padLeft < 0 || padBottom < 0 || padRight < 0) {
      throw new IllegalArgumentException(
          "pads must be >= 0: " + padTop + ", " + padLeft + ", " + padBottom + ", " + padRight);
    }
  }

  /**
   * A square kernel with equal stride and symmetric padding on both axes, dilation 1, one group.
   *
   * @param kernel kernel size
   * @param stride stride
   * @param pad pad on every side
   * @return the params
   */
  public static Conv2dParams of(int kernel, int stride, int pad) {
    return new Conv2dParams(kernel, kernel, stride, stride, 1, 1, pad, pad, pad, pad, 1);
  }

  /**
   * From ONNX Conv attributes with explicit pads.
   *
   * @param kernelShape {@code kernel_shape} [kH, kW]
   * @param strides {@code strides} [sH, sW]
   * @param dilations {@code dilations} [dH, dW]
   * @param pads {@code pads} [top, left, bottom, right]
   * @param groups {@code group}
   * @return the params
   */
  public static Conv2dParams onnx(
      int[] kernelShape, int[] strides, int[] dilations, int[] pads, int groups) {
    if (kernelShape.length != 2 || strides.length != 2 || dilations.length != 2) {
      throw new IllegalArgumentException("2-D convolution needs 2 kernel, stride, dilation values");
    }
    if (pads.length != 4) {
      throw new IllegalArgumentException("2-D convolution needs 4 pads, got " + pads.length);
    }
    return new Conv2dParams(
        kernelShape[0],
        kernelShape[1],
        strides[0],
        strides[1],
        dilations[0],
        dilations[1],
        pads[0],
        pads[1],
        pads[2],
        pads[3],
        groups);
  }

  /**
   * Returns a copy with other groups.
   *
   * @param g groups
   * @return the params
   */
  public Conv2dParams withGroups(int g) {
    return new Conv2dParams(
        kernelH, kernelW, strideH, strideW, dilationH, dilationW, padTop, padLeft, padBottom,
        padRight, g);
  }

  /**
   * Returns a copy with other dilations.
   *
   * @param dh vertical dilation
   * @param dw horizontal dilation
   * @return the params
   */
  public Conv2dParams withDilation(int dh, int dw) {
    return new Conv2dParams(
        kernelH, kernelW, strideH, strideW, dh, dw, padTop, padLeft, padBottom, padRight, groups);
  }

  /**
   * Returns a copy with other pads.
   *
   * @param top rows above
   * @param left columns on the left
   * @param bottom rows below
   * @param right columns on the right
   * @return the params
   */
  public Conv2dParams withPads(int top, int left, int bottom, int right) {
    return new Conv2dParams(
        kernelH, kernelW, strideH, strideW, dilationH, dilationW, top, left, bottom, right, groups);
  }

  /**
   * Returns a copy whose pads follow ONNX's {@code auto_pad} for an input of the given size ({@link
   * AutoPad#NOTSET} keeps the pads).
   *
   * @param mode the mode
   * @param inH input height
   * @param inW input width
   * @return the params
   */
  public Conv2dParams withAutoPad(AutoPad mode, int inH, int inW) {
    int[] v = mode.pads(inH, kernelH, strideH, dilationH, padTop, padBottom);
    int[] h = mode.pads(inW, kernelW, strideW, dilationW, padLeft, padRight);
    return withPads(v[0], h[0], v[1], h[1]);
  }

  /**
   * Returns the output height, or throws when the (dilated) kernel does not fit.
   *
   * @param inH input height
   * @return the output height
   */
  public int outH(int inH) {
    return outSize(inH, kernelH, strideH, dilationH, padTop, padBottom, "height");
  }

  /**
   * Returns the output width, or throws when the (dilated) kernel does not fit.
   *
   * @param inW input width
   * @return the output width
   */
  public int outW(int inW) {
    return outSize(inW, kernelW, strideW, dilationW, padLeft, padRight, "width");
  }

  private int outSize(int in, int k, int s, int d, int p0, int p1, String axis) {
    long span = (long) in + p0 + p1 - (long) d * (k - 1) - 1;
    if (span < 0) {
      throw new IllegalArgumentException(
          "input "
              + axis
              + " "
              + in
              + " with pads "
              + p0
              + "+"
              + p1
              + " is smaller than the dilated kernel "
              + ((long) d * (k - 1) + 1)
              + " ("
              + this
              + ")");
    }
    return (int) (span / s + 1);
  }

  /**
   * Appends the words the im2col, direct and depthwise kernels walk a window with: KW, the strides,
   * the dilations, the top and left pads.
   */
  public PushConstants appendWindowWalk(PushConstants pc) {
    for (int v : windowWalk()) {
      pc.i(v);
    }
    return pc;
  }

  /**
   * Returns what a kernel needs to walk the window from an output pixel, in the order the kernels
   * take it (as push constants or specialization constants): kernel width, strides, dilations, top
   * and left padding.
   *
   * @return kernelW, strideH, strideW, dilationH, dilationW, padTop, padLeft
   */
  public int[] windowWalk() {
    return new int[] {kernelW, strideH, strideW, dilationH, dilationW, padTop, padLeft};
  }

  /**
   * Returns {@code head} followed by {@link #windowWalk()}: the specialization constants of a GEMM
   * that computes a convolution's input itself.
   *
   * @param head the values before the window walk
   * @return the values
   */
  public int[] withWindowWalk(int... head) {
    int[] walk = windowWalk();
    int[] all = Arrays.copyOf(head, head.length + walk.length);
    System.arraycopy(walk, 0, all, head.length, walk.length);
    return all;
  }

  /** Returns whether the kernel is 1x1 with stride 1 and no padding. */
  public boolean isPointwise() {
    return kernelH == 1
        && kernelW == 1
        && strideH == 1
        && strideW == 1
        && padTop == 0
        && padLeft == 0
        && padBottom == 0
        && padRight == 0;
  }

  @Override
  public String toString() {
    return "kernel "
        + kernelH
        + "x"
        + kernelW
        + " stride "
        + strideH
        + "x"
        + strideW
        + " dilation "
        + dilationH
        + "x"
        + dilationW
        + " pads (t,l,b,r) "
        + padTop
        + ","
        + padLeft
        + ","
        + padBottom
        + ","
        + padRight
        + " groups "
        + groups;
  }
}
