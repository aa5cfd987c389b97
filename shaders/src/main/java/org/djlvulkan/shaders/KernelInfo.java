package org.djlvulkan.shaders;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One kernel of the {@link KernelIndex}: a compiled variant of a GLSL compute shader, its SPIR-V
 * and what a pipeline for it needs. Instances are immutable and safe to share between threads.
 */
public final class KernelInfo {

  private static final int SPIRV_MAGIC = 0x07230203;

  private final String name;
  private final String spirvFile;
  private final String source;
  private final Map<String, String> defines;
  private final List<BindingInfo> bindings;
  private final int pushConstantBytes;
  private final List<SpecConstantInfo> specConstants;
  private final Set<KernelFeature> requiredFeatures;
  private volatile byte[] spirvBytes;

  KernelInfo(
      String name,
      String spirvFile,
      String source,
      Map<String, String> defines,
      List<BindingInfo> bindings,
      int pushConstantBytes,
      List<SpecConstantInfo> specConstants,
      Set<KernelFeature> requiredFeatures) {
    this.name = name;
    this.spirvFile = spirvFile;
    this.source = source;
    this.defines = Collections.unmodifiableMap(new LinkedHashMap<>(defines));
    this.bindings =
        bindings.stream()
            .sorted(
                Comparator.comparingInt(BindingInfo::set).thenComparingInt(BindingInfo::binding))
            .toList();
    this.pushConstantBytes = pushConstantBytes;
    this.specConstants =
        specConstants.stream().sorted(Comparator.comparingInt(SpecConstantInfo::id)).toList();
    this.requiredFeatures =
        Collections.unmodifiableSet(
            requiredFeatures.isEmpty()
                ? EnumSet.noneOf(KernelFeature.class)
                : EnumSet.copyOf(requiredFeatures));
  }

  /**
   * The kernel's unique name, as in {@code kernels.json}.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The GLSL source the kernel was compiled from, relative to {@code shaders/src/main/glsl}.
   *
   * @return the source path with {@code /} separators, e.g. {@code elementwise/binary.comp}
   */
  public String source() {
    return source;
  }

  /**
   * The preprocessor macros the kernel was compiled with.
   *
   * @return an unmodifiable map from macro name to value, in manifest order
   */
  public Map<String, String> defines() {
    return defines;
  }

  /**
   * The descriptor bindings the kernel uses, all in set 0.
   *
   * @return an unmodifiable list sorted by binding number
   */
  public List<BindingInfo> bindings() {
    return bindings;
  }

  /**
   * The size of the push-constant block: the largest member offset plus that member's size.
   *
   * @return the size in bytes, 0 when the kernel has no push constants
   */
  public int pushConstantBytes() {
    return pushConstantBytes;
  }

  /**
   * The specialization constants, including workgroup size constants.
   *
   * @return an unmodifiable list sorted by SpecId
   */
  public List<SpecConstantInfo> specConstants() {
    return specConstants;
  }

  /**
   * The optional device features the kernel needs.
   *
   * @return a new, modifiable set; empty when the kernel runs on any Vulkan 1.2 device
   */
  public EnumSet<KernelFeature> requiredFeatures() {
    return requiredFeatures.isEmpty()
        ? EnumSet.noneOf(KernelFeature.class)
        : EnumSet.copyOf(requiredFeatures);
  }

  /**
   * The kernel's SPIR-V, for {@code VkShaderModuleCreateInfo.pCode}. The module is read from the
   * class path on first use and cached.
   *
   * @return a new direct buffer in native byte order holding the SPIR-V words, position 0, limit
   *     the code size in bytes
   * @throws IllegalStateException if the resource is missing or is not SPIR-V
   */
  public ByteBuffer spirv() {
    byte[] bytes = spirvBytes;
    if (bytes == null) {
      bytes = readSpirv();
      spirvBytes = bytes;
    }
    ByteBuffer source = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer copy = ByteBuffer.allocateDirect(bytes.length).order(ByteOrder.nativeOrder());
    copy.asIntBuffer().put(source.asIntBuffer());
    return copy;
  }

  private byte[] readSpirv() {
    String resource = KernelIndex.RESOURCE_DIR + spirvFile;
    byte[] bytes;
    try (InputStream in = KernelInfo.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "SPIR-V of kernel '" + name + "' not found on the class path: " + resource);
      }
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    if (bytes.length < 20
        || bytes.length % 4 != 0
        || ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(0) != SPIRV_MAGIC) {
      throw new IllegalStateException(
          resource + " is not a little-endian SPIR-V module (" + bytes.length + " bytes)");
    }
    return bytes;
  }

  /**
   * A one-line summary for logs.
   *
   * @return the name, source, binding count, push-constant size and features
   */
  @Override
  public String toString() {
    return "KernelInfo{"
        + name
        + ", source="
        + source
        + ", defines="
        + defines
        + ", bindings="
        + bindings.size()
        + ", pushConstantBytes="
        + pushConstantBytes
        + ", specConstants="
        + specConstants.size()
        + ", requires="
        + requiredFeatures
        + "}";
  }
}
