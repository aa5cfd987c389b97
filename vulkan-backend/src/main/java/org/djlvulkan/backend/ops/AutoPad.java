package org.djlvulkan.backend.ops;

/** ONNX's {@code auto_pad} attribute of Conv and the pools. */
public enum AutoPad {
  /** Explicit pads (the {@code pads} attribute). */
  NOTSET,
  /** Output size {@code ceil(in / stride)}; an odd total pad puts the extra one at the end. */
  SAME_UPPER,
  /** Output size {@code ceil(in / stride)}; an odd total pad puts the extra one at the start. */
  SAME_LOWER,
  /** No padding. */
  VALID;

  /**
   * Returns the pads of one spatial axis, {@code {begin, end}}; {@link #NOTSET} returns the
   * explicit pads unchanged.
   *
   * @param in the input size
   * @param kernel the kernel size
   * @param stride the stride
   * @param dilation the dilation
   * @param explicitBegin the explicit begin pad (used by {@link #NOTSET})
   * @param explicitEnd the explicit end pad (used by {@link #NOTSET})
   * @return {begin, end}
   */
  public int[] pads(
      int in, int kernel, int stride, int dilation, int explicitBegin, int explicitEnd) {
    switch (this) {
      case NOTSET:
        return new int[] {explicitBegin, explicitEnd};
      case VALID:
        return new int[] {0, 0};
      default:
        long out = (in + (long) stride - 1) / stride;
        long total = Math.max(0, (out - 1) * stride + (long) (kernel - 1) * dilation + 1 - in);
        int small = (int) (total / 2);
        int big = (int) (total - small);
        return this == SAME_UPPER ? new int[] {small, big} : new int[] {big, small};
    }
  }

  /**
   * Parses ONNX's attribute value.
   *
   * @param onnx {@code NOTSET}, {@code SAME_UPPER}, {@code SAME_LOWER} or {@code VALID}
   * @return the mode
   */
  public static AutoPad fromOnnx(String onnx) {
    try {
      return valueOf(onnx.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown ONNX auto_pad '" + onnx + "'", e);
    }
  }
}
