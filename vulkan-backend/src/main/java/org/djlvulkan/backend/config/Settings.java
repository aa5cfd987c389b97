package org.djlvulkan.backend.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The engine's settings. Each is an environment variable with a matching system property; the
 * system property wins when both are set. (The model zoo's own settings, the model mirror among
 * them, are the zoo's: {@code org.djlvulkan.zoo.ZooSettings}.)
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>environment</th><th>system property</th><th>meaning</th></tr>
 *   <tr><td>DJL_VULKAN_DEVICE</td><td>djl.vulkan.device</td>
 *       <td>index in the device list, or a substring of the device name</td></tr>
 *   <tr><td>DJL_VULKAN_CACHE_DIR</td><td>djl.vulkan.cache.dir</td>
 *       <td>folder of the on-disk pipeline cache</td></tr>
 *   <tr><td>DJL_VULKAN_INT8_DOT</td><td>djl.vulkan.int8.dot</td>
 *       <td>{@code auto} or {@code off} (force the int8 dot-product fallback)</td></tr>
 *   <tr><td>DJL_VULKAN_COOPMAT</td><td>djl.vulkan.coopmat</td>
 *       <td>{@code auto}, {@code on} or {@code off}: the cooperative-matrix GEMMs (int8, and the
 *       fp16 mode's)</td></tr>
 *   <tr><td>DJL_VULKAN_FP32_GEMM</td><td>djl.vulkan.fp32.gemm</td>
 *       <td>{@code auto}, {@code register}, {@code shared} or {@code large}: the fp32 GEMM kernel</td></tr>
 *   <tr><td>DJL_VULKAN_IM2COL</td><td>djl.vulkan.im2col</td>
 *       <td>{@code auto}, {@code scratch} or {@code implicit}: how an im2col convolution reads its input (fp32/fp16; q8ta only under {@code implicit})</td></tr>
 *   <tr><td>DJL_VULKAN_COOPMAT_TILE</td><td>djl.vulkan.coopmat.tile</td>
 *       <td>{@code auto}, {@code small}, {@code large} or {@code tall}: the cooperative-matrix GEMMs' tile (q8ta and fp16)</td></tr>
 *   <tr><td>DJL_VULKAN_STEM</td><td>djl.vulkan.stem</td>
 *       <td>{@code auto}, {@code space-to-depth} or {@code strided}: how a q8ta stem convolution runs</td></tr>
 *   <tr><td>DJL_VULKAN_INT8_ADD</td><td>djl.vulkan.int8.add</td>
 *       <td>{@code auto}, {@code fp64}, {@code fma} or {@code separate}: how a quantized add rounds its multiply-adds</td></tr>
 *   <tr><td>DJL_VULKAN_SPLIT_K</td><td>djl.vulkan.split.k</td>
 *       <td>{@code auto}, {@code two-pass}, {@code one-pass} or {@code workgroup}: how a split-K q8ta GEMM adds its slices</td></tr>
 *   <tr><td>DJL_VULKAN_VALIDATION</td><td>djl.vulkan.validation</td>
 *       <td>{@code on} enables the Khronos validation layer</td></tr>
 *   <tr><td>DJL_VULKAN_PIPELINE_STATISTICS</td><td>djl.vulkan.pipeline.statistics</td>
 *       <td>{@code on} logs the driver's statistics of every pipeline created (registers, code size)</td></tr>
 *   <tr><td>DJL_VULKAN_GPU_SPAN</td><td>djl.vulkan.gpu.span</td>
 *       <td>{@code off} leaves out the two timestamps per run that measure the GPU span</td></tr>
 *   <tr><td>DJL_VULKAN_DISPATCH_ORDER</td><td>djl.vulkan.dispatch.order</td>
 *       <td>{@code levels} (default: independent dispatches side by side between two barriers) or
 *       {@code built} (the lowering's order)</td></tr>
 *   <tr><td>DJL_VULKAN_FENCE_WAIT</td><td>djl.vulkan.fence.wait</td>
 *       <td>{@code auto} (default: {@code spin} on GPUs, {@code block} on CPU drivers), {@code
 *       block} or {@code spin}: how a run waits for the GPU</td></tr>
 *   <tr><td>DJL_VULKAN_OUTPUT_MEMORY</td><td>djl.vulkan.output.memory</td>
 *       <td>{@code auto} (default: {@code device} for outputs of 64 KiB or more whose readback
 *       buffer is not in device-local memory, as on discrete GPUs, else {@code mapped}), {@code
 *       mapped} (the last kernels write the host-visible readback buffers) or {@code device} (they
 *       write device memory, copied into the readback buffers at the end of the run)</td></tr>
 * </table>
 */
public enum Settings {
  /** Which Vulkan device to use: an index in the device list or a name substring. */
  DEVICE,
  /** Folder of the on-disk {@code VkPipelineCache}. */
  CACHE_DIR,
  /** {@code auto} (default) or {@code off} to force the int8 dot-product fallback. */
  INT8_DOT,
  /**
   * {@code auto} (default: q8ta GEMMs where the selector finds them big enough, and every GEMM of
   * the fp16 mode), {@code on} (every q8ta GEMM the device can run on cooperative matrices) or
   * {@code off} (none).
   */
  COOPMAT,
  /**
   * {@code auto} (default: shared-memory tiles on GPUs, register tiles on CPU drivers), {@code
   * register} or {@code shared}: the kernel of the fp32 GEMMs.
   */
  FP32_GEMM,
  /**
   * {@code auto} (default: {@code workgroup} on GPUs for reductions up to K' = 512, {@code
   * two-pass} otherwise), {@code two-pass} (a second dispatch adds the slices), {@code one-pass}
   * (the last workgroup of each tile does) or {@code workgroup} (the GEMM splits K in the workgroup
   * and adds in shared memory, on cooperative matrices where it runs on them): how a split-K q8ta
   * GEMM adds its reduction slices.
   */
  SPLIT_K,
  /**
   * {@code auto} (default: implicit on workgroup-tile GEMMs, scratch on register tiles), {@code
   * scratch} or {@code implicit}: how an im2col convolution reads its input (fp32/fp16; q8ta only
   * under {@code implicit}).
   */
  IM2COL,
  /**
   * {@code auto} (default), {@code small} (64 x 64) or {@code large} (128 x 128): the workgroup
   * tile of the cooperative-matrix GEMMs (q8ta and the fp16 mode's).
   */
  COOPMAT_TILE,
  /**
   * {@code auto} (default), {@code space-to-depth} or {@code strided}: how a q8ta stem (stride 2 on
   * a float input of a few channels) runs ({@code KernelPolicy.Stem}).
   */
  STEM,
  /**
   * {@code auto} (default), {@code fp64}, {@code fma} or {@code separate}: how a quantized add
   * rounds its two multiply-adds ({@code KernelPolicy.Int8Add}).
   */
  INT8_ADD,
  /** {@code on} enables the Khronos validation layer. */
  VALIDATION,
  /**
   * {@code on} asks the driver for each pipeline's statistics ({@code
   * VK_KHR_pipeline_executable_properties}: registers, code size, spills where it reports them) and
   * logs them, one line per pipeline.
   */
  PIPELINE_STATISTICS,
  /**
   * {@code off} leaves out the two timestamps per run that measure the GPU span ({@code
   * RunTiming}); on by default.
   */
  GPU_SPAN,
  /**
   * {@code levels} (the default: each dispatch right after the dispatches it depends on, so that
   * independent ones share the span between two barriers) or {@code built} (the order in which the
   * lowering added them): the order in which a graph's dispatches are recorded.
   */
  DISPATCH_ORDER,
  /**
   * How a run waits for its submission: {@code auto} (the default: {@code spin} on GPUs, {@code
   * block} on CPU drivers), {@code block} (the driver's blocking wait) or {@code spin} (poll the
   * fence for a while first, {@code FenceWait}).
   */
  FENCE_WAIT,
  /**
   * Where the kernels that produce a graph's outputs write them: {@code auto} (the default: device
   * memory for a large output whose readback buffer is not device-local; {@link
   * #outputsInDeviceMemory}), {@code mapped} (into the host-visible buffers the host reads, which
   * on a discrete GPU are system memory behind the bus) or {@code device} (into device memory, then
   * one copy per output into those buffers at the end of the run's command buffer).
   */
  OUTPUT_MEMORY;

  /** Returns the environment variable's name: {@code DJL_VULKAN_} and the setting's name. */
  public String environmentVariable() {
    return "DJL_VULKAN_" + name();
  }

  /**
   * Returns the system property's name: the environment variable's in lower case with dots for
   * underscores ({@code DJL_VULKAN_SPLIT_K} is {@code djl.vulkan.split.k}).
   */
  public String systemProperty() {
    return environmentVariable().toLowerCase(Locale.ROOT).replace('_', '.');
  }

  /** Returns the value: the system property if set and non-blank, else the environment. */
  public Optional<String> value() {
    return read(systemProperty(), environmentVariable());
  }

  /**
   * Reads a setting of any module the way the engine's own are read: the system property if set and
   * not blank, else the environment variable, trimmed.
   *
   * @param systemProperty the system property's name
   * @param environmentVariable the environment variable's name
   * @return the value, or empty when neither is set
   */
  public static Optional<String> read(String systemProperty, String environmentVariable) {
    String v = System.getProperty(systemProperty);
    if (v == null || v.isBlank()) {
      v = System.getenv(environmentVariable);
    }
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  /** Returns true when the value is one of {@code on}, {@code true}, {@code 1}, {@code yes}. */
  public boolean isOn() {
    return value()
        .map(v -> v.toLowerCase(Locale.ROOT))
        .map(v -> v.equals("on") || v.equals("true") || v.equals("1") || v.equals("yes"))
        .orElse(false);
  }

  /**
   * Returns whether runs measure their GPU span with two timestamps: {@link #GPU_SPAN} is not
   * {@code off}.
   *
   * @return true unless turned off
   */
  public static boolean gpuSpanEnabled() {
    return !GPU_SPAN.value().map(v -> v.equalsIgnoreCase("off")).orElse(false);
  }

  /**
   * Returns whether graphs record their dispatches by level ({@link #DISPATCH_ORDER} is not {@code
   * built}).
   *
   * @return true unless set to {@code built}
   */
  public static boolean dispatchesByLevel() {
    return !DISPATCH_ORDER.value().map(v -> v.equalsIgnoreCase("built")).orElse(false);
  }

  /**
   * Returns whether a graph output is written in device memory and copied to its host-visible
   * buffer at the end of each run: {@link #OUTPUT_MEMORY} {@code device}, or under {@code auto} the
   * caller's answer for that output. The default stays {@code mapped} until a GPU has run the
   * output tests with {@code auto} (session 31 measured its speed there, not its results).
   *
   * @param auto where the output goes under {@code auto}: true for device memory
   * @return true for {@code device}, false for {@code mapped} or when unset, else {@code auto}
   * @throws IllegalArgumentException for any other value, naming the setting
   */
  public static boolean outputsInDeviceMemory(boolean auto) {
    return switch (OUTPUT_MEMORY.choice(OutputMemory.class, OutputMemory.AUTO)) {
      case DEVICE -> true;
      case MAPPED -> false;
      case AUTO -> auto;
    };
  }

  /** The words of {@link #OUTPUT_MEMORY}. */
  private enum OutputMemory implements SettingWord {
    MAPPED,
    DEVICE,
    AUTO
  }

  /** Returns the pipeline cache folder: the setting, else {@code ~/.cache/djl-vulkan}. */
  public static Path pipelineCacheDir() {
    return CACHE_DIR
        .value()
        .map(Path::of)
        .orElseGet(
            () -> {
              String xdg = System.getenv("XDG_CACHE_HOME");
              Path base =
                  xdg != null && !xdg.isBlank()
                      ? Path.of(xdg)
                      : Path.of(System.getProperty("user.home"), ".cache");
              return base.resolve("djl-vulkan");
            });
  }

  /**
   * Returns whether kernels may use the packed int8 dot product where the device has it: {@code
   * DJL_VULKAN_INT8_DOT} / {@code djl.vulkan.int8.dot} is {@code auto} (the default) or {@code off}
   * (force the fallback, which gives the same integers).
   *
   * @throws IllegalArgumentException for any other value, naming the setting
   */
  public static boolean int8DotEnabled() {
    return INT8_DOT.choice(Int8Dot.class, Int8Dot.AUTO) == Int8Dot.AUTO;
  }

  /** The words of {@link #INT8_DOT}. */
  private enum Int8Dot implements SettingWord {
    AUTO,
    OFF
  }

  /**
   * Returns what this setting's word means: the value of {@code type} whose {@link
   * SettingWord#word} is the setting's value (case-insensitive), else {@code defaultValue}.
   *
   * @param type the enum of the words the setting takes, in the order messages list them
   * @param defaultValue the meaning when the setting is not set
   * @param <E> the enum
   * @return the meaning
   * @throws IllegalArgumentException for any other word, naming the setting and the words
   */
  public <E extends Enum<E> & SettingWord> E choice(Class<E> type, E defaultValue) {
    Optional<String> v = value();
    if (v.isEmpty()) {
      return defaultValue;
    }
    E[] values = type.getEnumConstants();
    for (E e : values) {
      if (e.word().equals(v.get().toLowerCase(Locale.ROOT))) {
        return e;
      }
    }
    StringBuilder allowed = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        allowed.append(i == values.length - 1 ? " or " : ", ");
      }
      allowed.append('\'').append(values[i].word()).append('\'');
    }
    throw new IllegalArgumentException(
        environmentVariable()
            + " / "
            + systemProperty()
            + " must be "
            + allowed
            + ", got '"
            + v.get()
            + "'");
  }
}
