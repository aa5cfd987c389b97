package org.djlvulkan.backend.graph;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds a push-constant block of 32-bit words (std430 scalars, in declaration order). */
public final class PushConstants {
  private final ByteBuffer bytes;

  private PushConstants(int words) {
    bytes = ByteBuffer.allocate(4 * words).order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Starts a block of the given number of 32-bit words.
   *
   * @param words capacity in words
   * @return the builder
   */
  public static PushConstants words(int words) {
    return new PushConstants(words);
  }

  /**
   * Appends an int or uint.
   *
   * @param v the value
   * @return this
   */
  public PushConstants i(int v) {
    bytes.putInt(v);
    return this;
  }

  /**
   * Appends a float.
   *
   * @param v the value
   * @return this
   */
  public PushConstants f(float v) {
    bytes.putFloat(v);
    return this;
  }

  /**
   * Appends words built elsewhere (a kernel whose block starts with another kernel's).
   *
   * @param words whole 32-bit words, little-endian
   * @return this
   */
  public PushConstants bytes(byte[] words) {
    if (words.length % 4 != 0) {
      throw new IllegalArgumentException("not whole words: " + words.length + " bytes");
    }
    bytes.put(words);
    return this;
  }

  /** Returns the bytes written so far, padded to the capacity with zeros. */
  public byte[] build() {
    return bytes.array().clone();
  }
}
