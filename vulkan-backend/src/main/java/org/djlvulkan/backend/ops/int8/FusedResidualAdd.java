package org.djlvulkan.backend.ops.int8;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.DispatchNode;
import org.djlvulkan.backend.graph.GraphBuilder;
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
   * A pass that wrote (part of) a convolution's output: its dispatch (the output its first binding,
   * what it reads the others), and the graph's node count after it: a read written from there on
   * (an im2col scratch refilled for the next chunk) cannot be read again as it was.
   *
   * @param node the dispatch
   * @param after the node count after it
   */
  record Pass(DispatchNode node, int after) {}

  /** The passes that wrote a convolution's output (one per im2col chunk). */
  static final class Passes {
    private final List<Pass> passes = new ArrayList<>();
  }

  private FusedResidualAdd() {}

  /**
   * Notes a dispatch that wrote (part of) a convolution's output, just added to the graph.
   *
   * @param g the graph
   * @param y the output, the dispatch's first binding
   * @param node the dispatch
   */
  static void note(GraphBuilder g, Value y, DispatchNode node) {
    Passes passes = g.attachment(y, Passes.class);
    if (passes == null) {
      passes = new Passes();
      g.attach(y, passes);
    }
    passes.passes.add(new Pass(node, g.nodeCount()));
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
      GraphBuilder g,
      String op,
      Value a,
      Value b,
      QuantParams out,
      QuantizedAddTerms terms,
      boolean fused) {
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
      DispatchNode node = pass.node();
      PushConstants pc =
          PushConstants.words(node.pushConstants().length / 4 + 11).bytes(node.pushConstants());
      terms.append(pc).i(convIsB ? 1 : 0);
      List<Binding> bindings = new ArrayList<>();
      bindings.add(Binding.write(sum));
      bindings.addAll(reads(node));
      bindings.add(Binding.read(residual));
      g.dispatch(
          op,
          new PipelineKey(
              residualForm(node.pipeline().kernel(), fused), node.pipeline().specValues()),
          bindings,
          pc.build(),
          node.grid());
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
      if (residualForm(pass.node().pipeline().kernel(), fused) == null) {
        return null;
      }
      for (Binding read : reads(pass.node())) {
        if (g.writtenSince(read.value(), pass.after())) {
          return null;
        }
      }
    }
    return passes;
  }

  /** The bindings of a pass after its output. */
  private static List<Binding> reads(DispatchNode node) {
    return node.bindings().subList(1, node.bindings().size());
  }

  /** The forms that add a residual: by kernel, the plain-float form, then the fused-fp64 one. */
  private static final Map<KernelId, KernelId[]> RESIDUAL_FORMS =
      Map.ofEntries(
          Map.entry(
              KernelId.Q8TA_GEMM_REDUCE,
              new KernelId[] {KernelId.Q8TA_GEMM_REDUCE_ADD, KernelId.Q8TA_GEMM_REDUCE_ADD_FUSED}),
          Map.entry(
              KernelId.Q8TA_GEMM,
              new KernelId[] {KernelId.Q8TA_GEMM_ADD, KernelId.Q8TA_GEMM_ADD_FUSED}),
          Map.entry(
              KernelId.Q8TA_GEMM_DOT,
              new KernelId[] {KernelId.Q8TA_GEMM_DOT_ADD, KernelId.Q8TA_GEMM_DOT_ADD_FUSED}),
          Map.entry(
              KernelId.Q8TA_GEMM_REG,
              new KernelId[] {KernelId.Q8TA_GEMM_REG_ADD, KernelId.Q8TA_GEMM_REG_ADD_FUSED}),
          Map.entry(
              KernelId.Q8TA_GEMM_REG_DOT,
              new KernelId[] {
                KernelId.Q8TA_GEMM_REG_DOT_ADD, KernelId.Q8TA_GEMM_REG_DOT_ADD_FUSED
              }),
          Map.entry(
              KernelId.Q8TA_GEMM_COOPMAT,
              new KernelId[] {
                KernelId.Q8TA_GEMM_COOPMAT_ADD, KernelId.Q8TA_GEMM_COOPMAT_ADD_FUSED
              }),
          Map.entry(
              KernelId.Q8TA_GEMM_SPLITK,
              new KernelId[] {KernelId.Q8TA_GEMM_SPLITK_ADD, KernelId.Q8TA_GEMM_SPLITK_ADD_FUSED}),
          Map.entry(
              KernelId.Q8TA_GEMM_SPLITK_DOT,
              new KernelId[] {
                KernelId.Q8TA_GEMM_SPLITK_DOT_ADD, KernelId.Q8TA_GEMM_SPLITK_DOT_ADD_FUSED
              }),
          Map.entry(
              KernelId.Q8TA_GEMM_REG_SPLITK,
              new KernelId[] {
                KernelId.Q8TA_GEMM_REG_SPLITK_ADD, KernelId.Q8TA_GEMM_REG_SPLITK_ADD_FUSED
              }),
          Map.entry(
              KernelId.Q8TA_GEMM_REG_SPLITK_DOT,
              new KernelId[] {
                KernelId.Q8TA_GEMM_REG_SPLITK_DOT_ADD, KernelId.Q8TA_GEMM_REG_SPLITK_DOT_ADD_FUSED
              }),
          Map.entry(
              KernelId.Q8TA_GEMM_COOPMAT_SPLITK,
              new KernelId[] {
                KernelId.Q8TA_GEMM_COOPMAT_SPLITK_ADD, KernelId.Q8TA_GEMM_COOPMAT_SPLITK_ADD_FUSED
              }));

  /** The form of a kernel that adds a residual, or null when it has none. */
  private static KernelId residualForm(KernelId kernel, boolean fused) {
    KernelId[] forms = RESIDUAL_FORMS.get(kernel);
    return forms == null ? null : forms[fused ? 1 : 0];
  }
}
