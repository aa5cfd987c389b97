package org.djlvulkan.backend.model;

import java.util.List;

/**
 * The model is valid ONNX, but this engine cannot run it: an IR or opset version out of range,
 * operators it does not implement (all listed at once), attributes or shapes the kernels do not
 * support, element types at the model's boundary it does not handle.
 */
public final class UnsupportedModelException extends ModelException {
  private static final long serialVersionUID = 1L;

  private final List<String> unsupportedNodes;

  /**
   * Creates an exception about the whole model.
   *
   * @param source the model's file or display name
   * @param problem what is not supported
   */
  public UnsupportedModelException(String source, String problem) {
    this(source, null, null, problem, null);
  }

  /**
   * Creates an exception about one node.
   *
   * @param source the model's file or display name
   * @param node the node's name, or null
   * @param op the node's operator, or null
   * @param problem what is not supported
   * @param cause the underlying failure, or null
   */
  public UnsupportedModelException(
      String source, String node, String op, String problem, Throwable cause) {
    super(describe(source, node, op, problem), cause);
    this.unsupportedNodes = List.of();
  }

  /**
   * Creates the exception that lists every node whose operator is not implemented.
   *
   * @param source the model's file or display name
   * @param nodes one entry per node, {@code "<op type> '<node name>'"}
   */
  public UnsupportedModelException(String source, List<String> nodes) {
    super(
        describe(
            source,
            null,
            null,
            nodes.size() + " node(s) with unsupported operators: " + String.join(", ", nodes)),
        null);
    this.unsupportedNodes = List.copyOf(nodes);
  }

  /** Returns the nodes with unsupported operators ({@code "<op type> '<node name>'"}), if any. */
  public List<String> unsupportedNodes() {
    return unsupportedNodes;
  }
}
