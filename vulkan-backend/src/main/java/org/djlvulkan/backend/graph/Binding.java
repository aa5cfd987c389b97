package org.djlvulkan.backend.graph;

/**
 * A value bound to one descriptor binding of a node's kernel.
 *
 * @param value the value
 * @param access how the kernel uses it
 */
public record Binding(Value value, Access access) {
  /**
   * A read-only binding.
   *
   * @param v the value
   * @return the binding
   */
  public static Binding read(Value v) {
    return new Binding(v, Access.READ);
  }

  /**
   * A write-only binding.
   *
   * @param v the value
   * @return the binding
   */
  public static Binding write(Value v) {
    return new Binding(v, Access.WRITE);
  }

  /**
   * A read-write binding.
   *
   * @param v the value
   * @return the binding
   */
  public static Binding readWrite(Value v) {
    return new Binding(v, Access.READ_WRITE);
  }
}
