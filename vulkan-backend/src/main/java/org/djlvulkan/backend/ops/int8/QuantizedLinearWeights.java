package org.djlvulkan.backend.ops.int8;

/**
 * The constant operands of a quantized fully connected layer: int8 weights {@code [out][in]}
 * row-major with a scale and a zero point per output channel ({@code real = scale[c] * (w -
 * zeroPoint[c])}), and an optional int32 bias in units of {@code s_x * scale[c]} (ONNX's). uint8
 * weights are mapped exactly to int8 by {@link #fromOnnx}. The arrays are not copied.
 *
 * @param outFeatures output features (OC)
 * @param inFeatures input features (K)
 * @param weight {@code out * in} int8 values
 * @param scales {@code out} positive scales
 * @param zeroPoints {@code out} zero points in [-128, 127] (zeros for symmetric weights)
 * @param bias {@code out} int32 values in units of {@code s_x * scale[c]}, or null
 */
public record QuantizedLinearWeights(
    int outFeatures, int inFeatures, byte[] weight, float[] scales, int[] zeroPoints, int[] bias) {

  /** Checks the dimensions, array lengths, scales and zero points. */
  public QuantizedLinearWeights {
    if (outFeatures < 1 || inFeatures < 1) {
      throw new IllegalArgumentException(
          "quantized linear dimensions must be positive: ["
              + outFeatures
              + ", "
              + inFeatures
              + "]");
    }
    requireLength("weight", weight == null ? -1 : weight.length, (long) outFeatures * inFeatures);
    requireLength("scales", scales == null ? -1 : scales.length, outFeatures);
    requireLength("zeroPoints", zeroPoints == null ? -1 : zeroPoints.length, outFeatures);
    if (bias != null) {
      requireLength("bias", bias.length, outFeatures);
    }
    for (int c = 0; c < outFeatures; c++) {
      if (!(scales[c] > 0) || Float.isInfinite(scales[c])) {
        throw new IllegalArgumentException(
            "quantized linear: scale of output channel " + c + " must be positive: " + scales[c]);
      }
      if (zeroPoints[c] < -128 || zeroPoints[c] > 127) {
        throw new IllegalArgumentException(
            "quantized linear: int8 zero point of output channel "
                + c
                + " out of range: "
                + zeroPoints[c]);
      }
    }
  }

  private static void requireLength(String what, long actual, long expected) {
    if (actual != expected) {
      throw new IllegalArgumentException(
          "quantized linear "
              + what
              + " needs "
              + expected
              + " values, got "
              + (actual < 0 ? "null" : actual));
    }
  }

  /**
   * Converts the constant B operand of ONNX QGemm / QLinearMatMul / MatMulInteger-style layers,
   * {@code Y = A * op(B)}: transposes it to {@code [N][K]} and maps uint8 data and zero points to
   * int8 exactly ({@code q = u - 128}). Scales and zero points are per tensor (one value) or per
   * output column (N values).
   *
   * @param b B's 8-bit data: {@code [K][N]}, or {@code [N][K]} when {@code transB}
   * @param k K (input features)
   * @param n N (output features)
   * @param transB ONNX's {@code transB}
   * @param unsigned whether B's data and zero points are uint8 (else int8)
   * @param scale 1 or N scales
   * @param zeroPoint null (ONNX default 0), or 1 or N zero points in the range of B's type
   * @param bias N int32 values (ONNX's C, in units of {@code s_a * s_b[n]}), or null
   * @return the weights
   */
  public static QuantizedLinearWeights fromOnnx(
      byte[] b,
      int k,
      int n,
      boolean transB,
      boolean unsigned,
      float[] scale,
      int[] zeroPoint,
      int[] bias) {
    if (b.length != (long) k * n) {
      throw new IllegalArgumentException(
          "quantized linear: B needs "
              + (long) k * n
              + " values (K="
              + k
              + ", N="
              + n
              + "), got "
              + b.length);
    }
    int shift = unsigned ? 128 : 0;
    byte[] w = new byte[b.length];
    for (int o = 0; o < n; o++) {
      for (int i = 0; i < k; i++) {
        int v = transB ? b[o * k + i] : b[i * n + o];
        w[o * k + i] = (byte) ((unsigned ? v & 0xFF : v) - shift);
      }
    }
    float[] scales = new float[n];
    int[] zeros = new int[n];
    requireOneOrN("scale", scale == null ? -1 : scale.length, n);
    if (zeroPoint != null) {
      requireOneOrN("zero point", zeroPoint.length, n);
    }
    int lo = unsigned ? 0 : -128;
    for (int o = 0; o < n; o++) {
      scales[o] = scale[scale.length == 1 ? 0 : o];
      int z = zeroPoint == null ? 0 : zeroPoint[zeroPoint.length == 1 ? 0 : o];
      if (z < lo || z > lo + 255) {
        throw new IllegalArgumentException(
            "quantized linear: zero point "
                + z
                + " out of the "
                + (unsigned ? "uint8" : "int8")
                + " range");
      }
      zeros[o] = z - shift;
    }
    return new QuantizedLinearWeights(n, k, w, scales, zeros, bias);
  }

  private static void requireOneOrN(String what, int length, int n) {
    if (length != 1 && length != n) {
      throw new IllegalArgumentException(
          "quantized linear: "
              + what
              + " needs 1 or N="
              + n
              + " values, got "
              + (length < 0 ? "null" : length));
    }
  }

  /**
   * Returns {@code sum over k of w[c][k]}.
   *
   * @param c an output channel
   * @return the sum of its weights
   */
  int weightSum(int c) {
    int sum = 0;
    for (int i = 0; i < inFeatures; i++) {
      sum += weight[c * inFeatures + i];
    }
    return sum;
  }
}
