package org.djlvulkan.backend.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.DispatchNode;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.kernel.PipelineKey;
import org.djlvulkan.shaders.KernelId;

/**
 * An add fused into the last passes of the convolution that produced one operand (ResNet's residual
 * adds), for the float and the int8 operators alike. A convolution notes each pass that wrote its
 * output ({@link #note}); the add finds an operand whose passes all have a residual form ({@link
 * #find}) and dispatches those passes again in that form ({@link #replay}): the same bindings and
 * push constants, with the sum as the output, the other operand as one more binding and the add's
 * terms appended to the push constants. The convolution's own passes stay in the graph; when
 * nothing else reads its result, the graph builder drops them as dead, so the add costs no pass of
 * its own. A lowering {@link #forget}s the passes of a value that another node or the graph's
 * output also reads, so that no convolution runs twice. The same record lets a consumer take over a
 * producer's single pass ({@link #onlyPass}: the int8 reduce pass that writes the next im2col
 * scratch).
 */
public final class ResidualFusion {
  /**
   * A pass that wrote (part of) a convolution's output: its dispatch (the output its first binding,
   * what it reads the others), and the graph's node count after it: a read written from there on
   * (an im2col scratch refilled for the next chunk) cannot be read again as it was.
   *
   * @param node the dispatch
   * @param after the node count after it
   */
  private record Pass(DispatchNode node, int after) {}

  /** The passes that wrote a convolution's output (one per im2col chunk): a value's attachment. */
  private static final class Passes {
    private final List<Pass> passes = new ArrayList<>();
  }

  /**
   * An add that can run as passes of a convolution.
   *
   * @param passes the convolution's passes
   * @param residual the other operand
   * @param convIsB whether the convolution's output is the add's second operand
   */
  public record Candidate(List<DispatchNode> passes, Value residual, boolean convIsB) {}

  private ResidualFusion() {}

  /**
   * Notes a dispatch that wrote (part of) a convolution's output, just added to the graph.
   *
   * @param g the graph
   * @param y the output, the dispatch's first binding
   * @param node the dispatch
   * @return the dispatch
   */
  public static DispatchNode note(GraphBuilder g, Value y, DispatchNode node) {
    Passes passes = g.attachment(y, Passes.class);
    if (passes == null) {
      passes = new Passes();
      g.attach(y, passes);
    }
    passes.passes.add(new Pass(node, g.nodeCount()));
    return node;
  }

  /**
   * Forgets the passes noted for a value, so that no add replays them: the lowering calls it for a
   * value that more than one node, or the graph's output, reads.
   *
   * @param g the graph
   * @param y the value
   */
  public static void forget(GraphBuilder g, Value y) {
    if (noted(g, y)) {
      g.detach(y);
    }
  }

  /**
   * Returns whether passes were noted for a value.
   *
   * @param g the graph
   * @param y the value
   * @return true when a convolution noted its passes for it
   */
  public static boolean noted(GraphBuilder g, Value y) {
    return g.attachment(y, Passes.class) != null;
  }

  /**
   * Finds the operand of {@code a + b} whose convolution passes can add the other: the operands
   * have one shape and layout, and every pass of it has a residual form and reads what it read
   * then. {@code a} is tried first.
   *
   * @param g the graph
   * @param a left operand
   * @param b right operand
   * @param form a kernel's residual form, or null when it has none
   * @return the candidate, or null when neither operand qualifies
   */
  public static Candidate find(GraphBuilder g, Value a, Value b, UnaryOperator<KernelId> form) {
    if (a.spec().layout() != b.spec().layout()
        || a.spec().dtype() != b.spec().dtype()
        || !Arrays.equals(a.spec().shape(), b.spec().shape())) {
      return null;
    }
    List<DispatchNode> fromA = passes(g, a, form);
    if (fromA != null) {
      return new Candidate(fromA, b, false);
    }
    List<DispatchNode> fromB = passes(g, b, form);
    return fromB == null ? null : new Candidate(fromB, a, true);
  }

  /**
   * Dispatches a candidate's passes in their residual form, writing {@code sum}.
   *
   * @param g the graph
   * @param op the add's name, for profiles
   * @param c the candidate
   * @param sum the add's result
   * @param form a kernel's residual form
   * @param extraWords how many words {@code terms} appends
   * @param terms appends the add's push constant words
   */
  public static void replay(
      GraphBuilder g,
      String op,
      Candidate c,
      Value sum,
      UnaryOperator<KernelId> form,
      int extraWords,
      Consumer<PushConstants> terms) {
    for (DispatchNode node : c.passes()) {
      PushConstants pc =
          PushConstants.words(node.pushConstants().length / 4 + extraWords)
              .bytes(node.pushConstants());
      terms.accept(pc);
      List<Binding> bindings = new ArrayList<>();
      bindings.add(Binding.write(sum));
      bindings.addAll(reads(node));
      bindings.add(Binding.read(c.residual()));
      g.dispatch(
          op,
          new PipelineKey(form.apply(node.pipeline().kernel()), node.pipeline().specValues()),
          bindings,
          pc.build(),
          node.grid(),
          node.multiplyAdds());
    }
  }

  /**
   * Returns the single pass noted for a value when it is a dispatch of {@code kernel} whose reads
   * are unchanged since: a consumer that can take over that pass's work (the int8 reduce pass that
   * writes the next convolution's im2col scratch) dispatches its own form instead. When nothing
   * else reads the value, the graph builder then drops the pass as dead.
   *
   * @param g the graph
   * @param v the value
   * @param kernel the pass's kernel
   * @return the pass, or empty
   */
  public static Optional<DispatchNode> onlyPass(GraphBuilder g, Value v, KernelId kernel) {
    List<DispatchNode> nodes = passes(g, v, k -> k == kernel ? k : null);
    return nodes != null && nodes.size() == 1 ? Optional.of(nodes.get(0)) : Optional.empty();
  }

  /** The passes of a value when every one has a residual form and its reads are unchanged. */
  private static List<DispatchNode> passes(GraphBuilder g, Value v, UnaryOperator<KernelId> form) {
    Passes passes = g.attachment(v, Passes.class);
    if (passes == null) {
      return null;
    }
    List<DispatchNode> nodes = new ArrayList<>();
    for (Pass pass : passes.passes) {
      if (form.apply(pass.node().pipeline().kernel()) == null) {
        return null;
      }
      for (Binding read : reads(pass.node())) {
        if (g.writtenSince(read.value(), pass.after())) {
          return null;
        }
      }
      nodes.add(pass.node());
    }
    return nodes;
  }

  /** The bindings of a pass after its output. */
  private static List<Binding> reads(DispatchNode node) {
    return node.bindings().subList(1, node.bindings().size());
  }
}
