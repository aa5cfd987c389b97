package org.djlvulkan.backend.model;

import java.util.Arrays;

/**
 * Name, element type and shape of a model input or output.
 *
 * @param name the graph name
 * @param type element type at the model boundary
 * @param shape dimensions; {@code -1} marks a dynamic dimension (the batch, for example)
 */
public record TensorInfo(String name, ElementType type, long[] shape) {

  /** Copies the shape. */
  public TensorInfo {
    shape = shape.clone();
  }

  /** Returns the dimensions (a copy). */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  @Override
  public String toString() {
    return name + ": " + type + Arrays.toString(shape);
  }
}
