package org.djlvulkan.backend.tensor;

/**
 * How a tensor's elements are arranged in its buffer. Packed layouts see a 4-D {@code [N, C, H, W]}
 * tensor (lower ranks are padded with trailing 1s: a {@code [N, C]} tensor is {@code [N, C, 1,
 * 1]}).
 */
public enum Layout {
  /** Plain row-major, any rank: the host format. */
  NCHW,
  /**
   * float channel-blocked: for each group of 4 channels a plane of {@code vec4} over H x W, i.e.
   * {@code [N][C/4][H][W][4]}; channels zero-padded to a multiple of 4. F32 (16 bytes a group) or,
   * in the fp16 precision mode, F16 (8 bytes a group: two words of two halves each).
   */
  NC4HW4,
  /** int8: {@code int32} words of 4 channels (byte 0 = lowest), {@code [N][H][C/4][W]}. */
  INT8_4C1W,
  /**
   * int8: {@code ivec4} blocks of 4 W positions x 4 channels, {@code [N][H][W/4][C/4]}; word j of a
   * block is W position 4*w4+j, its bytes the channels 4*c4..4*c4+3. W padded to a multiple of 4.
   */
  INT8_4W4C;

  /** Returns whether elements are int8 packed four to a 32-bit word. */
  public boolean isInt8Packed() {
    return this == INT8_4C1W || this == INT8_4W4C;
  }
}
