package org.djlvulkan.engine.ndarray;

import java.util.function.DoubleUnaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * The element-wise unary operations. Those with an integer form keep integer types; the others turn
 * integer and boolean inputs into float32 (as PyTorch does).
 */
enum UnaryOp {
  /** -x. */
  NEG("neg", x -> -x, x -> -x),
  /** |x|. */
  ABS("abs", Math::abs, Math::abs),
  /** -1, 0 or 1. */
  SIGN("sign", Math::signum, Long::signum),
  /** x * x. */
  SQUARE("square", x -> x * x, x -> x * x),
  /** max(x, 0). */
  RELU("relu", x -> x > 0 || Double.isNaN(x) ? x : 0, x -> Math.max(x, 0)),
  /** Rounds down. */
  FLOOR("floor", Math::floor, x -> x),
  /** Rounds up. */
  CEIL("ceil", Math::ceil, x -> x),
  /** Rounds to nearest, ties to even. */
  ROUND("round", Math::rint, x -> x),
  /** Rounds toward zero. */
  TRUNC("trunc", x -> x < 0 ? Math.ceil(x) : Math.floor(x), x -> x),
  /** e^x. */
  EXP("exp", Math::exp, null),
  /** Natural logarithm. */
  LOG("log", Math::log, null),
  /** Square root. */
  SQRT("sqrt", Math::sqrt, null),
  /** Sine. */
  SIN("sin", Math::sin, null),
  /** Cosine. */
  COS("cos", Math::cos, null),
  /** Hyperbolic tangent. */
  TANH("tanh", Math::tanh, null),
  /** 1 / (1 + e^-x). */
  SIGMOID("sigmoid", x -> 1 / (1 + Math.exp(-x)), null);

  private final String opName;
  private final DoubleUnaryOperator onDouble;
  private final LongUnaryOperator onLong;

  UnaryOp(String opName, DoubleUnaryOperator onDouble, LongUnaryOperator onLong) {
    this.opName = opName;
    this.onDouble = onDouble;
    this.onLong = onLong;
  }

  /** Returns the DJL method name, for messages. */
  String opName() {
    return opName;
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
