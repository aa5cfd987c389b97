package org.djlvulkan.backend.config;

/**
 * The user's choices that steer kernel selection, passed explicitly to the selectors (which read no
 * settings themselves). A device is opened with one ({@code DeviceOptions}), read once from the
 * settings {@code DJL_VULKAN_INT8_DOT}, {@code DJL_VULKAN_COOPMAT} and {@code
 * DJL_VULKAN_FP32_GEMM}; tests and benchmarks make their own.
 *
 * @param int8Dot whether int8 kernels may use the packed dot product where the device has it
 *     ({@code false} forces the fallback, which gives the same integers)
 * @param coopmat when the q8ta GEMMs and the fp16 mode's GEMMs run on cooperative matrices (the
 *     fp16 GEMMs whenever the device can, unless {@link Coopmat#OFF})
 * @param floatGemm which kernel runs the fp32 GEMMs (pointwise and im2col convolution, linear)
 */
public record KernelPolicy(boolean int8Dot, Coopmat coopmat, FloatGemm floatGemm) {
  /**
   * The defaults: the packed dot product where present, cooperative matrices where they pay, the
   * fp32 GEMM kernel that suits the device's type.
   */
  public static final KernelPolicy DEFAULT = new KernelPolicy(true, Coopmat.AUTO, FloatGemm.AUTO);

  /** Which kernel runs the fp32 GEMMs. */
  public enum FloatGemm {
    /**
     * Per shape on GPUs (shared-memory tiles for small outputs and long K), register tiles on CPU
     * drivers.
     */
    AUTO,
    /** Per-invocation register tiles ({@code gemm_tiled_f32}) everywhere. */
    REGISTER_TILES,
    /** Shared-memory workgroup tiles ({@code gemm_shared_f32}) everywhere. */
    SHARED_TILES
  }

  /** When the q8ta GEMMs (and, unless OFF, the fp16 mode's GEMMs) run on cooperative matrices. */
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
    if (coopmat == null || floatGemm == null) {
      throw new IllegalArgumentException("coopmat and floatGemm must not be null");
    }
  }

  /**
   * Returns the policy the settings describe.
   *
   * @return the policy
   * @throws IllegalArgumentException when a setting has a value it does not take, naming it
   */
  public static KernelPolicy fromSettings() {
    return new KernelPolicy(
        Settings.int8DotEnabled(), Settings.coopmatMode(), Settings.floatGemmMode());
  }

  /**
   * Returns a copy with another int8 dot choice.
   *
   * @param enabled whether the packed dot product may be used
   * @return the policy
   */
  public KernelPolicy withInt8Dot(boolean enabled) {
    return new KernelPolicy(enabled, coopmat, floatGemm);
  }

  /**
   * Returns a copy with another cooperative-matrix choice.
   *
   * @param mode the choice
   * @return the policy
   */
  public KernelPolicy withCoopmat(Coopmat mode) {
    return new KernelPolicy(int8Dot, mode, floatGemm);
  }

  /**
   * Returns a copy with another fp32 GEMM choice.
   *
   * @param choice the choice
   * @return the policy
   */
  public KernelPolicy withFloatGemm(FloatGemm choice) {
    return new KernelPolicy(int8Dot, coopmat, choice);
  }
}
