package org.djlvulkan.backend.config;

/**
 * The user's choices that steer kernel selection, passed explicitly to the selectors (which read no
 * settings themselves). A device is opened with one ({@code DeviceOptions}), read once from the
 * settings {@code DJL_VULKAN_INT8_DOT} and {@code DJL_VULKAN_COOPMAT}; tests and benchmarks make
 * their own.
 *
 * @param int8Dot whether int8 kernels may use the packed dot product where the device has it
 *     ({@code false} forces the fallback, which gives the same integers)
 * @param coopmat when the q8ta GEMMs run on cooperative matrices
 */
public record KernelPolicy(boolean int8Dot, Coopmat coopmat) {
  /** The defaults: the packed dot product where present, cooperative matrices where they pay. */
  public static final KernelPolicy DEFAULT = new KernelPolicy(true, Coopmat.AUTO);

  /** When the q8ta GEMMs run on cooperative matrices. */
  public enum Coopmat {
    /** Where the kernel selector finds the GEMM big enough. */
    AUTO,
    /** Every GEMM, on a device that can. */
    ON,
    /** Never. */
    OFF
  }

  /** Checks the values. */
  public KernelPolicy {
    if (coopmat == null) {
      throw new IllegalArgumentException("coopmat must not be null");
    }
  }

  /**
   * Returns the policy the settings describe.
   *
   * @return the policy
   * @throws IllegalArgumentException when a setting has a value it does not take, naming it
   */
  public static KernelPolicy fromSettings() {
    return new KernelPolicy(Settings.int8DotEnabled(), Settings.coopmatMode());
  }

  /**
   * Returns a copy with another int8 dot choice.
   *
   * @param enabled whether the packed dot product may be used
   * @return the policy
   */
  public KernelPolicy withInt8Dot(boolean enabled) {
    return new KernelPolicy(enabled, coopmat);
  }

  /**
   * Returns a copy with another cooperative-matrix choice.
   *
   * @param mode the choice
   * @return the policy
   */
  public KernelPolicy withCoopmat(Coopmat mode) {
    return new KernelPolicy(int8Dot, mode);
  }
}
