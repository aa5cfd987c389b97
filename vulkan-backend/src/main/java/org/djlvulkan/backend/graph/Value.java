package org.djlvulkan.backend.graph;

import org.djlvulkan.backend.tensor.TensorSpec;

/**
 * A tensor in a graph: an id, a name for messages and its description. Its role (input,
 * intermediate, output, constant) is kept by the graph.
 *
 * @param id position in the graph's value list
 * @param name a readable name
 * @param spec shape, type, layout
 */
public record Value(int id, String name, TensorSpec spec) {
  /** Returns the bytes its buffer region needs. */
  public long byteSize() {
    return spec.byteSize();
  }
}
