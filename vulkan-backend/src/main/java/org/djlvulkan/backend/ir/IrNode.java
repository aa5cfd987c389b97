package org.djlvulkan.backend.ir;

import java.util.List;

/**
 * One node of the IR: an operator of the registry ({@link Op}) over named values, with an
 * activation that a pass may have fused into it. Front ends make nodes from their own operators;
 * passes make nodes from patterns.
 *
 * @param name the node's name for messages (the source model's name, or one made up where the file
 *     has none)
 * @param op the operator
 * @param label the source model's name of the operator (such as {@code Conv} of ONNX or {@code
 *     aten.convolution.default} of ExecuTorch), for messages
 * @param inputs input value names; {@code ""} marks a missing optional input
 * @param outputs output value names; {@code ""} marks an unused optional output
 * @param attrs the attributes
 * @param activation the fused activation ({@link Activation#NONE} when none)
 */
public record IrNode(
    String name,
    Op op,
    String label,
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
    return new IrNode(name, op, label, newInputs, outputs, attrs, activation);
  }

  /**
   * Returns a copy with other outputs.
   *
   * @param newOutputs the outputs
   * @return the node
   */
  public IrNode withOutputs(List<String> newOutputs) {
    return new IrNode(name, op, label, inputs, newOutputs, attrs, activation);
  }

  /**
   * Returns a copy with a fused activation.
   *
   * @param act the activation
   * @return the node
   */
  public IrNode withActivation(Activation act) {
    return new IrNode(name, op, label, inputs, outputs, attrs, act);
  }

  /** Returns {@code "<label> '<name>'"}, the way messages name a node. */
  public String describe() {
    return label + " '" + name + "'";
  }
}
