package org.djlvulkan.backend.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.kernel.PipelineKey;
import org.djlvulkan.backend.tensor.QuantParams;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.shaders.KernelId;

/**
 * A quantized add fused into the split-K reduce pass of the convolution that produced one operand
 * (ResNet's residual adds): the pass re-reads the convolution's partial sums, requantizes them as
 * before and adds the other operand's codes exactly as the add kernel would ({@code
 * q8_gemm_reduce.comp} with RESIDUAL). The convolution's own reduce pass is left in the graph; when
 * nothing else reads its result, the graph builder drops it as dead, so the add costs no pass of
 * its own.
 */
final class SplitKResidualAdd {
  /**
   * One reduce pass of a split-K convolution, as {@link QConvOps} dispatched it.
   *
   * @param partials the int32 partial sums it reads
   * @param channels the per-channel requantization constants
   * @param gemmPush the GEMM's push constants (13 words)
   * @param outLayout the OUT_4W4C spec constant
   * @param invocations how many invocations the pass runs
   */
  record ReducePass(
      Value partials, Value channels, byte[] gemmPush, int outLayout, long invocations) {}

  /** The reduce passes that wrote a convolution's output (one per im2col chunk). */
  static final class ReducePasses {
    private final List<ReducePass> passes = new ArrayList<>();
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

  private SplitKResidualAdd() {}

  /**
   * Notes a reduce pass that wrote (part of) a convolution's output.
   *
   * @param g the graph
   * @param y the output
   * @param pass the pass
   */
  static void note(GraphBuilder g, Value y, ReducePass pass) {
    ReducePasses passes = g.attachment(y, ReducePasses.class);
    if (passes == null) {
      passes = new ReducePasses();
      g.attach(y, passes);
    }
    passes.passes.add(pass);
  }

  /**
   * Adds {@code a + b} as reduce passes of the convolution that produced one operand, when one did
   * so through split-K reduce passes and the operands have one shape and layout.
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
    ReducePasses fromA = g.attachment(a, ReducePasses.class);
    ReducePasses fromB = fromA != null ? null : g.attachment(b, ReducePasses.class);
    ReducePasses passes = fromA != null ? fromA : fromB;
    if (passes == null) {
      return null;
    }
    boolean convIsB = fromA == null;
    Value residual = convIsB ? a : b;
    Value sum =
        g.intermediate(
            op + "(" + a.name() + "," + b.name() + ")",
            TensorSpec.quantized(a.spec().layout(), out, a.spec().shape()));
    KernelId kernel = fused ? KernelId.Q8TA_GEMM_REDUCE_ADD_FUSED : KernelId.Q8TA_GEMM_REDUCE_ADD;
    for (ReducePass pass : passes.passes) {
      PushConstants pc = PushConstants.words(24).bytes(pass.gemmPush());
      pc.i(terms.za()).i(terms.zb()).i(terms.zy()).f(terms.ra()).f(terms.rb());
      pc.i(terms.clamp() ? 1 : 0).f(terms.lo()).f(terms.hi()).f(terms.base());
      pc.i(terms.zpad()).i(convIsB ? 1 : 0);
      g.dispatch(
          op,
          PipelineKey.of(kernel, OpSupport.LOCAL_SIZE, pass.outLayout()),
          List.of(
              Binding.write(sum),
              Binding.read(pass.partials()),
              Binding.read(pass.channels()),
              Binding.read(residual)),
          pc.build(),
          OpSupport.linearGrid(g, pass.invocations()));
    }
    return sum;
  }
}
