package org.djlvulkan.backend.ops;

import java.util.Locale;
import java.util.Optional;
import org.djlvulkan.backend.ir.Attributes;
import org.djlvulkan.backend.ir.IrNode;

/**
 * An element-wise function of one input with its parameters, read once from a node's operator and
 * attributes (ONNX's names and defaults): the lowering and the host evaluator both use it.
 *
 * @param function the function
 * @param alpha its first parameter (0 where it has none)
 * @param beta its second parameter (0 where it has none)
 */
public record UnaryCall(UnaryFunction function, float alpha, float beta) {
  /** ONNX Selu's default alpha. */
  public static final float SELU_ALPHA = 1.67326319217681884765625f;

  /** ONNX Selu's default gamma. */
  public static final float SELU_GAMMA = 1.05070102214813232421875f;

  /**
   * Returns the call a node makes, or empty when its operator is not such a function.
   *
   * @param n the node
   * @return the call
   * @throws IllegalArgumentException for a Gelu approximation other than {@code none} or {@code
   *     tanh}
   */
  public static Optional<UnaryCall> of(IrNode n) {
    Attributes a = n.attrs();
    switch (n.op()) {
      case SIGMOID:
        return plain(UnaryFunction.SIGMOID);
      case HARD_SIGMOID:
        return Optional.of(
            new UnaryCall(UnaryFunction.HARD_SIGMOID, a.f("alpha", 0.2f), a.f("beta", 0.5f)));
      case HARD_SWISH:
        return Optional.of(new UnaryCall(UnaryFunction.HARD_SWISH, 1f / 6f, 0.5f));
      case EXP:
        return plain(UnaryFunction.EXP);
      case TANH:
        return plain(UnaryFunction.TANH);
      case LOG:
        return plain(UnaryFunction.LOG);
      case SQRT:
        return plain(UnaryFunction.SQRT);
      case RECIPROCAL:
        return plain(UnaryFunction.RECIPROCAL);
      case NEG:
        return plain(UnaryFunction.NEG);
      case ABS:
        return plain(UnaryFunction.ABS);
      case FLOOR:
        return plain(UnaryFunction.FLOOR);
      case CEIL:
        return plain(UnaryFunction.CEIL);
      case ROUND:
        return plain(UnaryFunction.ROUND);
      case ERF:
        return plain(UnaryFunction.ERF);
      case LEAKY_RELU:
        return Optional.of(new UnaryCall(UnaryFunction.LEAKY_RELU, a.f("alpha", 0.01f), 0f));
      case ELU:
        return Optional.of(new UnaryCall(UnaryFunction.ELU, a.f("alpha", 1f), 0f));
      case SELU:
        return Optional.of(
            new UnaryCall(UnaryFunction.SELU, a.f("alpha", SELU_ALPHA), a.f("gamma", SELU_GAMMA)));
      case SOFTPLUS:
        return plain(UnaryFunction.SOFTPLUS);
      case SOFTSIGN:
        return plain(UnaryFunction.SOFTSIGN);
      case SIGN:
        return plain(UnaryFunction.SIGN);
      case SHRINK:
        return Optional.of(
            new UnaryCall(UnaryFunction.SHRINK, a.f("lambd", 0.5f), a.f("bias", 0f)));
      case THRESHOLDED_RELU:
        return Optional.of(new UnaryCall(UnaryFunction.THRESHOLDED_RELU, a.f("alpha", 1f), 0f));
      case CELU:
        return Optional.of(new UnaryCall(UnaryFunction.CELU, a.f("alpha", 1f), 0f));
      case MISH:
        return plain(UnaryFunction.MISH);
      case GELU:
        {
          String approximate = a.s("approximate", "none").toLowerCase(Locale.ROOT);
          if (approximate.equals("none")) {
            return plain(UnaryFunction.GELU);
          }
          if (approximate.equals("tanh")) {
            return plain(UnaryFunction.GELU_TANH);
          }
          throw new IllegalArgumentException(
              "Gelu approximate must be 'none' or 'tanh', got '" + approximate + "'");
        }
      default:
        return Optional.empty();
    }
  }

  private static Optional<UnaryCall> plain(UnaryFunction f) {
    return Optional.of(new UnaryCall(f, 0f, 0f));
  }

  /**
   * Returns the function's value at {@code x}, in double precision.
   *
   * @param x the input
   * @return the value
   */
  public double apply(double x) {
    return function.apply(x, alpha, beta);
  }
}
