package org.djlvulkan.backend.tensor;

/**
 * Per-tensor affine quantization: {@code real = scale * (q - zeroPoint)}, q in int8.
 *
 * @param scale the step between neighbouring quantized values, positive and finite
 * @param zeroPoint the int8 value that represents real 0, in [-128, 127]
 */
public record QuantParams(float scale, int zeroPoint) {
  /** Validates the parameters. */
  public QuantParams {
    if (!(scale > 0) || Float.isInfinite(scale)) {
      throw new IllegalArgumentException("quantization scale must be positive: " + scale);
    }
    if (zeroPoint < -128 || zeroPoint > 127) {
      throw new IllegalArgumentException("int8 zero point out of range: " + zeroPoint);
    }
  }

  /**
   * Maps uint8 quantization to int8 exactly: the same scale, the zero point shifted by -128.
   *
   * @param scale the scale
   * @param uint8ZeroPoint the uint8 zero point in [0, 255]
   * @return the int8 equivalent
   */
  public static QuantParams fromUint8(float scale, int uint8ZeroPoint) {
    return new QuantParams(scale, uint8ZeroPoint - 128);
  }

  /** Returns {@code 1 / scale} as one float division, done once on the host. */
  public float inverseScale() {
    return 1.0f / scale;
  }
}
