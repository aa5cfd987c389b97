package org.djlvulkan.backend.model;

/**
 * A problem with an ONNX model: its message names the model (file or display name) and, where one
 * is involved, the node and its operator. See {@link ModelFormatException} (the bytes or the graph
 * are invalid) and {@link UnsupportedModelException} (valid, but this engine cannot run it).
 */
public class ModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a full message.
   *
   * @param message what went wrong, where
   * @param cause the underlying failure, or null
   */
  protected ModelException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Formats a message: {@code "<source>: node '<node>' (<op>): <problem>"}, leaving out the parts
   * that are null.
   *
   * @param source the model's file or display name
   * @param node the node's name, or null
   * @param op the node's operator, or null
   * @param problem what is wrong
   * @return the message
   */
  static String describe(String source, String node, String op, String problem) {
    StringBuilder sb = new StringBuilder(source == null ? "<onnx model>" : source).append(": ");
    if (node != null || op != null) {
      sb.append("node '").append(node == null ? "" : node).append("'");
      if (op != null) {
        sb.append(" (").append(op).append(")");
      }
      sb.append(": ");
    }
    return sb.append(problem).toString();
  }
}
