package org.djlvulkan.backend.config;

/**
 * The user's choices that steer kernel selection, passed explicitly to the selectors (which read no
 * settings themselves). A device is opened with one ({@code DeviceOptions}), read once from the
 * settings {@code DJL_VULKAN_INT8_DOT}, {@code DJL_VULKAN_COOPMAT}, {@code DJL_VULKAN_FP32_GEMM},
 * {@code DJL_VULKAN_SPLIT_K}, {@code DJL_VULKAN_IM2COL}, {@code DJL_VULKAN_COOPMAT_TILE}, {@code
 * DJL_VULKAN_STEM} and {@code DJL_VULKAN_INT8_ADD}; tests and benchmarks make their own.
 *
 * @param int8Dot whether int8 kernels may use the packed dot product where the device has it
 *     ({@code false} forces the fallback, which gives the same integers)
 * @param coopmat when the q8ta GEMMs and the fp16 mode's GEMMs run on cooperative matrices (the
 *     fp16 GEMMs whenever the device can, unless {@link Coopmat#OFF})
 * @param floatGemm which kernel runs the fp32 GEMMs (pointwise and im2col convolution, linear)
 * @param splitK how a split-K q8ta GEMM adds its reduction slices
 * @param im2col how a float im2col convolution's GEMM gets its input
 * @param coopmatTile the workgroup tile of the cooperative-matrix GEMMs (q8ta and fp16)
 * @param stem how a q8ta stem convolution (stride 2 on a quantized float input of a few channels)
 *     runs
 * @param int8Add how a quantized add (alone or in a convolution's last pass) rounds its
 *     multiply-adds
 */
public record KernelPolicy(
    boolean int8Dot,
    Coopmat coopmat,
    FloatGemm floatGemm,
    SplitK splitK,
    Im2col im2col,
    CoopmatTile coopmatTile,
    Stem stem,
    Int8Add int8Add) {
  /**
   * The defaults: the packed dot product where present, cooperative matrices where they pay, the
   * fp32 GEMM kernel that suits the device's type.
   */
  public static final KernelPolicy DEFAULT =
      new KernelPolicy(
          true,
          Coopmat.AUTO,
          FloatGemm.AUTO,
          SplitK.AUTO,
          Im2col.AUTO,
          CoopmatTile.AUTO,
          Stem.AUTO,
          Int8Add.AUTO);

  /**
   * Returns a policy with the default split-K form.
   *
   * @param int8Dot whether int8 kernels may use the packed dot product
   * @param coopmat when GEMMs run on cooperative matrices
   * @param floatGemm which kernel runs the fp32 GEMMs
   */
  public KernelPolicy(boolean int8Dot, Coopmat coopmat, FloatGemm floatGemm) {
    this(
        int8Dot,
        coopmat,
        floatGemm,
        SplitK.AUTO,
        Im2col.AUTO,
        CoopmatTile.AUTO,
        Stem.AUTO,
        Int8Add.AUTO);
  }

  /** How a split-K q8ta GEMM (one whose reduction runs in slices) adds the slices. */
  public enum SplitK implements SettingWord {
    /**
     * Per GEMM: {@link #WORKGROUP} on GPUs where the reduction is short (K' up to {@code
     * QConvKernelSelector.WORKGROUP_SPLIT_MAX_K}), {@link #TWO_PASS} otherwise and on CPU drivers.
     */
    AUTO,
    /** A second dispatch adds the slices and requantizes ({@code q8ta_gemm_reduce}). */
    TWO_PASS,
    /**
     * The workgroup that finishes an output tile last adds its slices and requantizes, in the same
     * dispatch (tile counters in the execution context's state memory).
     */
    ONE_PASS,
    /**
     * No slices in memory: each workgroup sums its K in layers and adds the layers in shared
     * memory, in one dispatch: the register-tiled GEMM ({@code q8ta_gemm_wgk}), or where the GEMM
     * runs on cooperative matrices {@code q8ta_gemm_coopmat_wgk} (layers of 4 subgroups).
     */
    WORKGROUP
  }

  /** Which kernel runs the fp32 GEMMs. */
  public enum FloatGemm implements SettingWord {
    /**
     * Per shape on GPUs (shared-memory tiles for small outputs and long K), register tiles on CPU
     * drivers.
     */
    AUTO,
    /** Per-invocation register tiles ({@code gemm_tiled_f32}) everywhere. */
    REGISTER_TILES,
    /** Shared-memory workgroup tiles ({@code gemm_shared_f32}) everywhere. */
    SHARED_TILES,
    /** Large shared-memory workgroup tiles ({@code gemm_large_f32}) everywhere. */
    LARGE_TILES;

    @Override
    public String word() {
      return switch (this) {
        case AUTO -> "auto";
        case REGISTER_TILES -> "register";
        case SHARED_TILES -> "shared";
        case LARGE_TILES -> "large";
      };
    }
  }

  /** When the q8ta GEMMs (and, unless OFF, the fp16 mode's GEMMs) run on cooperative matrices. */
  public enum Coopmat implements SettingWord {
    /** Where the kernel selector finds the GEMM big enough. */
    AUTO,
    /** Every GEMM, on a device that can. */
    ON,
    /** Never. */
    OFF
  }

  /**
   * The workgroup tile of the cooperative-matrix GEMMs: q8ta ({@code q8ta_gemm_coopmat}) and the
   * fp16 mode's ({@code gemm_coopmat_f16}).
   */
  public enum CoopmatTile implements SettingWord {
    /**
     * Where the measured rules find the large tile faster: q8ta one-pass GEMMs whose large tiles
     * alone fill the device (the tall tile where they have at most 64 output channels), and the
     * fp16 mode's one-pass GEMMs with at least 64 large tiles.
     */
    AUTO,
    /** 64 positions x 64 output channels, 4 subgroups of 32 x 32. */
    SMALL,
    /**
     * 128 positions x 128 output channels ({@code q8ta_gemm_coopmat_wide}: 16 subgroups of 32 x 32;
     * {@code gemm_coopmat_wide_f16} likewise), for every one-pass GEMM on cooperative matrices (a
     * GEMM that would split its reduction keeps the small tile).
     */
    LARGE,
    /**
     * 128 positions x 64 output channels ({@code q8ta_gemm_coopmat_tall}: 8 subgroups of 32 x 32,
     * two workgroups per SM), for every one-pass q8ta GEMM on cooperative matrices (the fp16 mode
     * takes its small tile).
     */
    TALL
  }

  /**
   * How an im2col convolution gets its GEMM's input: fp32 and fp16, and q8ta's im2col into 4W4C
   * (input channels a multiple of 4, groups 1).
   */
  public enum Im2col implements SettingWord {
    /**
     * {@link #IMPLICIT} where the GEMM runs on workgroup tiles (shared memory or cooperative
     * matrices), {@link #SCRATCH} where it runs on register tiles (the default): on an H100 the
     * implicit form took ResNet50's fp16 mode from 3,867 to 5,419 images/s at batch 256 and fp32 at
     * batch 1 from 2.32 to 2.28 ms, while fp32 at batch 32, on register tiles, went from 26.9 to
     * 29.1 ms (docs/benchmarks.md). q8ta convolutions take the implicit form on GPUs where their
     * scratch would not fit the im2col budget in one piece, else the scratch.
     */
    AUTO,
    /** From a scratch buffer that an im2col pass fills. */
    SCRATCH,
    /**
     * Computed by the GEMM from the convolution's input where its kernel can (float: the
     * workgroup-tile kernels, input channels a multiple of 4; q8ta: every GEMM tiling of the 4W4C
     * im2col), else from a scratch buffer.
     */
    IMPLICIT
  }

  /**
   * How a q8ta stem runs: a stride-2 convolution whose input is a float tensor of at most three
   * channels, quantized for it ({@code SpaceToDepthStem}).
   */
  public enum Stem implements SettingWord {
    /**
     * {@link #SPACE_TO_DEPTH} for kernels of at least 5 x 5 ({@code SpaceToDepthStem.MIN_KERNEL}),
     * except at batch 1 on GPUs; {@link #STRIDED} otherwise. On an H100 the rewrite took ResNet50
     * int8's GPU span at batch 256 from 19.0 to 18.5 ms and at batch 32 from 3.03 to 2.98 ms, cost
     * 4 us at batch 1 (the strided stem quantizes its input in its own GEMM, the rewrite needs a
     * pass), and made MobileNetV2's 3 x 3 stem 1% slower (docs/benchmarks.md, session 29).
     */
    AUTO,
    /**
     * The float input is quantized into its 2 x 2 space-to-depth and the stem runs as a stride-1
     * convolution of it, wherever the rewrite applies (even H and W).
     */
    SPACE_TO_DEPTH,
    /** The convolution as written: its GEMM gathers the strided window's taps. */
    STRIDED
  }

  /**
   * How a quantized add rounds {@code y = a * ra + (b * rb + base)}: the standalone add kernel and
   * the residual add in a convolution's last pass ({@code quant/int8_add.glslh}).
   */
  public enum Int8Add implements SettingWord {
    /**
     * {@link #FMA} where the device's {@code fma()} rounds once, else {@link #FP64} where it has
     * {@code shaderFloat64}, else {@link #SEPARATE}.
     */
    AUTO,
    /** Each multiply-add rounded once, computed in double (needs {@code shaderFloat64}). */
    FP64,
    /**
     * Each multiply-add rounded once by {@code fma()}, on a device where a probe finds that it
     * rounds once ({@code FusedMultiplyAdd}); an error elsewhere.
     */
    FMA,
    /** One rounding per operation: no double precision and no {@code fma()}. */
    SEPARATE
  }

  /** Checks the values. */
  public KernelPolicy {
    if (coopmat == null
        || floatGemm == null
        || splitK == null
        || im2col == null
        || coopmatTile == null
        || stem == null
        || int8Add == null) {
      throw new IllegalArgumentException(
          "coopmat, floatGemm, splitK, im2col, coopmatTile, stem and int8Add must not be null");
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
        Settings.int8DotEnabled(),
        Settings.COOPMAT.choice(Coopmat.class, Coopmat.AUTO),
        Settings.FP32_GEMM.choice(FloatGemm.class, FloatGemm.AUTO),
        Settings.SPLIT_K.choice(SplitK.class, SplitK.AUTO),
        Settings.IM2COL.choice(Im2col.class, Im2col.AUTO),
        Settings.COOPMAT_TILE.choice(CoopmatTile.class, CoopmatTile.AUTO),
        Settings.STEM.choice(Stem.class, Stem.AUTO),
        Settings.INT8_ADD.choice(Int8Add.class, Int8Add.AUTO));
  }

  /**
   * Returns a copy with another int8 dot choice.
   *
   * @param enabled whether the packed dot product may be used
   * @return the policy
   */
  public KernelPolicy withInt8Dot(boolean enabled) {
    return new KernelPolicy(
        enabled, coopmat, floatGemm, splitK, im2col, coopmatTile, stem, int8Add);
  }

  /**
   * Returns a copy with another cooperative-matrix choice.
   *
   * @param mode the choice
   * @return the policy
   */
  public KernelPolicy withCoopmat(Coopmat mode) {
    return new KernelPolicy(int8Dot, mode, floatGemm, splitK, im2col, coopmatTile, stem, int8Add);
  }

  /**
   * Returns a copy with another fp32 GEMM choice.
   *
   * @param choice the choice
   * @return the policy
   */
  public KernelPolicy withFloatGemm(FloatGemm choice) {
    return new KernelPolicy(int8Dot, coopmat, choice, splitK, im2col, coopmatTile, stem, int8Add);
  }

  /**
   * Returns a copy with another split-K form.
   *
   * @param form the form
   * @return the policy
   */
  public KernelPolicy withSplitK(SplitK form) {
    return new KernelPolicy(int8Dot, coopmat, floatGemm, form, im2col, coopmatTile, stem, int8Add);
  }

  /**
   * Returns this policy with another im2col choice.
   *
   * @param choice the choice
   * @return the policy
   */
  public KernelPolicy withIm2col(Im2col choice) {
    return new KernelPolicy(
        int8Dot, coopmat, floatGemm, splitK, choice, coopmatTile, stem, int8Add);
  }

  /**
   * Returns this policy with another cooperative-matrix tile choice.
   *
   * @param choice the choice
   * @return the policy
   */
  public KernelPolicy withCoopmatTile(CoopmatTile choice) {
    return new KernelPolicy(int8Dot, coopmat, floatGemm, splitK, im2col, choice, stem, int8Add);
  }

  /**
   * Returns this policy with another stem choice.
   *
   * @param choice the choice
   * @return the policy
   */
  public KernelPolicy withStem(Stem choice) {
    return new KernelPolicy(
        int8Dot, coopmat, floatGemm, splitK, im2col, coopmatTile, choice, int8Add);
  }

  /**
   * Returns a copy with another quantized-add rounding.
   *
   * @param choice the choice
   * @return the policy
   */
  public KernelPolicy withInt8Add(Int8Add choice) {
    return new KernelPolicy(int8Dot, coopmat, floatGemm, splitK, im2col, coopmatTile, stem, choice);
  }
}
