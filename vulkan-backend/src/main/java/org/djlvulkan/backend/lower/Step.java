package org.djlvulkan.backend.lower;

/**
 * One step of a variant's run: a recorded device graph over a range of nodes, or one node evaluated
 * on the host where the device cannot run it (the CPU fallback). A variant whose nodes all lower is
 * a single {@link DeviceStep}.
 */
sealed interface Step permits DeviceStep, HostStep, Uncached {
  /** Returns the index of the first node after this step. */
  int end();
}
