package org.djlvulkan.backend.config;

/**
 * How the host waits for a submitted run ({@code DJL_VULKAN_FENCE_WAIT}). A blocking wait puts the
 * thread to sleep until the driver wakes it, which can add tens of microseconds after the GPU is
 * done; polling the fence keeps a core busy but notices at once, which matters for short runs
 * (batch 1).
 */
public enum FenceWait implements SettingWord {
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
   * Returns the wait the settings ask for: {@code DJL_VULKAN_FENCE_WAIT}, {@link #BLOCK} unless
   * set.
   *
   * @return the wait
   * @throws IllegalArgumentException for a word other than {@code block} or {@code spin}, naming
   *     the setting
   */
  public static FenceWait fromSettings() {
    return Settings.FENCE_WAIT.choice(FenceWait.class, BLOCK);
  }
}
