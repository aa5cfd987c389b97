package org.djlvulkan.backend.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Grid;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.kernel.PipelineKey;
import org.djlvulkan.backend.tensor.QuantParams;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.shaders.KernelId;

/**
 * A quantized add fused into the last pass of the convolution that produced one operand (ResNet's
 * residual adds): the one-pass GEMM, or the reduce pass of a split-K GEMM. The convolution notes
 * each pass that wrote its output; the add dispatches the same passes again in their RESIDUAL form
 * ({@code q8_gemm_io.glslh}, {@code q8_gemm_reduce.comp}), which requantize as before and add the
 * other operand's codes exactly as the add kernel would. The convolution's own passes are left in
 * the graph; when nothing else reads its result, the graph builder drops them as dead, so the add
 * costs no pass of its own.
 */
final class FusedResidualAdd {
  /**
   * A pass that wrote (part of) a convolution's output, as {@link QConvOps} dispatched it.
   *
   * @param pipeline its kernel and spec constants
   * @param reads what it reads, in binding order after the output
   * @param push its push constants (the GEMM's 13 words)
   * @param grid its workgroups
   * @param after the graph's node count after it: a read written from there on (an im2col scratch
   *     refilled for the next chunk) cannot be read again as it was
   */
  record Pass(PipelineKey pipeline, List<Value> reads, byte[] push, Grid grid, int after) {}

  /** The passes that wrote a convolution's output (one per im2col chunk). */
  static final class Passes {
    private final List<Pass> passes = new ArrayList<>();
  }

  /**
   * The terms of the quantized add (see {@link QuantizedElementwiseOps#add}).
   *
   * @param za subtracted from operand a's codes
   * @param zb subtracted from operand b's codes
   * @param zy added after rounding
   * @param ra a's factor
   * @param rb b's factor
   * @param base the constant term
   * @param clamp whether {@code lo} and {@code hi} bound the sum
   * @param lo lower bound
   * @param hi upper bound
   * @param zpad the output zero point, held by padding
   */
  record AddTerms(
      int za,
      int zb,
      int zy,
      float ra,
      float rb,
      float base,
      boolean clamp,
      float lo,
      float hi,
      int zpad) {}

  private FusedResidualAdd() {}

  /**
   * Notes a pass that wrote (part of) a convolution's output.
   *
   * @param g the graph
   * @param y the output
   * @param pass the pass
   */
  static void note(GraphBuilder g, Value y, Pass pass) {
    Passes passes = g.attachment(y, Passes.class);
    if (passes == null) {
      passes = new Passes();
      g.attach(y, passes);
    }
    passes.passes.add(pass);
  }

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
   * @param fused whether to round each multiply-add once (the device has {@code shaderFloat64})
   * @return the sum, or null when the add cannot be fused
   */
  static Value tryFuse(
      GraphBuilder g, String op, Value a, Value b, QuantParams out, AddTerms terms, boolean fused) {
    if (a.spec().layout() != b.spec().layout()
        || !Arrays.equals(a.spec().shape(), b.spec().shape())) {
      return null;
    }
    Passes fromA = fusable(g, a, fused);
    Passes fromB = fromA != null ? null : fusable(g, b, fused);
    Passes passes = fromA != null ? fromA : fromB;
    if (passes == null) {
      return null;
    }
    boolean convIsB = fromA == null;
    Value residual = convIsB ? a : b;
    Value sum =
        g.intermediate(
            op + "(" + a.name() + "," + b.name() + ")",
            TensorSpec.quantized(a.spec().layout(), out, a.spec().shape()));
    for (Pass pass : passes.passes) {
      PushConstants pc = PushConstants.words(pass.push().length / 4 + 11).bytes(pass.push());
      pc.i(terms.za()).i(terms.zb()).i(terms.zy()).f(terms.ra()).f(terms.rb());
      pc.i(terms.clamp() ? 1 : 0).f(terms.lo()).f(terms.hi()).f(terms.base());
      pc.i(terms.zpad()).i(convIsB ? 1 : 0);
      List<Binding> bindings = new ArrayList<>();
      bindings.add(Binding.write(sum));
      pass.reads().forEach(v -> bindings.add(Binding.read(v)));
      bindings.add(Binding.read(residual));
      g.dispatch(
          op,
          new PipelineKey(
              residualForm(pass.pipeline().kernel(), fused), pass.pipeline().specValues()),
          bindings,
          pc.build(),
          pass.grid());
    }
    return sum;
  }

  /** The passes of a value when every one has a residual form. */
  private static Passes fusable(GraphBuilder g, Value v, boolean fused) {
    Passes passes = g.attachment(v, Passes.class);
    if (passes == null) {
      return null;
    }
    for (Pass pass : passes.passes) {
      if (residualForm(pass.pipeline().kernel(), fused) == null) {
        return null;
      }
      for (Value read : pass.reads()) {
        if (g.writtenSince(read, pass.after())) {
          return null;
        }
      }
    }
    return passes;
  }

  /** The forms that add a residual: by kernel, the plain-float form, then the fused-fp64 one. */
  private static final Map<KernelId, KernelId[]> RESIDUAL_FORMS =
      Map.of(
          KernelId.Q8TA_GEMM_REDUCE,
          new KernelId[] {KernelId.Q8TA_GEMM_REDUCE_ADD, KernelId.Q8TA_GEMM_REDUCE_ADD_FUSED},
          KernelId.Q8TA_GEMM,
          new KernelId[] {KernelId.Q8TA_GEMM_ADD, KernelId.Q8TA_GEMM_ADD_FUSED},
          KernelId.Q8TA_GEMM_DOT,
          new KernelId[] {KernelId.Q8TA_GEMM_DOT_ADD, KernelId.Q8TA_GEMM_DOT_ADD_FUSED},
          KernelId.Q8TA_GEMM_REG,
          new KernelId[] {KernelId.Q8TA_GEMM_REG_ADD, KernelId.Q8TA_GEMM_REG_ADD_FUSED},
          KernelId.Q8TA_GEMM_REG_DOT,
          new KernelId[] {KernelId.Q8TA_GEMM_REG_DOT_ADD, KernelId.Q8TA_GEMM_REG_DOT_ADD_FUSED},
          KernelId.Q8TA_GEMM_COOPMAT,
          new KernelId[] {KernelId.Q8TA_GEMM_COOPMAT_ADD, KernelId.Q8TA_GEMM_COOPMAT_ADD_FUSED});

  /** The form of a kernel that adds a residual, or null when it has none. */
  static KernelId residualForm(KernelId kernel, boolean fused) {
    KernelId[] forms = RESIDUAL_FORMS.get(kernel);
    return forms == null ? null : forms[fused ? 1 : 0];
  }
}
