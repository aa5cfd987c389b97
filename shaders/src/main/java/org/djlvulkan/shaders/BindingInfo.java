package org.djlvulkan.shaders;

import java.util.Objects;

/**
 * One descriptor binding that a kernel uses.
 *
 * @param set the descriptor set; always 0 for kernels in the index
 * @param binding the binding number within the set
 * @param kind whether it is a storage or a uniform buffer
 * @param readOnly whether the kernel never writes it: a storage buffer decorated {@code
 *     NonWritable} (GLSL {@code readonly}) on the variable or on every member, or any uniform
 *     buffer
 */
public record BindingInfo(int set, int binding, Kind kind, boolean readOnly) {

  /** The descriptor type of a binding. */
  public enum Kind {
    /** {@code VK_DESCRIPTOR_TYPE_STORAGE_BUFFER}: a GLSL {@code buffer} block. */
    STORAGE_BUFFER,
    /** {@code VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER}: a GLSL {@code uniform} block. */
    UNIFORM_BUFFER
  }

  /**
   * Checks the values.
   *
   * @param set the descriptor set, not negative
   * @param binding the binding number, not negative
   * @param kind the descriptor type, not null
   * @param readOnly whether the kernel never writes the buffer
   */
  public BindingInfo {
    if (set < 0 || binding < 0) {
      throw new IllegalArgumentException("negative set or binding: " + set + ", " + binding);
    }
    Objects.requireNonNull(kind, "kind");
  }
}
