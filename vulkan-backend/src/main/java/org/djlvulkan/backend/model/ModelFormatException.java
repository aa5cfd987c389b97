package org.djlvulkan.backend.model;

/**
 * The model's bytes or graph are invalid: malformed or truncated protobuf, impossible lengths or
 * dimensions, references to values that do not exist, cycles, external data outside the model's
 * folder.
 */
public final class ModelFormatException extends ModelException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception about the whole model.
   *
   * @param source the model's file or display name
   * @param problem what is wrong
   */
  public ModelFormatException(String source, String problem) {
    this(source, null, null, problem, null);
  }

  /**
   * Creates an exception about one node.
   *
   * @param source the model's file or display name
   * @param node the node's name, or null
   * @param op the node's operator, or null
   * @param problem what is wrong
   * @param cause the underlying failure, or null
   */
  public ModelFormatException(
      String source, String node, String op, String problem, Throwable cause) {
    super(describe(source, node, op, problem), cause);
  }
}
