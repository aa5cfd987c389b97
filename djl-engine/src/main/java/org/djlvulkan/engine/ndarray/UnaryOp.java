package org.djlvulkan.engine.ndarray;

import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * The element-wise unary operations. Those with an integer form keep integer types; the others turn
 * integer and boolean inputs into float32 (as PyTorch does).
 */
enum UnaryOp {
  /** -x. */
  NEG(x -> -x, x -> -x),
  /** |x|. */
  ABS(Math::abs, Math::abs),
  /** -1, 0 or 1. */
  SIGN(Math::signum, Long::signum),
  /** x * x. */
  SQUARE(x -> x * x, x -> x * x),
  /** max(x, 0). */
  RELU(x -> x > 0 || Double.isNaN(x) ? x : 0, x -> Math.max(x, 0)),
  /** Rounds down. */
  FLOOR(Math::floor, x -> x),
  /** Rounds up. */
  CEIL(Math::ceil, x -> x),
  /** Rounds to nearest, ties to even. */
  ROUND(Math::rint, x -> x),
  /** Rounds toward zero. */
  TRUNC(x -> x < 0 ? Math.ceil(x) : Math.floor(x), x -> x),
  /** e^x. */
  EXP(Math::exp, null),
  /** Natural logarithm. */
  LOG(Math::log, null),
  /** Square root. */
  SQRT(Math::sqrt, null),
  /** Sine. */
  SIN(Math::sin, null),
  /** Cosine. */
  COS(Math::cos, null),
  /** Hyperbolic tangent. */
  TANH(Math::tanh, null),
  /** 1 / (1 + e^-x). */
  SIGMOID(x -> 1 / (1 + Math.exp(-x)), null);

  private final DoubleUnaryOperator onDouble;
  private final LongUnaryOperator onLong;

  UnaryOp(DoubleUnaryOperator onDouble, LongUnaryOperator onLong) {
    this.onDouble = onDouble;
    this.onLong = onLong;
  }

  /** Returns the DJL method name, for messages. */
  String opName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Returns whether integer inputs keep their type. */
  boolean keepsIntegers() {
    return onLong != null;
  }

  /** Applies the operation to a float. */
  double apply(double x) {
    return onDouble.applyAsDouble(x);
  }

  /** Applies the operation to an integer; only when {@link #keepsIntegers()}. */
  long apply(long x) {
    return onLong.applyAsLong(x);
  }
}
