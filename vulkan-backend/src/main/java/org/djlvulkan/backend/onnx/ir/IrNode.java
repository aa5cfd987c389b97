package org.djlvulkan.backend.onnx.ir;

import java.util.List;
import org.djlvulkan.backend.ops.Activation;

/**
 * One node of the IR: an ONNX operator (or a canonical quantized operator that a pass made from a
 * pattern) over named values, with an activation that a pass may have fused into it.
 *
 * @param name the node's name for messages (the ONNX name, or one made up where the file has none)
 * @param op the operator type, for example {@code Conv} or {@code QLinearConv}
 * @param domain the operator's domain, {@code ""} or {@code com.microsoft}
 * @param inputs input value names; {@code ""} marks a missing optional input
 * @param outputs output value names; {@code ""} marks an unused optional output
 * @param attrs the attributes
 * @param activation the fused activation ({@link Activation#NONE} when none)
 */
public record IrNode(
    String name,
    String op,
    String domain,
    List<String> inputs,
    List<String> outputs,
    Attributes attrs,
    Activation activation) {

  /** Copies the lists. */
  public IrNode {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /**
   * Returns input {@code i}, or {@code ""} when the node has fewer inputs.
   *
   * @param i the index
   * @return the value name or {@code ""}
   */
  public String input(int i) {
    return i < inputs.size() ? inputs.get(i) : "";
  }

  /** Returns the first output. */
  public String output() {
    return outputs.get(0);
  }

  /**
   * Returns a copy with other inputs.
   *
   * @param newInputs the inputs
   * @return the node
   */
  public IrNode withInputs(List<String> newInputs) {
    return new IrNode(name, op, domain, newInputs, outputs, attrs, activation);
  }

  /**
   * Returns a copy with other outputs.
   *
   * @param newOutputs the outputs
   * @return the node
   */
  public IrNode withOutputs(List<String> newOutputs) {
    return new IrNode(name, op, domain, inputs, newOutputs, attrs, activation);
  }

  /**
   * Returns a copy with a fused activation.
   *
   * @param act the activation
   * @return the node
   */
  public IrNode withActivation(Activation act) {
    return new IrNode(name, op, domain, inputs, outputs, attrs, act);
  }

  /** Returns {@code "<op> '<name>'"}, the way messages name a node. */
  public String describe() {
    return op + " '" + name + "'";
  }
}
