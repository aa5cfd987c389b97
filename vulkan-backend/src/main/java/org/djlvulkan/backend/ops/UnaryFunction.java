package org.djlvulkan.backend.ops;

import org.djlvulkan.shaders.KernelId;

/**
 * The element-wise functions of one input that the {@code unary_*_f32} kernels compute (shader
 * {@code elementwise/unary.comp}), each with its host reference in double precision: the one the
 * kernel tests and the host evaluator use. Parameters {@code alpha} and {@code beta} follow the
 * ONNX operator of the same name ({@link #SELU}: alpha and gamma); functions without parameters
 * ignore them. NaN in gives NaN out.
 */
public enum UnaryFunction {
  /** {@code 1 / (1 + exp(-x))}. */
  SIGMOID(
      KernelId.UNARY_SIGMOID_F32,
      "aten.sigmoid.default",
      (x, alpha, beta) -> 1 / (1 + Math.exp(-x))),
  /** {@code clamp(alpha * x + beta, 0, 1)} (ONNX defaults 0.2 and 0.5). */
  HARD_SIGMOID(
      KernelId.UNARY_HARDSIGMOID_F32,
      "aten.hardsigmoid.default",
      (x, alpha, beta) -> Math.max(0, Math.min(1, alpha * x + beta))),
  /** {@code x * clamp(alpha * x + beta, 0, 1)}; ONNX's and PyTorch's HardSwish is 1/6, 1/2. */
  HARD_SWISH(
      KernelId.UNARY_HARDSWISH_F32,
      "aten.hardswish.default",
      (x, alpha, beta) -> x * Math.max(0, Math.min(1, alpha * x + beta))),
  /** {@code e^x}. */
  EXP(KernelId.UNARY_EXP_F32, "aten.exp.default", (x, alpha, beta) -> Math.exp(x)),
  /** Hyperbolic tangent. */
  TANH(KernelId.UNARY_TANH_F32, "aten.tanh.default", (x, alpha, beta) -> Math.tanh(x)),
  /** Natural logarithm: NaN below 0, -inf at 0. */
  LOG(KernelId.UNARY_LOG_F32, "aten.log.default", (x, alpha, beta) -> Math.log(x)),
  /** Square root: NaN below 0. */
  SQRT(KernelId.UNARY_SQRT_F32, "aten.sqrt.default", (x, alpha, beta) -> Math.sqrt(x)),
  /** {@code 1 / x}. */
  RECIPROCAL(KernelId.UNARY_RECIPROCAL_F32, "aten.reciprocal.default", (x, alpha, beta) -> 1 / x),
  /** {@code -x}. */
  NEG(KernelId.UNARY_NEG_F32, "aten.neg.default", (x, alpha, beta) -> -x),
  /** {@code |x|}. */
  ABS(KernelId.UNARY_ABS_F32, "aten.abs.default", (x, alpha, beta) -> Math.abs(x)),
  /** Rounds down. */
  FLOOR(KernelId.UNARY_FLOOR_F32, "aten.floor.default", (x, alpha, beta) -> Math.floor(x)),
  /** Rounds up. */
  CEIL(KernelId.UNARY_CEIL_F32, "aten.ceil.default", (x, alpha, beta) -> Math.ceil(x)),
  /** Rounds to the nearest integer, halves to even (ONNX Round). */
  ROUND(KernelId.UNARY_ROUND_F32, "aten.round.default", (x, alpha, beta) -> Math.rint(x)),
  /** The error function. */
  ERF(KernelId.UNARY_ERF_F32, "aten.erf.default", (x, alpha, beta) -> erf(x)),
  /** {@code x < 0 ? alpha * x : x} (ONNX default alpha 0.01). */
  LEAKY_RELU(
      KernelId.UNARY_LEAKYRELU_F32,
      "aten.leaky_relu.default",
      (x, alpha, beta) -> x < 0 ? alpha * x : x),
  /** {@code x < 0 ? alpha * (e^x - 1) : x} (ONNX default alpha 1). */
  ELU(
      KernelId.UNARY_ELU_F32,
      "aten.elu.default",
      (x, alpha, beta) -> x < 0 ? alpha * Math.expm1(x) : x),
  /** {@code gamma * (x <= 0 ? alpha * (e^x - 1) : x)}, gamma passed as beta. */
  SELU(
      KernelId.UNARY_SELU_F32,
      "aten.selu.default",
      (x, alpha, beta) -> beta * (x <= 0 ? alpha * Math.expm1(x) : x)),
  /** {@code log(1 + e^x)}. */
  SOFTPLUS(KernelId.UNARY_SOFTPLUS_F32, "aten.softplus.default", (x, alpha, beta) -> softplus(x)),
  /** {@code x / (1 + |x|)}. */
  SOFTSIGN(
      KernelId.UNARY_SOFTSIGN_F32,
      "aten.softsign.default",
      (x, alpha, beta) -> x / (1 + Math.abs(x))),
  /** {@code x * tanh(softplus(x))}. */
  MISH(
      KernelId.UNARY_MISH_F32, "aten.mish.default", (x, alpha, beta) -> x * Math.tanh(softplus(x))),
  /** GELU, exact form: {@code x / 2 * (1 + erf(x / sqrt(2)))}. */
  GELU(
      KernelId.UNARY_GELU_F32,
      "aten.gelu.default",
      (x, alpha, beta) -> 0.5 * x * (1 + erf(x / Math.sqrt(2)))),
  /** GELU, tanh approximation: {@code x / 2 * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 x^3)))}. */
  GELU_TANH(
      KernelId.UNARY_GELU_TANH_F32,
      "aten.gelu.default",
      (x, alpha, beta) ->
          0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)))),
  /** {@code alpha * x + beta}, in float: one multiply, then one add. */
  AFFINE(
      KernelId.UNARY_AFFINE_F32,
      "aten.mul.Scalar",
      (x, alpha, beta) -> (float) ((float) (alpha * x) + beta)),
  /** Logical not: 1 where x is 0, else 0. */
  NOT(KernelId.UNARY_NOT_F32, "aten.logical_not.default", (x, alpha, beta) -> x == 0 ? 1 : 0),
  /** {@code -1}, {@code 0} or {@code 1}. */
  SIGN(KernelId.UNARY_SIGN_F32, "aten.sign.default", (x, alpha, beta) -> Math.signum(x)),
  /** {@code x < -alpha ? x + beta : x > alpha ? x - beta : 0} (ONNX Shrink: lambd, bias). */
  SHRINK(
      KernelId.UNARY_SHRINK_F32,
      "aten.hardshrink.default",
      (x, alpha, beta) -> x < -alpha ? x + beta : x > alpha ? x - beta : 0),
  /** {@code x > alpha ? x : 0} (ONNX default alpha 1). */
  THRESHOLDED_RELU(
      KernelId.UNARY_THRESHOLDED_RELU_F32,
      "aten.threshold.default",
      (x, alpha, beta) -> x > alpha ? x : 0),
  /** {@code max(0, x) + min(0, alpha * (e^(x / alpha) - 1))} (ONNX default alpha 1). */
  CELU(
      KernelId.UNARY_CELU_F32,
      "aten.celu.default",
      (x, alpha, beta) -> Math.max(0, x) + Math.min(0, alpha * Math.expm1(x / alpha)));

  /** A function's host reference: its value at x with its two parameters, in double. */
  @FunctionalInterface
  interface Reference {
    double at(double x, double alpha, double beta);
  }

  private final KernelId kernel;
  private final String opName;
  private final Reference reference;

  UnaryFunction(KernelId kernel, String opName, Reference reference) {
    this.kernel = kernel;
    this.opName = opName;
    this.reference = reference;
  }

  /** Returns the kernel. */
  public KernelId kernel() {
    return kernel;
  }

  /** Returns the operator's name in profiles (ExecuTorch's, where it has one). */
  public String opName() {
    return opName;
  }

  /**
   * Returns the function's value in double precision.
   *
   * @param x the input
   * @param alpha the first parameter, where the function has one
   * @param beta the second parameter, where the function has one
   * @return the value; NaN for a NaN input
   */
  public double apply(double x, double alpha, double beta) {
    return Double.isNaN(x) ? x : reference.at(x, alpha, beta);
  }

  private static double softplus(double x) {
    return x > 30 ? x : Math.log1p(Math.exp(x));
  }

  /**
   * The error function to double precision's rounding: its Maclaurin series for |x| < 2.5, else the
   * continued fraction of erfc.
   */
  static double erf(double x) {
    double a = Math.abs(x);
    if (a < 2.5) {
      double term = a;
      double sum = a;
      for (int n = 1; n < 100; n++) {
        term *= -a * a / n;
        double add = term / (2 * n + 1);
        sum += add;
        if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
          break;
        }
      }
      return Math.copySign(2 / Math.sqrt(Math.PI) * sum, x);
    }
    // erfc(a) = exp(-a^2) / sqrt(pi) * 1 / (a + 1/2 / (a + 1 / (a + 3/2 / (a + 2 / (a + ...)))))
    double f = a;
    for (int k = 60; k >= 1; k--) {
      f = a + (k / 2.0) / f;
    }
    double erfc = Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
    return Math.copySign(1 - erfc, x);
  }
}
