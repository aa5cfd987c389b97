package org.djlvulkan.backend.vk;

import java.nio.file.Path;
import java.util.Optional;
import org.djlvulkan.backend.config.FenceWait;
import org.djlvulkan.backend.config.KernelPolicy;
import org.djlvulkan.backend.config.Settings;

/**
 * How to open a device.
 *
 * @param validation ask for the Khronos validation layer
 * @param deviceRequest an index or name substring; empty picks the default device
 * @param heapLimitBytes cap on device memory this process may allocate (0: no cap), for tests and
 *     memory-constrained hosts
 * @param pipelineCacheDir folder of the on-disk pipeline cache; empty disables it
 * @param fenceTimeoutMillis how long a submission may run before it counts as hung
 * @param kernelPolicy the choices that steer kernel selection on this device (int8 dot product,
 *     cooperative matrices)
 * @param pipelineStatistics ask the driver for each pipeline's statistics (registers, code size:
 *     {@code VK_KHR_pipeline_executable_properties}) where it offers them, for kernel tuning
 * @param fenceWait how a run waits for the GPU
 */
public record DeviceOptions(
    boolean validation,
    Optional<String> deviceRequest,
    long heapLimitBytes,
    Optional<Path> pipelineCacheDir,
    long fenceTimeoutMillis,
    KernelPolicy kernelPolicy,
    boolean pipelineStatistics,
    FenceWait fenceWait) {

  /** The default fence timeout: generous, since lavapipe on two cores is slow. */
  public static final long DEFAULT_FENCE_TIMEOUT_MILLIS = 120_000;

  /** Returns the options the settings (environment and system properties) describe. */
  public static DeviceOptions fromSettings() {
    return new DeviceOptions(
        Settings.VALIDATION.isOn(),
        Settings.DEVICE.value(),
        0,
        Optional.of(Settings.pipelineCacheDir()),
        DEFAULT_FENCE_TIMEOUT_MILLIS,
        KernelPolicy.fromSettings(),
        Settings.PIPELINE_STATISTICS.isOn(),
        FenceWait.fromSettings());
  }

  /**
   * Returns a copy with a device-memory cap.
   *
   * @param bytes the cap
   * @return the new options
   */
  public DeviceOptions withHeapLimit(long bytes) {
    return copy(deviceRequest, bytes, kernelPolicy, fenceWait);
  }

  /**
   * Returns a copy that selects another device.
   *
   * @param request an index or a name substring
   * @return the new options
   */
  public DeviceOptions withDevice(String request) {
    return copy(Optional.of(request), heapLimitBytes, kernelPolicy, fenceWait);
  }

  /**
   * Returns a copy that waits for runs as {@code wait} says.
   *
   * @param wait the wait
   * @return the new options
   */
  public DeviceOptions withFenceWait(FenceWait wait) {
    return copy(deviceRequest, heapLimitBytes, kernelPolicy, wait);
  }

  /**
   * Returns a copy with another kernel policy.
   *
   * @param policy the policy
   * @return the new options
   */
  public DeviceOptions withKernelPolicy(KernelPolicy policy) {
    return copy(deviceRequest, heapLimitBytes, policy, fenceWait);
  }

  /** A copy with the fields the withers change. */
  private DeviceOptions copy(
      Optional<String> deviceRequest, long heapLimitBytes, KernelPolicy policy, FenceWait wait) {
    return new DeviceOptions(
        validation,
        deviceRequest,
        heapLimitBytes,
        pipelineCacheDir,
        fenceTimeoutMillis,
        policy,
        pipelineStatistics,
        wait);
  }
}
