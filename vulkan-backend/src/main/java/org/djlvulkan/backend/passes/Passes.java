package org.djlvulkan.backend.passes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.djlvulkan.backend.ir.GraphInput;
import org.djlvulkan.backend.ir.IrGraph;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;

/** The shape-independent passes, in the order they must run. */
public final class Passes {
  private Passes() {}

  /**
   * Returns a prepared copy of an imported graph: Identity and Dropout removed, constants folded
   * (with the shapes of graph inputs whose dimensions are all fixed) (quantization of constants
   * only after the quantized patterns are recognised, so that their weights stay 8-bit), BatchNorm
   * folded into convolutions, activations fused, QDQ patterns rewritten as quantized operators (and
   * a float activation between a quantized convolution's output and the next quantization folded
   * into it), dead code removed.
   *
   * @param imported the imported graph (not changed)
   * @return the prepared graph
   */
  public static IrGraph prepare(IrGraph imported) {
    IrGraph g = imported.copy();
    Simplifier.removeIdentities(g);
    foldStaticInputShapes(g);
    ConstantEvaluator.foldAll(g, false);
    BatchNormFolding.run(g);
    ActivationFusion.run(g);
    QdqRecognizer.run(g);
    QuantizedClampFusion.run(g);
    ConstantEvaluator.foldAll(g);
    Simplifier.removeDeadCode(g);
    return g;
  }

  /** {@code Shape} of a graph input whose dimensions are all fixed is a constant already. */
  private static void foldStaticInputShapes(IrGraph g) {
    List<IrNode> kept = new ArrayList<>();
    for (IrNode n : g.nodes()) {
      GraphInput in = null;
      for (GraphInput i : g.inputs()) {
        in = i.name().equals(n.input(0)) ? i : in;
      }
      boolean fixed = in != null && Arrays.stream(in.dims()).allMatch(d -> d >= 0);
      if (n.op() == Op.SHAPE && fixed) {
        g.constants().put(n.output(), ConstantEvaluator.shapeOf(in.dims(), n.attrs()));
      } else {
        kept.add(n);
      }
    }
    g.setNodes(kept);
  }
}
