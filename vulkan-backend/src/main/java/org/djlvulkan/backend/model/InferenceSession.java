package org.djlvulkan.backend.model;

import java.util.List;

/** One thread's way to run a model: inputs in, outputs out. Not thread-safe. */
public interface InferenceSession extends AutoCloseable {

  /**
   * Runs the model.
   *
   * @param inputs one tensor per {@link InferenceModel#inputs()}, in that order: in host memory, or
   *     a {@link org.djlvulkan.backend.graph.DeviceMemoryTensor} on the model's device (held, not
   *     closed, by the run)
   * @return one tensor per {@link InferenceModel#outputs()}, in that order
   * @throws IllegalArgumentException when an input's count, type or shape does not fit, naming the
   *     input and the expected shape, or a device tensor is on another device or closed
   */
  List<HostTensor> run(List<? extends ModelTensor> inputs);

  /**
   * Runs the model and keeps its outputs in the device's memory where the device holds them as the
   * caller receives them: those come back as {@link
   * org.djlvulkan.backend.graph.DeviceMemoryTensor}s, which the caller owns and closes (fed to a
   * model on the same device, they stay there); the others (int64, bool and quantized outputs,
   * outputs of host nodes) as host tensors.
   *
   * @param inputs as for {@link #run}
   * @return one tensor per {@link InferenceModel#outputs()}, in that order
   * @throws IllegalArgumentException as {@link #run} does
   */
  default List<ModelTensor> runWithDeviceOutputs(List<? extends ModelTensor> inputs) {
    return List.copyOf(run(inputs));
  }

  /** Returns the per-node GPU times of the last run, empty unless the model profiles. */
  List<NodeTiming> lastProfile();

  /**
   * Returns where the time of this session's last run went (upload, device span, wait, readback,
   * host nodes; recorded on every run, without per-node profiling).
   *
   * @return the timing, or {@link RunTiming#NONE} before the first run
   */
  default RunTiming lastTiming() {
    return RunTiming.NONE;
  }

  /** Returns the bytes of device memory the session's activations and staging take now. */
  long activationBytes();

  /** Frees the session's device memory. Idempotent. */
  @Override
  void close();
}
