package org.djlvulkan.backend.ops.fp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.djlvulkan.backend.config.KernelPolicy;
import org.djlvulkan.backend.graph.Grid;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.testing.CapabilityEdits;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.djlvulkan.backend.vk.DeviceCapabilities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Which fp32 GEMM kernel a GPU gets per shape, and the splits of K on shared tiles. */
@ExtendWith(VulkanExtension.class)
class TiledGemmPlanTest {
  /** A pointwise convolution's GEMM: positions per image, input and output channels, batch. */
  private static TiledGemm.Shape pointwise(int hw, int ic, int oc, int batch) {
    int k4 = (ic + 3) / 4;
    int oc4 = (oc + 3) / 4;
    return new TiledGemm.Shape(hw, k4, oc, batch, (long) k4 * hw, hw, 1, (long) oc4 * hw, hw, 1, 0);
  }

  @Test
  void sharedTilesForSmallOutputsAndLongReductionsOnly() {
    // ResNet50 at batch 1: 64->256 at 56x56 keeps register tiles (enough invocations, short K);
    // 1024->256 at 14x14 and 256->64 at 56x56 go to shared tiles.
    assertThat(TiledGemm.sharedTilesPay(pointwise(56 * 56, 64, 256, 1))).isFalse();
    assertThat(TiledGemm.sharedTilesPay(pointwise(28 * 28, 128, 512, 1))).isFalse();
    assertThat(TiledGemm.sharedTilesPay(pointwise(14 * 14, 1024, 256, 1))).isTrue();
    assertThat(TiledGemm.sharedTilesPay(pointwise(56 * 56, 256, 64, 1))).isTrue();
    assertThat(TiledGemm.sharedTilesPay(pointwise(56 * 56, 256, 128, 1))).isTrue();
    // At batch 32 every one of them has the invocations to fill a GPU on register tiles.
    assertThat(TiledGemm.sharedTilesPay(pointwise(14 * 14, 1024, 256, 32))).isFalse();
    assertThat(TiledGemm.sharedTilesPay(pointwise(7 * 7, 2048, 512, 32))).isFalse();
  }

  @Test
  void kIsSplitUntilTheOutputFillsTheGpu() {
    // 7x7 x 512 channels: 1 x 8 tiles; K = 4608 splits 16 ways (the most), keeping >= 16 groups.
    assertThat(TiledGemm.splits(49, 1152, 512, 1)).isEqualTo(TiledGemm.MAX_SPLITS);
    // A short K is not split.
    assertThat(TiledGemm.splits(49, 16, 512, 1)).isEqualTo(1);
    // Enough tiles already: 56x56 x 64 channels at batch 32 is 49 x 1 x 32 = 1568 tiles.
    assertThat(TiledGemm.splits(3136, 64, 64, 32)).isEqualTo(1);
    // Between: 14x14 x 256 channels, K = 512: 4 x 4 tiles want 16 splits, but a 16th of 128
    // groups is under 16, so 8.
    assertThat(TiledGemm.splits(196, 128, 256, 1)).isEqualTo(8);
  }

  @Test
  void theWideF16TileRunsWhereItsTilesFillTheGpu() {
    GemmDevice auto = coopmatDevice(1024, KernelPolicy.CoopmatTile.AUTO);
    // 56x56 64->256 at batch 256: 6272 x 2 wide tiles.
    assertThat(f16Kernel(auto, pointwise(56 * 56, 64, 256, 256)))
        .isEqualTo(FloatGemmKernel.COOPMAT_F16_WIDE);
    // 14x14 256->1024 at batch 32: 49 x 8 = 392 wide tiles.
    assertThat(f16Kernel(auto, pointwise(14 * 14, 256, 1024, 32)))
        .isEqualTo(FloatGemmKernel.COOPMAT_F16_WIDE);
    // At batch 1 the same GEMM has 25 x 2 = 50 wide tiles: too few, the small tile stays.
    assertThat(f16Kernel(auto, pointwise(56 * 56, 64, 256, 1)))
        .isEqualTo(FloatGemmKernel.COOPMAT_F16);
    // 14x14 1024->256 at batch 32: 49 x 2 = 98 wide tiles.
    assertThat(f16Kernel(auto, pointwise(14 * 14, 1024, 256, 32)))
        .isEqualTo(FloatGemmKernel.COOPMAT_F16_WIDE);
    // 28x28 128->512 at batch 3: 19 x 4 = 76 wide tiles; at batch 2, 13 x 4 = 52.
    assertThat(f16Kernel(auto, pointwise(28 * 28, 128, 512, 3)))
        .isEqualTo(FloatGemmKernel.COOPMAT_F16_WIDE);
    assertThat(f16Kernel(auto, pointwise(28 * 28, 128, 512, 2)))
        .isEqualTo(FloatGemmKernel.COOPMAT_F16);
    GemmDevice small = coopmatDevice(1024, KernelPolicy.CoopmatTile.SMALL);
    assertThat(f16Kernel(small, pointwise(56 * 56, 64, 256, 256)))
        .isEqualTo(FloatGemmKernel.COOPMAT_F16);
    GemmDevice large = coopmatDevice(1024, KernelPolicy.CoopmatTile.LARGE);
    assertThat(f16Kernel(large, pointwise(56 * 56, 64, 256, 1)))
        .isEqualTo(FloatGemmKernel.COOPMAT_F16_WIDE);
    // Its 512 invocations: a device that allows 256 per workgroup keeps the small tile.
    GemmDevice narrow = coopmatDevice(256, KernelPolicy.CoopmatTile.LARGE);
    assertThat(f16Kernel(narrow, pointwise(56 * 56, 64, 256, 256)))
        .isEqualTo(FloatGemmKernel.COOPMAT_F16);
    assertThat(FloatGemmKernel.COOPMAT_F16_WIDE.splitsK()).isFalse();
    assertThat(FloatGemmKernel.COOPMAT_F16.splitsK()).isTrue();
    assertThat(FloatGemmKernel.REGISTER_TILES.splitsK()).isFalse();
  }

  @Test
  void theTallF16TileRunsTheWideGemmsOfAtMost64Channels() {
    GemmDevice auto = coopmatDevice(1024, KernelPolicy.CoopmatTile.AUTO);
    int most = TiledGemm.TALL_MAX_CHANNELS;
    // 56x56 64->64 (and 3x3 576->64) at batch 256: 6272 tall tiles.
    assertThat(f16Kernel(auto, pointwise(56 * 56, 64, most, 256)))
        .isEqualTo(FloatGemmKernel.COOPMAT_F16_TALL);
    assertThat(f16Kernel(auto, pointwise(56 * 56, 64, most + 4, 256)))
        .isEqualTo(FloatGemmKernel.COOPMAT_F16_WIDE);
    // At batch 1: 25 tall tiles, the small tile stays.
    assertThat(f16Kernel(auto, pointwise(56 * 56, 64, most, 1)))
        .isEqualTo(FloatGemmKernel.COOPMAT_F16);
    // Its 256 invocations fit where the wide tile's 512 do not.
    assertThat(
            f16Kernel(
                coopmatDevice(256, KernelPolicy.CoopmatTile.AUTO), pointwise(3136, 64, 64, 256)))
        .isEqualTo(FloatGemmKernel.COOPMAT_F16_TALL);
    assertThat(
            f16Kernel(
                coopmatDevice(128, KernelPolicy.CoopmatTile.TALL), pointwise(3136, 64, 64, 256)))
        .isEqualTo(FloatGemmKernel.COOPMAT_F16);
    assertThat(FloatGemmKernel.COOPMAT_F16_TALL.splitsK()).isFalse();
    assertThat(FloatGemmKernel.COOPMAT_F16_TALL.tileGroups()).isEqualTo(16);
  }

  /** This device's facts as a GPU's, its workgroups allowed {@code shared} bytes. */
  private static GemmDevice gpu(int shared) {
    DeviceCapabilities caps =
        CapabilityEdits.withMaxSharedMemory(VulkanExtension.device().capabilities(), shared);
    return new GemmDevice(caps, KernelPolicy.DEFAULT, true);
  }

  /** This device's facts as a cooperative-matrix GPU's with 48 KB of shared memory. */
  private static DeviceCapabilities coopmatGpu(int invocations) {
    return CapabilityEdits.asCooperativeMatrixGpu(
        CapabilityEdits.withMaxSharedMemory(VulkanExtension.device().capabilities(), 49152),
        invocations);
  }

  private static FloatGemmKernel kernel(GemmDevice d, TiledGemm.Shape s) {
    return TiledGemm.plan(d, s, DType.F32, Optional.empty()).kernel();
  }

  /** A cooperative-matrix GPU allowing {@code invocations} per workgroup, with a tile policy. */
  private static GemmDevice coopmatDevice(int invocations, KernelPolicy.CoopmatTile tile) {
    return new GemmDevice(
        coopmatGpu(invocations), KernelPolicy.DEFAULT.withCoopmatTile(tile), true);
  }

  private static FloatGemmKernel f16Kernel(GemmDevice d, TiledGemm.Shape s) {
    return TiledGemm.plan(d, s, DType.F16, Optional.empty()).kernel();
  }

  @Test
  void largeTilesWhereRegisterTilesWouldRunAndTheyFillTheGpu() {
    GemmDevice d = gpu(49152);
    // Batch 32: 56x56 x 256 channels is 25 x 2 x 32 large tiles, 14x14 x 1024 2 x 8 x 32.
    assertThat(kernel(d, pointwise(56 * 56, 64, 256, 32))).isEqualTo(FloatGemmKernel.LARGE_TILES);
    assertThat(kernel(d, pointwise(14 * 14, 256, 1024, 32))).isEqualTo(FloatGemmKernel.LARGE_TILES);
    // 7x7 positions of 32 images fill 13 tiles of 128 positions (the tiles run on through the
    // batches), one of them partly.
    assertThat(kernel(d, pointwise(7 * 7, 512, 2048, 32))).isEqualTo(FloatGemmKernel.LARGE_TILES);
    // At batch 1 they fill 49 of a tile's 128: register tiles.
    assertThat(kernel(d, pointwise(7 * 7, 512, 2048, 1))).isNotEqualTo(FloatGemmKernel.LARGE_TILES);
    // The 3x3 convolutions of the 7x7 layers at batch 32 (K = 4608): 52 tiles, 8 splits of K.
    assertThat(kernel(d, pointwise(7 * 7, 1152, 512, 32))).isEqualTo(FloatGemmKernel.LARGE_TILES);
    // 56x56 x 256 channels at batch 1: 25 x 2 large tiles, too few, and K too short to split.
    assertThat(kernel(d, pointwise(56 * 56, 64, 256, 1))).isEqualTo(FloatGemmKernel.REGISTER_TILES);
    // Small outputs keep the shared tiles and their split K.
    assertThat(kernel(d, pointwise(14 * 14, 1024, 256, 1))).isEqualTo(FloatGemmKernel.SHARED_TILES);
  }

  @Test
  void largeTilesNarrowForNarrowGemmsAndRunOnThroughTheBatches() {
    assertThat(TiledGemm.largeTileGroups(16)).isEqualTo(16);
    assertThat(TiledGemm.largeTileGroups(17)).isEqualTo(32);
    // 7x7 x 32 images = 1568 positions: 13 tiles of 128; 64 channels: one 16-group tile; z: splits.
    assertThat(TiledGemm.tileGrid(FloatGemmKernel.LARGE_TILES, 49, 16, 32, 2))
        .isEqualTo(new Grid(13, 1, 2));
    assertThat(TiledGemm.tileGrid(FloatGemmKernel.LARGE_TILES, 49, 512, 32, 1))
        .isEqualTo(new Grid(13, 16, 1));
    // The other workgroup tiles stay per batch.
    assertThat(TiledGemm.tileGrid(FloatGemmKernel.SHARED_TILES, 49, 16, 32, 2))
        .isEqualTo(new Grid(1, 1, 64));
  }

  @Test
  void largeTilesNeedTheirSharedMemory() {
    GemmDevice small = gpu(16384);
    assertThat(kernel(small, pointwise(56 * 56, 64, 256, 32)))
        .isEqualTo(FloatGemmKernel.REGISTER_TILES);
    assertThatThrownBy(
            () ->
                TiledGemm.plan(
                    small,
                    pointwise(56 * 56, 64, 256, 32),
                    DType.F32,
                    Optional.of(FloatGemmKernel.LARGE_TILES)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32768 bytes of shared memory")
        .hasMessageContaining("allows 16384");
    // A device that allows 256 invocations per workgroup (Vulkan's least is 128) is below the
    // large tile's 512.
    GemmDevice narrow = coopmatDevice(256, KernelPolicy.CoopmatTile.AUTO);
    assertThat(kernel(narrow, pointwise(56 * 56, 64, 256, 32)))
        .isNotEqualTo(FloatGemmKernel.LARGE_TILES);
  }
}
