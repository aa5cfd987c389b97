package org.djlvulkan.engine.ndarray;

import ai.djl.ndarray.types.DataType;
import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * The element-wise binary operations, each with its float (double) and integer (long) form and the
 * rule for its result type.
 */
enum BinaryOp {
  /** a + b. */
  ADD("add", Result.PROMOTED, (a, b) -> a + b, (a, b) -> a + b),
  /** a - b. */
  SUB("sub", Result.PROMOTED, (a, b) -> a - b, (a, b) -> a - b),
  /** a * b. */
  MUL("mul", Result.PROMOTED, (a, b) -> a * b, (a, b) -> a * b),
  /** a / b, true division: integer operands give float32 (as PyTorch does). */
  DIV("div", Result.FLOATING, (a, b) -> a / b, null),
  /** The remainder with the sign of the divisor (Python's and PyTorch's {@code %}). */
  MOD("mod", Result.PROMOTED, (a, b) -> a - Math.floor(a / b) * b, Math::floorMod),
  /** a to the power b; integer powers need a non-negative exponent. */
  POW("pow", Result.PROMOTED, Math::pow, BinaryOp::integerPower),
  /** The larger of a and b (NaN wins). */
  MAXIMUM("maximum", Result.PROMOTED, Math::max, Math::max),
  /** The smaller of a and b (NaN wins). */
  MINIMUM("minimum", Result.PROMOTED, Math::min, Math::min),
  /** a == b. */
  EQ("eq", Result.BOOLEAN, (a, b) -> bool(a == b), (a, b) -> bool(a == b)),
  /** a != b. */
  NEQ("neq", Result.BOOLEAN, (a, b) -> bool(a != b), (a, b) -> bool(a != b)),
  /** a &gt; b. */
  GT("gt", Result.BOOLEAN, (a, b) -> bool(a > b), (a, b) -> bool(a > b)),
  /** a &gt;= b. */
  GTE("gte", Result.BOOLEAN, (a, b) -> bool(a >= b), (a, b) -> bool(a >= b)),
  /** a &lt; b. */
  LT("lt", Result.BOOLEAN, (a, b) -> bool(a < b), (a, b) -> bool(a < b)),
  /** a &lt;= b. */
  LTE("lte", Result.BOOLEAN, (a, b) -> bool(a <= b), (a, b) -> bool(a <= b)),
  /** Both non-zero. */
  AND(
      "logicalAnd",
      Result.BOOLEAN,
      (a, b) -> bool(a != 0 && b != 0),
      (a, b) -> bool(a != 0 && b != 0)),
  /** Either non-zero. */
  OR(
      "logicalOr",
      Result.BOOLEAN,
      (a, b) -> bool(a != 0 || b != 0),
      (a, b) -> bool(a != 0 || b != 0)),
  /** Exactly one non-zero. */
  XOR(
      "logicalXor",
      Result.BOOLEAN,
      (a, b) -> bool((a != 0) != (b != 0)),
      (a, b) -> bool((a != 0) != (b != 0)));

  /** How the result type follows from the operands' types. */
  private enum Result {
    /** The promoted type of the operands. */
    PROMOTED,
    /** The promoted type if it is a float type, else float32. */
    FLOATING,
    /** Boolean; the operation computes in the promoted type. */
    BOOLEAN
  }

  private final String opName;
  private final Result result;
  private final DoubleBinaryOperator onDouble;
  private final LongBinaryOperator onLong;

  BinaryOp(String opName, Result result, DoubleBinaryOperator onDouble, LongBinaryOperator onLong) {
    this.opName = opName;
    this.result = result;
    this.onDouble = onDouble;
    this.onLong = onLong;
  }

  private static int bool(boolean b) {
    return b ? 1 : 0;
  }

  private static long integerPower(long base, long exponent) {
    if (exponent < 0) {
      throw new IllegalArgumentException("pow: negative integer exponent " + exponent);
    }
    long result = 1;
    long b = base;
    for (long e = exponent; e != 0; e >>= 1) {
      if ((e & 1) != 0) {
        result *= b;
      }
      b *= b;
    }
    return result;
  }

  /** Returns the DJL method name, for messages. */
  String opName() {
    return opName;
  }

  /** Applies the operation to two floats. */
  double apply(double a, double b) {
    return onDouble.applyAsDouble(a, b);
  }

  /** Applies the operation to two integers; never called when the compute type is a float. */
  long apply(long a, long b) {
    return onLong.applyAsLong(a, b);
  }

  /** Returns the type the operation computes in, given the operands' types. */
  DataType computeType(DataType a, DataType b) {
    DataType promoted = DataTypes.promote(a, b);
    if (result == Result.FLOATING && !DataTypes.isFloating(promoted)) {
      return DataType.FLOAT32;
    }
    return promoted;
  }

  /** Returns the type of the result, given the operands' types. */
  DataType resultType(DataType a, DataType b) {
    return result == Result.BOOLEAN ? DataType.BOOLEAN : computeType(a, b);
  }
}
