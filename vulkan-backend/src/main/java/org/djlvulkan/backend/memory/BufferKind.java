package org.djlvulkan.backend.memory;

/** Where a buffer lives and how the host may touch it. */
public enum BufferKind {
  /** Device-local memory, not visible to the host: weights, activations. */
  DEVICE_LOCAL,
  /** Host-visible, persistently mapped, written sequentially by the host, read by kernels. */
  UPLOAD,
  /** Host-visible, persistently mapped, host-cached where available: kernels write, host reads. */
  READBACK
}
