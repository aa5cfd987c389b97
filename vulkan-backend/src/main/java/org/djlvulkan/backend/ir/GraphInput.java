package org.djlvulkan.backend.ir;

import java.util.Arrays;

/**
 * A runtime input or an output of the graph as the file declares it.
 *
 * @param name the graph name
 * @param type the element type
 * @param dims dimensions; -1 marks a dynamic (symbolic or unknown) one
 */
public record GraphInput(String name, DataType type, long[] dims) {
  /** Copies the dimensions. */
  public GraphInput {
    dims = dims.clone();
  }

  /** Returns the dimensions (a copy). */
  @Override
  public long[] dims() {
    return dims.clone();
  }

  @Override
  public String toString() {
    return name + ": " + type + Arrays.toString(dims);
  }
}
