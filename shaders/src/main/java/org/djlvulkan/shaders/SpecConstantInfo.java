package org.djlvulkan.shaders;

import java.util.Objects;

/**
 * One specialization constant of a kernel, including the workgroup size constants declared with
 * {@code local_size_x_id} and friends.
 *
 * @param id the {@code SpecId} (GLSL {@code constant_id}), the key in {@code
 *     VkSpecializationMapEntry}
 * @param name the GLSL name, or {@code local_size_x}, {@code local_size_y}, {@code local_size_z}
 *     for workgroup size constants, or {@code spec_<id>} when the module carries no name
 * @param type the scalar type; every type is 4 bytes wide in the specialization data
 */
public record SpecConstantInfo(int id, String name, Type type) {

  /** The scalar type of a specialization constant. */
  public enum Type {
    /** A 32-bit signed integer ({@code int}). */
    INT,
    /** A 32-bit unsigned integer ({@code uint}). */
    UINT,
    /** A 32-bit float ({@code float}). */
    FLOAT,
    /** A boolean ({@code bool}), passed to Vulkan as a 4-byte {@code VkBool32}. */
    BOOL
  }

  /**
   * Checks the values.
   *
   * @param id the SpecId, not negative
   * @param name the name, not null
   * @param type the scalar type, not null
   */
  public SpecConstantInfo {
    if (id < 0) {
      throw new IllegalArgumentException("negative SpecId: " + id);
    }
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }
}
