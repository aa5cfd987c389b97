package org.djlvulkan.backend.ops;

/**
 * An activation fused into the op that produces a value: none, or a clamp to {@code [lo, hi]} (ReLU
 * is {@code [0, +inf]}, ReLU6 is {@code [0, 6]}).
 *
 * @param clamp whether to clamp
 * @param lo lower bound
 * @param hi upper bound
 */
public record Activation(boolean clamp, float lo, float hi) {
  /** No activation. */
  public static final Activation NONE =
      new Activation(false, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);

  /** ReLU. */
  public static final Activation RELU = new Activation(true, 0f, Float.POSITIVE_INFINITY);

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
    return clamp ? Math.min(Math.max(x, lo), hi) : x;
  }
}
