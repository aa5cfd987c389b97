package org.djlvulkan.backend.ir;

/**
 * An output of the graph: its public name, the IR value that holds it (passes may rename values),
 * and its declaration.
 *
 * @param value the IR value
 * @param declared the name, element type and dimensions the file declares
 */
public record GraphOutput(String value, GraphInput declared) {
  /** Returns the public name. */
  public String name() {
    return declared.name();
  }

  /**
   * Returns a copy bound to another IR value.
   *
   * @param newValue the value
   * @return the output
   */
  public GraphOutput withValue(String newValue) {
    return new GraphOutput(newValue, declared);
  }
}
