package org.djlvulkan.backend.ops.int8;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ops.ResidualFusion;
import org.djlvulkan.backend.tensor.QuantParams;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.shaders.KernelId;

/**
 * A quantized add fused into the last pass of the convolution that produced one operand (ResNet's
 * residual adds, {@link ResidualFusion}): the one-pass GEMM, or the reduce pass of a split-K GEMM,
 * dispatched again in its RESIDUAL form ({@code q8_gemm_io.glslh}, {@code q8_gemm_reduce.comp}),
 * which requantizes as before and adds the other operand's codes exactly as the add kernel would.
 */
final class FusedResidualAdd {
  private FusedResidualAdd() {}

  /**
   * Adds {@code a + b} as passes of the convolution that produced one operand, when one did so
   * through passes that have a residual form and the operands have one shape and layout.
   *
   * @param g the graph
   * @param op the operator's name
   * @param a left operand
   * @param b right operand
   * @param out the sum's quantization
   * @param terms the add's terms
   * @param rounding how the multiply-adds round
   * @return the sum, or null when the add cannot be fused
   */
  static Value tryFuse(
      GraphBuilder g,
      String op,
      Value a,
      Value b,
      QuantParams out,
      QuantizedAddTerms terms,
      AddRounding rounding) {
    UnaryOperator<KernelId> form = kernel -> residualForm(kernel, rounding);
    ResidualFusion.Candidate c = ResidualFusion.find(g, a, b, form);
    if (c == null) {
      return null;
    }
    Value sum =
        g.intermediate(
            op + "(" + a.name() + "," + b.name() + ")",
            TensorSpec.quantized(a.spec().layout(), out, a.spec().shape()));
    ResidualFusion.replay(g, op, c, sum, form, 11, pc -> terms.append(pc).i(c.convIsB() ? 1 : 0));
    return sum;
  }

  /**
   * The forms that add a residual, by kernel, one per {@link AddRounding} in its order: kernel X
   * adds it as {@code X_ADD} + the rounding's suffix ({@link AddRounding#kernelSuffix}). Built when
   * the class loads, so a missing form fails every test that lowers an add.
   */
  private static final Map<KernelId, KernelId[]> RESIDUAL_FORMS =
      residualForms(
          KernelId.Q8TA_GEMM_REDUCE,
          KernelId.Q8TA_GEMM,
          KernelId.Q8TA_GEMM_DOT,
          KernelId.Q8TA_GEMM_REG,
          KernelId.Q8TA_GEMM_REG_DOT,
          KernelId.Q8TA_GEMM_WGK,
          KernelId.Q8TA_GEMM_WGK_DOT,
          KernelId.Q8TA_GEMM_COOPMAT,
          KernelId.Q8TA_GEMM_COOPMAT_WGK,
          KernelId.Q8TA_GEMM_COOPMAT_WIDE,
          KernelId.Q8TA_GEMM_COOPMAT_TALL,
          KernelId.Q8TA_GEMM_SPLITK,
          KernelId.Q8TA_GEMM_SPLITK_DOT,
          KernelId.Q8TA_GEMM_REG_SPLITK,
          KernelId.Q8TA_GEMM_REG_SPLITK_DOT,
          KernelId.Q8TA_GEMM_COOPMAT_SPLITK);

  private static Map<KernelId, KernelId[]> residualForms(KernelId... kernels) {
    Map<KernelId, KernelId[]> forms = new EnumMap<>(KernelId.class);
    for (KernelId kernel : kernels) {
      KernelId[] byRounding = new KernelId[AddRounding.values().length];
      for (AddRounding rounding : AddRounding.values()) {
        byRounding[rounding.ordinal()] =
            KernelId.valueOf(kernel.name() + "_ADD" + rounding.kernelSuffix());
      }
      forms.put(kernel, byRounding);
    }
    return forms;
  }

  /** The form of a kernel that adds a residual, or null when it has none. */
  private static KernelId residualForm(KernelId kernel, AddRounding rounding) {
    KernelId[] forms = RESIDUAL_FORMS.get(kernel);
    return forms == null ? null : forms[rounding.ordinal()];
  }
}
