package org.djlvulkan.backend.ops.int8;

/**
 * The workgroup tile of a q8ta GEMM dispatch, in position blocks (of 4 pixels) by output channel
 * groups (of 4); part of a {@link QConvPlan}. Only the cooperative-matrix GEMM has large and tall
 * forms, only the workgroup split K a narrow one.
 */
public enum QConvGemmTile {
  /**
   * 32 positions x 32 output channels: the register-tiled GEMM that splits K in the workgroup
   * ({@code q8ta_gemm_wgk}: 8 x 8 invocations of one block and one channel group, times its layers
   * along K), for the few tiles of small batches.
   */
  NARROW,
  /** 64 positions x 64 output channels: every other GEMM kernel. */
  SMALL,
  /**
   * 128 positions x 128 output channels ({@code q8ta_gemm_coopmat_wide}: 16 subgroups of 32 x 32
   * accumulators), one-pass cooperative-matrix GEMMs only.
   */
  LARGE,
  /**
   * 128 positions x 64 output channels ({@code q8ta_gemm_coopmat_tall}: 8 subgroups of 32 x 32
   * accumulators, two workgroups per SM), one-pass cooperative-matrix GEMMs only: the large tile's
   * rows for GEMMs of at most 64 output channels, whose second half of the large tile's columns
   * would multiply padding.
   */
  TALL;

  /**
   * Returns the invocations of a cooperative-matrix workgroup on this tile (subgroups of 32): 128,
   * 256 for the tall tile or 512 for the large tile, which a device's workgroup limit must allow.
   */
  public int invocations() {
    return switch (this) {
      case LARGE -> 512;
      case TALL -> 256;
      default -> 128;
    };
  }

  /** Returns whether this tile runs only one-pass GEMMs on cooperative matrices. */
  public boolean onePassCoopmatOnly() {
    return this == LARGE || this == TALL;
  }

  /** Returns the position blocks (of 4 pixels) of one tile. */
  public int blocks() {
    return switch (this) {
      case NARROW -> 8;
      case SMALL -> 16;
      case LARGE, TALL -> 32;
    };
  }

  /**
   * Returns the output channel groups (of 4) of one tile: as many as its position blocks, but 16 on
   * the tall tile.
   */
  public int oc4s() {
    return this == TALL ? 16 : blocks();
  }

  /**
   * Returns the number of tiles that cover a GEMM.
   *
   * @param positionBlocks position blocks of the dispatch
   * @param outChannels output channels
   * @return tiles along positions times tiles along channels
   */
  public long tiles(long positionBlocks, int outChannels) {
    long oc4 = (outChannels + 3) / 4;
    return ((positionBlocks + blocks() - 1) / blocks()) * ((oc4 + oc4s() - 1) / oc4s());
  }
}
