package org.djlvulkan.shaders.build;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.djlvulkan.shaders.KernelFeature;

/**
 * One kernel to build, as declared in {@code kernels.json}.
 *
 * @param name the unique kernel name
 * @param source the GLSL file relative to the GLSL root, with {@code /} separators
 * @param defines the preprocessor macros, in declaration order
 * @param requires the device features the kernel needs
 */
public record KernelSpec(
    String name, String source, Map<String, String> defines, Set<KernelFeature> requires) {

  /**
   * Copies the collections into unmodifiable ones.
   *
   * @param name the unique kernel name
   * @param source the GLSL file relative to the GLSL root
   * @param defines the preprocessor macros
   * @param requires the device features the kernel needs
   */
  public KernelSpec {
    defines = Collections.unmodifiableMap(new LinkedHashMap<>(defines));
    requires =
        Collections.unmodifiableSet(
            requires.isEmpty() ? EnumSet.noneOf(KernelFeature.class) : EnumSet.copyOf(requires));
  }

  /**
   * Describes the kernel for error messages.
   *
   * @return e.g. {@code kernel 'binary_add_f32' (elementwise/binary.comp, defines {OP=0})}
   */
  public String describe() {
    return "kernel '" + name + "' (" + source + ", defines " + defines + ")";
  }
}
