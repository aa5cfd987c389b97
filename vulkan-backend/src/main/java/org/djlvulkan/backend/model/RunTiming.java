package org.djlvulkan.backend.model;

/**
 * Where the time of one run went, measured by the session: copying inputs into staging, the
 * device's own span between its first and last command (from timestamps, NaN where the device has
 * none), the wall time of submit and wait, reading outputs back, and nodes run on the host.
 *
 * @param uploadMicros writing the inputs into staging buffers
 * @param gpuMicros the device time from the first to the last command of the run's device steps
 * @param waitMicros submitting and waiting for the device steps (includes {@code gpuMicros})
 * @param readbackMicros reading and converting the outputs
 * @param hostMicros nodes run on the host (the CPU fallback)
 * @param dispatches compute dispatches recorded for the run
 * @param deviceSteps command buffers submitted (1 unless nodes run on the host between them)
 * @param deviceInputs inputs copied on the device from {@link
 *     org.djlvulkan.backend.graph.DeviceMemoryTensor}s (not written by the host)
 */
public record RunTiming(
    double uploadMicros,
    double gpuMicros,
    double waitMicros,
    double readbackMicros,
    double hostMicros,
    int dispatches,
    int deviceSteps,
    int deviceInputs) {

  /** No run yet. */
  public static final RunTiming NONE = new RunTiming(0, Double.NaN, 0, 0, 0, 0, 0, 0);
}
