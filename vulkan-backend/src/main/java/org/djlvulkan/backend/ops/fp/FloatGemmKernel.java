package org.djlvulkan.backend.ops.fp;

/**
 * The float GEMM kernels behind pointwise convolution, the GEMM half of im2col convolution and
 * linear layers. All compute the same sums with the same epilogue; they differ in how much an
 * invocation computes and how a workgroup shares its loads.
 */
public enum FloatGemmKernel {
  /**
   * {@code gemm_tiled_f32}: every invocation loads its own 4 positions and 1 weight block (4 output
   * channels) from memory and relies on the cache to share them; 64 invocations per workgroup. The
   * GPUs' kernel for GEMMs large enough to fill them.
   */
  REGISTER_TILES,
  /**
   * {@code gemm_tiled_8x4_f32}: the same with 8 positions x 4 weight blocks (16 output channels)
   * per invocation, 8 times the arithmetic per input load. The CPU drivers' kernel (lavapipe),
   * where each lane's loads are gathered one by one and a workgroup's barriers cost more than they
   * save.
   */
  WIDE_REGISTER_TILES,
  /**
   * {@code gemm_shared_f32}: a workgroup of 128 invocations stages 64 positions x 64 output
   * channels' operands in shared memory, 32 channels of K at a time, and each invocation keeps 4
   * positions x 8 channels in registers; K is split over several workgroups (a second pass adds the
   * splits in order) when the output alone has too few tiles to fill a GPU.
   */
  SHARED_TILES,
  /**
   * {@code gemm_large_f32}: the shared-tile GEMM on 128 positions x 128 output channels per
   * workgroup of 512 invocations (x 64 channels and 256 invocations for GEMMs of at most 64
   * channels), each keeping 8 positions x 4 channels in registers, so each 16-byte shared read of 4
   * positions feeds 16 multiply-adds and each of 4 weights 32; a tile's positions run on through
   * the batches; splits K like the shared tiles. The GPUs' kernel for GEMMs with enough such tiles
   * to fill the device.
   */
  LARGE_TILES,
  /**
   * {@code gemm_coopmat_f16}: the shared-tile GEMM's tiles, grid and split K on f16 x f16 -> f32
   * cooperative matrices (tensor cores), for fp16 activations and weights only; the sums stay fp32.
   * Needs {@code f16xf16->f32 16x16x16} cooperative matrices, {@code shaderFloat16} and 32-wide
   * subgroups.
   */
  COOPMAT_F16,
  /**
   * {@code gemm_coopmat_wide_f16}: {@link #COOPMAT_F16} on 128 positions x 128 output channels per
   * workgroup (16 subgroups of 32 x 32, 512 invocations), one pass only (no split K): half the
   * global reads per multiply-add. On an H100 it ran ResNet50's fp16 GEMMs at 120 TFLOP/s against
   * the small tile's 76 at batch 256 (docs/benchmarks.md, session 19); chosen where its tiles fill
   * the device ({@code TiledGemm.wideKernel}).
   */
  COOPMAT_F16_WIDE,
  /**
   * {@code gemm_coopmat_tall_f16}: {@link #COOPMAT_F16_WIDE}'s 128 positions on 64 output channels
   * (8 subgroups of 32 x 32, 256 invocations), one pass only, for GEMMs of at most 64 channels,
   * whose second half of the wide tile's columns would multiply padding.
   */
  COOPMAT_F16_TALL;

  /**
   * Whether the kernel keeps a tile per invocation in registers (no workgroup tiles, no split K).
   */
  public boolean registerTiles() {
    return this == REGISTER_TILES || this == WIDE_REGISTER_TILES;
  }

  /** Whether the kernel can split its reduction over several workgroups (and a reduce pass). */
  public boolean splitsK() {
    return !registerTiles() && this != COOPMAT_F16_WIDE && this != COOPMAT_F16_TALL;
  }

  /** Whether the kernel runs on f16 cooperative matrices. */
  public boolean coopmat() {
    return this == COOPMAT_F16 || this == COOPMAT_F16_WIDE || this == COOPMAT_F16_TALL;
  }

  /**
   * Whether a workgroup tile's positions run on through the batches (row r is position r % m of
   * batch r / m), so small planes fill the tiles: the large tiles and the cooperative-matrix ones.
   * The shared tiles (batch 1's kernel) keep one batch per tile.
   */
  public boolean spansBatches() {
    return this == LARGE_TILES || coopmat();
  }

  /** Positions per workgroup tile of a workgroup-tile kernel. */
  int tilePositions() {
    return switch (this) {
      case COOPMAT_F16_WIDE, COOPMAT_F16_TALL, LARGE_TILES -> 128;
      default -> TiledGemm.SHARED_TILE_M;
    };
  }

  /**
   * Output channel groups per workgroup tile of a workgroup-tile kernel (the most: the large tiles
   * narrow to 16 for narrow GEMMs, {@code TiledGemm.largeTileGroups}).
   */
  int tileGroups() {
    return switch (this) {
      case COOPMAT_F16_WIDE, LARGE_TILES -> 32;
      case COOPMAT_F16_TALL -> 16;
      default -> TiledGemm.SHARED_TILE_N4;
    };
  }
}
