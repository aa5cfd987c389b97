package org.djlvulkan.backend.ops.int8;

import org.djlvulkan.backend.tensor.QuantParams;

/**
 * The 256-entry tables of the quantized unary ops, computed on the host: entry {@code q + 128} is
 * the int8 result for the int8 input {@code q}. A table gives exactly the result of its float
 * formula for every input, so the kernel that applies it is bit-exact by construction.
 */
final class Int8Tables {
  /** Entries of a table: one per int8 value. */
  static final int SIZE = 256;

  private Int8Tables() {}

  /**
   * The factor of requantization, {@code s_in / s_out} as one float division.
   *
   * @param in the input's quantization
   * @param out the output's quantization
   * @return the ratio
   */
  static float ratio(QuantParams in, QuantParams out) {
    return in.scale() / out.scale();
  }

  /**
   * Requantization: {@code q' = clamp(roundEven(float(q - z_in) * ratio) + z_out, -128, 127)}, the
   * product one float multiply with {@link #ratio}.
   *
   * @param in the input's quantization
   * @param out the output's quantization
   * @return the table
   */
  static int[] requantize(QuantParams in, QuantParams out) {
    float ratio = ratio(in, out);
    int[] table = new int[SIZE];
    for (int q = -128; q <= 127; q++) {
      table[q + 128] = Int8Support.quantize((float) (q - in.zeroPoint()) * ratio, out.zeroPoint());
    }
    return table;
  }

  /**
   * Quantized sigmoid (ONNX QLinearSigmoid): {@code x = float(q - z_in) * s_in} (float multiply),
   * {@code y = 1 / (1 + exp(-x))} in double ({@link StrictMath#exp}) rounded to float, {@code q' =
   * clamp(roundEven(y * (1 / s_out)) + z_out, -128, 127)} (float multiply by the float reciprocal).
   *
   * @param in the input's quantization
   * @param out the output's quantization
   * @return the table
   */
  static int[] sigmoid(QuantParams in, QuantParams out) {
    return table(in, out, x -> (float) (1.0 / (1.0 + StrictMath.exp(-(double) x))));
  }

  /**
   * Quantized leaky ReLU (ONNX QLinearLeakyRelu): {@code x = float(q - z_in) * s_in}, {@code y = x
   * < 0 ? x * alpha : x} in float, then quantized as {@link #sigmoid} does.
   *
   * @param in the input's quantization
   * @param out the output's quantization
   * @param alpha the slope for negative x
   * @return the table
   */
  static int[] leakyRelu(QuantParams in, QuantParams out, float alpha) {
    return table(in, out, x -> x < 0 ? x * alpha : x);
  }

  /** The table of {@code f} between two quantizations: dequantize, f, quantize. */
  private static int[] table(QuantParams in, QuantParams out, FloatUnaryOperator f) {
    float inv = out.inverseScale();
    int[] table = new int[SIZE];
    for (int q = -128; q <= 127; q++) {
      float x = (float) (q - in.zeroPoint()) * in.scale();
      table[q + 128] = Int8Support.quantize(f.apply(x) * inv, out.zeroPoint());
    }
    return table;
  }

  /** A float function of one float. */
  @FunctionalInterface
  private interface FloatUnaryOperator {
    float apply(float x);
  }
}
