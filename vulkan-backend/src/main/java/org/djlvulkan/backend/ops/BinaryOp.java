package org.djlvulkan.backend.ops;

/** Element-wise binary operators. */
public enum BinaryOp {
  /** a + b. */
  ADD("aten.add.Tensor", "binary_add_f32"),
  /** a - b. */
  SUB("aten.sub.Tensor", "binary_sub_f32"),
  /** a * b. */
  MUL("aten.mul.Tensor", "binary_mul_f32"),
  /** a / b. */
  DIV("aten.div.Tensor", "binary_div_f32"),
  /** a ^ b; a negative base takes an integral exponent (else NaN), as C's pow does. */
  POW("aten.pow.Tensor_Tensor", "binary_pow_f32"),
  /** min(a, b); NaN wins. */
  MIN("aten.minimum.default", "binary_min_f32"),
  /** max(a, b); NaN wins. */
  MAX("aten.maximum.default", "binary_max_f32"),
  /** a < 0 ? a * b : a (PRelu with slope b). */
  PRELU("aten.prelu.default", "binary_prelu_f32"),
  /** a == b: 1 or 0. */
  EQUAL("aten.eq.Tensor", "binary_equal_f32"),
  /** a &lt; b: 1 or 0. */
  LESS("aten.lt.Tensor", "binary_less_f32"),
  /** a &gt; b: 1 or 0. */
  GREATER("aten.gt.Tensor", "binary_greater_f32"),
  /** a &lt;= b: 1 or 0. */
  LESS_EQUAL("aten.le.Tensor", "binary_less_equal_f32"),
  /** a &gt;= b: 1 or 0. */
  GREATER_EQUAL("aten.ge.Tensor", "binary_greater_equal_f32"),
  /** Logical and (non-zero is true): 1 or 0. */
  AND("aten.logical_and.default", "binary_and_f32"),
  /** Logical or (non-zero is true): 1 or 0. */
  OR("aten.logical_or.default", "binary_or_f32"),
  /** Logical xor (non-zero is true): 1 or 0. */
  XOR("aten.logical_xor.default", "binary_xor_f32"),
  /** b != 0 ? a : 0, one half of Where. */
  SELECT("aten.where.self", "binary_select_f32");

  private final String opName;
  private final String kernel;

  BinaryOp(String opName, String kernel) {
    this.opName = opName;
    this.kernel = kernel;
  }

  /** Returns ExecuTorch's operator name. */
  public String opName() {
    return opName;
  }

  String kernel() {
    return kernel;
  }

  /**
   * Applies the operator on the host (for Java references).
   *
   * @param a left operand
   * @param b right operand
   * @return the result
   */
  public float apply(float a, float b) {
    switch (this) {
      case ADD:
        return a + b;
      case SUB:
        return a - b;
      case MUL:
        return a * b;
      case DIV:
        return a / b;
      case POW:
        return (float) Math.pow(a, b);
      case MIN:
        return Float.isNaN(a) || Float.isNaN(b) ? Float.NaN : Math.min(a, b);
      case MAX:
        return Float.isNaN(a) || Float.isNaN(b) ? Float.NaN : Math.max(a, b);
      case PRELU:
        return a < 0 ? a * b : a;
      case EQUAL:
        return a == b ? 1 : 0;
      case LESS:
        return a < b ? 1 : 0;
      case GREATER:
        return a > b ? 1 : 0;
      case LESS_EQUAL:
        return a <= b ? 1 : 0;
      case GREATER_EQUAL:
        return a >= b ? 1 : 0;
      case AND:
        return a != 0 && b != 0 ? 1 : 0;
      case OR:
        return a != 0 || b != 0 ? 1 : 0;
      case XOR:
        return (a != 0) != (b != 0) ? 1 : 0;
      default:
        return b != 0 ? a : 0;
    }
  }
}
