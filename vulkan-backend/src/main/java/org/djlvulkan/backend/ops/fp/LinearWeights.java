package org.djlvulkan.backend.ops.fp;

/**
 * The weights of a fully connected layer as PyTorch stores them: weight {@code [out][in]}
 * row-major, optional bias {@code [out]}. The arrays are not copied.
 *
 * @param outFeatures output features
 * @param inFeatures input features (K)
 * @param weight {@code out * in} values
 * @param bias {@code out} values, or null
 */
public record LinearWeights(int outFeatures, int inFeatures, float[] weight, float[] bias) {

  /** Checks the array lengths. */
  public LinearWeights {
    if (outFeatures < 1 || inFeatures < 1) {
      throw new IllegalArgumentException(
          "linear dimensions must be positive: [" + outFeatures + ", " + inFeatures + "]");
    }
    if (weight == null || weight.length != (long) outFeatures * inFeatures) {
      throw new IllegalArgumentException(
          "linear weight ["
              + outFeatures
              + ", "
              + inFeatures
              + "] needs "
              + (long) outFeatures * inFeatures
              + " values, got "
              + (weight == null ? "null" : weight.length));
    }
    if (bias != null && bias.length != outFeatures) {
      throw new IllegalArgumentException(
          "linear bias needs " + outFeatures + " values, got " + bias.length);
    }
  }

  /**
   * Converts ONNX Gemm's constant operands, {@code Y = alpha * A * op(B) + beta * C}, applying
   * alpha, beta and transB at pack time. {@code A} is the runtime input and must not be transposed
   * ({@code transA = 1} is not supported: transpose the input with a separate op). {@code C} must
   * broadcast along rows: {@code N} values, one value, or null.
   *
   * @param b B: {@code [K][N]}, or {@code [N][K]} when {@code transB}
   * @param k K
   * @param n N (output features)
   * @param transB ONNX's {@code transB}
   * @param alpha ONNX's {@code alpha}
   * @param c C or null
   * @param beta ONNX's {@code beta}
   * @return the weights
   */
  public static LinearWeights fromGemm(
      float[] b, int k, int n, boolean transB, float alpha, float[] c, float beta) {
    if (b.length != (long) k * n) {
      throw new IllegalArgumentException(
          "Gemm: B needs " + (long) k * n + " values (K=" + k + ", N=" + n + "), got " + b.length);
    }
    float[] w = new float[b.length];
    for (int o = 0; o < n; o++) {
      for (int i = 0; i < k; i++) {
        float v = transB ? b[o * k + i] : b[i * n + o];
        w[o * k + i] = (float) ((double) alpha * v);
      }
    }
    float[] bias = null;
    if (c != null) {
      if (c.length != n && c.length != 1) {
        throw new IllegalArgumentException(
            "Gemm: C must have N=" + n + " values or 1 (row broadcast), got " + c.length);
      }
      bias = new float[n];
      for (int o = 0; o < n; o++) {
        bias[o] = (float) ((double) beta * c[c.length == 1 ? 0 : o]);
      }
    }
    return new LinearWeights(n, k, w, bias);
  }
}
