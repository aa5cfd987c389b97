package org.djlvulkan.backend.model;

/**
 * A tensor a model run takes: in host memory ({@link HostTensor}) or already on the model's device
 * ({@link org.djlvulkan.backend.graph.DeviceMemoryTensor}). Both hold dense row-major little-endian
 * elements.
 */
public interface ModelTensor {
  /** Returns the element type. */
  ElementType type();

  /** Returns the dimensions (a copy). */
  long[] shape();

  /** Returns the tensor in host memory: itself, or a device tensor's elements downloaded. */
  HostTensor toHost();
}
