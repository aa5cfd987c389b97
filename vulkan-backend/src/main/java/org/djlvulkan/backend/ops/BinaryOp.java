package org.djlvulkan.backend.ops;

import org.djlvulkan.shaders.KernelId;

/** Element-wise binary operators. */
public enum BinaryOp {
  /** a + b. */
  ADD("aten.add.Tensor", KernelId.BINARY_ADD_F32),
  /** a - b. */
  SUB("aten.sub.Tensor", KernelId.BINARY_SUB_F32),
  /** a * b. */
  MUL("aten.mul.Tensor", KernelId.BINARY_MUL_F32),
  /** a / b. */
  DIV("aten.div.Tensor", KernelId.BINARY_DIV_F32),
  /** a ^ b; a negative base takes an integral exponent (else NaN), as C's pow does. */
  POW("aten.pow.Tensor_Tensor", KernelId.BINARY_POW_F32),
  /** min(a, b); NaN wins. */
  MIN("aten.minimum.default", KernelId.BINARY_MIN_F32),
  /** max(a, b); NaN wins. */
  MAX("aten.maximum.default", KernelId.BINARY_MAX_F32),
  /** a < 0 ? a * b : a (PRelu with slope b). */
  PRELU("aten.prelu.default", KernelId.BINARY_PRELU_F32),
  /** a == b: 1 or 0. */
  EQUAL("aten.eq.Tensor", KernelId.BINARY_EQUAL_F32),
  /** a &lt; b: 1 or 0. */
  LESS("aten.lt.Tensor", KernelId.BINARY_LESS_F32),
  /** a &gt; b: 1 or 0. */
  GREATER("aten.gt.Tensor", KernelId.BINARY_GREATER_F32),
  /** a &lt;= b: 1 or 0. */
  LESS_EQUAL("aten.le.Tensor", KernelId.BINARY_LESS_EQUAL_F32),
  /** a &gt;= b: 1 or 0. */
  GREATER_EQUAL("aten.ge.Tensor", KernelId.BINARY_GREATER_EQUAL_F32),
  /** Logical and (non-zero is true): 1 or 0. */
  AND("aten.logical_and.default", KernelId.BINARY_AND_F32),
  /** Logical or (non-zero is true): 1 or 0. */
  OR("aten.logical_or.default", KernelId.BINARY_OR_F32),
  /** Logical xor (non-zero is true): 1 or 0. */
  XOR("aten.logical_xor.default", KernelId.BINARY_XOR_F32),
  /** b != 0 ? a : 0, one half of Where. */
  SELECT("aten.where.self", KernelId.BINARY_SELECT_F32);

  private final String opName;
  private final KernelId kernel;

  BinaryOp(String opName, KernelId kernel) {
    this.opName = opName;
    this.kernel = kernel;
  }

  /** Returns ExecuTorch's operator name. */
  public String opName() {
    return opName;
  }

  /** Returns the fp32 kernel of the operation (its fp16 build: {@code FloatStorage.kernel}). */
  public KernelId kernel() {
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
