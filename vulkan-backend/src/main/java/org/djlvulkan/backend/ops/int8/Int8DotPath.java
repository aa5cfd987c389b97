package org.djlvulkan.backend.ops.int8;

import java.util.Optional;
import org.djlvulkan.backend.config.KernelPolicy;
import org.djlvulkan.backend.vk.DeviceCapabilities;
import org.djlvulkan.shaders.KernelFeature;

/**
 * How the int8 kernels multiply 4 packed int8 values by 4 others and sum them. Both paths give the
 * same integers.
 */
public enum Int8DotPath {
  /**
   * {@code dotPacked4x8EXT} ({@code GL_EXT_integer_dot_product}, non-saturating, then an add):
   * needs {@link KernelFeature#INTEGER_DOT_PRODUCT}.
   */
  DOT_PRODUCT,
  /** The bytes unpacked with shifts and bit-field extracts, then multiplied and added. */
  FALLBACK;

  /**
   * Returns the path the device and the policy call for: {@link #DOT_PRODUCT} where the device has
   * the feature and the policy allows it, else {@link #FALLBACK}.
   *
   * @param caps the device's capabilities
   * @param policy the user's kernel choices
   * @return the path
   */
  public static Int8DotPath preferred(DeviceCapabilities caps, KernelPolicy policy) {
    return Int8Support.packedDot(caps, policy) ? DOT_PRODUCT : FALLBACK;
  }

  /**
   * Returns why the device cannot run this path, or empty when it can.
   *
   * @param caps the device's capabilities
   * @return the reason
   */
  public Optional<String> whyNot(DeviceCapabilities caps) {
    return this == DOT_PRODUCT && !caps.supports(KernelFeature.INTEGER_DOT_PRODUCT)
        ? Optional.of(
            "the packed int8 dot product needs "
                + KernelFeature.INTEGER_DOT_PRODUCT
                + " (shaderIntegerDotProduct), which the device lacks")
        : Optional.empty();
  }
}
