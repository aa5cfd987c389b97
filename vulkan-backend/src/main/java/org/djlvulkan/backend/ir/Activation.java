package org.djlvulkan.backend.ir;

/**
 * An activation fused into the op that produces a value: none, a clamp to {@code [lo, hi]} (ReLU is
 * {@code [0, +inf]}, ReLU6 is {@code [0, 6]}), or HardSwish {@code x * clamp(x + 3, 0, 6) / 6}
 * (only the convolution and linear kernels fuse HardSwish).
 *
 * @param clamp whether to clamp
 * @param lo lower bound
 * @param hi upper bound
 * @param hardSwish whether the activation is HardSwish (then {@code clamp} is false)
 */
public record Activation(boolean clamp, float lo, float hi, boolean hardSwish) {
  /** No activation. */
  public static final Activation NONE =
      new Activation(false, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);

  /** ReLU. */
  public static final Activation RELU = new Activation(true, 0f, Float.POSITIVE_INFINITY);

  /** HardSwish: {@code x * clamp(x + 3, 0, 6) / 6}. */
  public static final Activation HARD_SWISH =
      new Activation(false, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, true);

  /** Checks that HardSwish is not combined with a clamp. */
  public Activation {
    if (hardSwish && clamp) {
      throw new IllegalArgumentException("an activation is a clamp or HardSwish, not both");
    }
  }

  /**
   * Creates a clamp or no activation (not HardSwish).
   *
   * @param clamp whether to clamp
   * @param lo lower bound
   * @param hi upper bound
   */
  public Activation(boolean clamp, float lo, float hi) {
    this(clamp, lo, hi, false);
  }

  /**
   * A clamp, as ONNX Clip or ReLU6.
   *
   * @param lo lower bound
   * @param hi upper bound
   * @return the activation
   */
  public static Activation clamp(float lo, float hi) {
    if (!(lo <= hi)) {
      throw new IllegalArgumentException("clamp bounds out of order: [" + lo + ", " + hi + "]");
    }
    return new Activation(true, lo, hi);
  }

  /**
   * Applies the activation on the host, as the kernels do (for Java references).
   *
   * @param x a value
   * @return the activated value
   */
  public float apply(float x) {
    if (hardSwish) {
      return x * Math.min(Math.max(x + 3f, 0f), 6f) / 6f;
    }
    return clamp ? Math.min(Math.max(x, lo), hi) : x;
  }

  /**
   * Applies the activation in double precision (for double-precision references).
   *
   * @param x a value
   * @return the activated value
   */
  public double apply(double x) {
    if (hardSwish) {
      return x * Math.min(Math.max(x + 3.0, 0.0), 6.0) / 6.0;
    }
    return clamp ? Math.min(Math.max(x, lo), hi) : x;
  }

  /**
   * Returns the code the kernels' epilogues take ({@code gemm_tiles.glslh}).
   *
   * @return 0 none, 1 clamp, 2 HardSwish
   */
  public int kernelCode() {
    return hardSwish ? 2 : clamp ? 1 : 0;
  }

  /**
   * Throws when an op that fuses only clamps is given HardSwish.
   *
   * @param op the op's name for the message
   */
  public void requireClampOnly(String op) {
    if (hardSwish) {
      throw new IllegalArgumentException(
          op + ": HardSwish cannot be fused here; add it as a separate op");
    }
  }
}
