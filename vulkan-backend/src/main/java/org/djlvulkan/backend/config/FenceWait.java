package org.djlvulkan.backend.config;

/**
 * How the host waits for a submitted run ({@code DJL_VULKAN_FENCE_WAIT}). A blocking wait puts the
 * thread to sleep until the driver wakes it, which can add tens of microseconds after the GPU is
 * done; polling the fence keeps a core busy but notices at once, which matters for short runs
 * (batch 1). On an H200, polling took ResNet50 int8 at batch 1 from 1.09-1.16 ms to 0.81 ms end to
 * end (docs/benchmarks.md, session 21).
 */
public enum FenceWait implements SettingWord {
  /**
   * {@link #SPIN} on GPUs, {@link #BLOCK} on CPU drivers (where a polling thread would take a core
   * from the driver's own threads): the default.
   */
  AUTO,
  /** The driver's blocking wait ({@code vkWaitForFences}) from the start. */
  BLOCK,
  /**
   * Polls the fence ({@code vkGetFenceStatus}, with {@link Thread#onSpinWait}) for up to {@link
   * #SPIN_LIMIT_NANOS}, then waits blocking for the rest.
   */
  SPIN;

  /** How long {@link #SPIN} polls before it blocks: 10 ms, longer than a batch-1 run. */
  public static final long SPIN_LIMIT_NANOS = 10_000_000L;

  /**
   * Returns the wait the settings ask for: {@code DJL_VULKAN_FENCE_WAIT}, {@link #AUTO} unless set.
   *
   * @return the wait
   * @throws IllegalArgumentException for a word other than {@code auto}, {@code block} or {@code
   *     spin}, naming the setting
   */
  public static FenceWait fromSettings() {
    return Settings.FENCE_WAIT.choice(FenceWait.class, AUTO);
  }

  /**
   * Returns the wait a device uses: {@link #AUTO} becomes {@link #SPIN} on a GPU and {@link #BLOCK}
   * on a CPU driver; the others stay as they are.
   *
   * @param gpu whether the device is a GPU (discrete, integrated or virtual)
   * @return {@link #BLOCK} or {@link #SPIN}
   */
  public FenceWait on(boolean gpu) {
    if (this != AUTO) {
      return this;
    }
    return gpu ? SPIN : BLOCK;
  }
}
