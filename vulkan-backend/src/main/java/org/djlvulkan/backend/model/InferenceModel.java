package org.djlvulkan.backend.model;

import java.util.List;

/**
 * A model loaded onto one Vulkan device: packed weights and pipelines, shared by all its sessions.
 * Thread-safe; close it after its sessions.
 */
public interface InferenceModel extends AutoCloseable {

  /** Returns the graph inputs the caller feeds (initializers excluded), in graph order. */
  List<TensorInfo> inputs();

  /** Returns the graph outputs, in graph order. */
  List<TensorInfo> outputs();

  /** Returns the bytes of device memory the model's constants (packed weights) take. */
  long weightBytes();

  /**
   * Returns the nodes that ran on the host so far (the CPU fallback), one line each naming the node
   * and why the device does not run it; empty when every node runs on the device.
   */
  default List<String> hostNodes() {
    return List.of();
  }

  /** Opens a session: its own staging, activations and recorded command buffers. One per thread. */
  InferenceSession newSession();

  /** Frees the device memory of the model. Idempotent. */
  @Override
  void close();
}
