package org.djlvulkan.backend.lower;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.djlvulkan.backend.ir.IrGraph;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.passes.ConstantEvaluator;

/**
 * One node evaluated on the host by the IR's reference implementation ({@link ConstantEvaluator}),
 * between device steps: the CPU fallback for an operator or a shape the device kernels do not take.
 *
 * @param node the node
 * @param index its position in the prepared graph
 * @param reason why the device does not run it: the lowering's message, which names the node
 */
record HostStep(IrNode node, int index, String reason) implements Step {
  @Override
  public int end() {
    return index + 1;
  }

  /**
   * Evaluates the node.
   *
   * @param ir the prepared graph (its constants)
   * @param values run-time values computed so far, by IR name
   * @param constants values earlier steps folded, by IR name
   * @return the node's outputs, in order
   */
  List<TensorData> run(
      IrGraph ir, Map<String, TensorData> values, Map<String, TensorData> constants) {
    List<TensorData> ins = new ArrayList<>();
    for (String in : node.inputs()) {
      TensorData t = in.isEmpty() ? null : values.get(in);
      if (t == null && !in.isEmpty()) {
        t = constants.containsKey(in) ? constants.get(in) : ir.constant(in);
      }
      ins.add(t);
    }
    return ConstantEvaluator.evaluateAll(ir.source(), node, ins);
  }

  /** Returns the line that names the node and why it runs on the host. */
  String describe() {
    return reason + " - runs on the host";
  }
}
