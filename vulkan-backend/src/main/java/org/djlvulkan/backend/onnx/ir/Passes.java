package org.djlvulkan.backend.onnx.ir;

/** The shape-independent passes, in the order they must run. */
public final class Passes {
  private Passes() {}

  /**
   * Returns a prepared copy of an imported graph: Identity and Dropout removed, constants folded
   * (quantization of constants only after the quantized patterns are recognised, so that their
   * weights stay 8-bit), BatchNorm folded into convolutions, activations fused, QDQ patterns
   * rewritten as quantized operators, dead code removed.
   *
   * @param imported the imported graph (not changed)
   * @return the prepared graph
   */
  public static IrGraph prepare(IrGraph imported) {
    IrGraph g = imported.copy();
    Simplifier.removeIdentities(g);
    ConstantEvaluator.foldAll(g, false);
    BatchNormFolding.run(g);
    ActivationFusion.run(g);
    QdqRecognizer.run(g);
    ConstantEvaluator.foldAll(g);
    Simplifier.removeDeadCode(g);
    return g;
  }
}
