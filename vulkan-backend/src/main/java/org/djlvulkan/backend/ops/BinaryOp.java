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
  PRELU("aten.prelu.default", "binary_prelu_f32");

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
      default:
        return a < 0 ? a * b : a;
    }
  }
}
