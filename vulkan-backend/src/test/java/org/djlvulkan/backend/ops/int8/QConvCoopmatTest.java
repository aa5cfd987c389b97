package org.djlvulkan.backend.ops.int8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.djlvulkan.backend.config.KernelPolicy;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.ops.int8.QConvOpsTest.Case;
import org.djlvulkan.backend.ops.int8.QConvOpsTest.Data;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.testing.CapabilityEdits;
import org.djlvulkan.backend.testing.Int8Reference;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.djlvulkan.backend.vk.DeviceCapabilities;
import org.djlvulkan.shaders.KernelFeature;
import org.djlvulkan.shaders.KernelId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cooperative-matrix q8ta GEMM ({@code q8ta_gemm_coopmat}), bit-exact against the Java integer
 * reference on pointwise and im2col convolutions that leave partial position and channel tiles,
 * reductions that are not a multiple of a stage, split-K slices and both output layouts. On a
 * device without s8 cooperative matrices (lavapipe) these tests are skipped with an assumption that
 * names the missing feature; the selector test runs everywhere.
 */
@ExtendWith(VulkanExtension.class)
class QConvCoopmatTest {
  private static DeviceCapabilities caps() {
    return VulkanExtension.device().capabilities();
  }

  private static boolean deviceCanRunCoopmat() {
    return caps().supports(KernelFeature.COOPERATIVE_MATRIX_S8)
        && caps().supports(KernelFeature.SHADER_INT8)
        && caps().subgroupSize() == QConvKernelSelector.COOPMAT_SUBGROUP;
  }

  private static void assumeCoopmatDevice() {
    assumeTrue(
        deviceCanRunCoopmat(),
        () ->
            "the device lacks the int8 cooperative-matrix GEMM's needs ("
                + KernelFeature.COOPERATIVE_MATRIX_S8
                + " "
                + DeviceCapabilities.S8_COOPERATIVE_MATRIX_SHAPE
                + ", "
                + KernelFeature.SHADER_INT8
                + ", subgroup "
                + QConvKernelSelector.COOPMAT_SUBGROUP
                + "): "
                + caps().summary());
  }

  private static List<Case> cases() {
    List<Case> cases = new ArrayList<>(QConvOpsTest.gemmTileCases());
    cases.add(
        // im2col on 4C1W (the generic im2col), K' = 8 * 9 = 72, 130 output channels.
        new Case(
            2,
            8,
            7,
            9,
            130,
            Conv2dParams.of(3, 1, 1),
            Activation.NONE,
            true,
            Layout.INT8_4C1W,
            Optional.empty()));
    cases.add(
        // im2col into 4W4C rows 12 wide (a multiple of 4): the GEMM stores whole blocks of four
        // pixels; K' = 16 * 9 = 144, 36 output channels, two images of 7 rows.
        new Case(
            2,
            16,
            7,
            12,
            36,
            Conv2dParams.of(3, 1, 1),
            Activation.RELU,
            true,
            Layout.INT8_4W4C,
            Optional.empty()));
    return cases;
  }

  @Test
  void coopmatGemmsAreBitExactAcrossTilesSlicesAndLayouts() {
    assumeCoopmatDevice();
    for (Case c : cases()) {
      Data d = QConvOpsTest.data(c);
      Int8Reference.assertSaturatesBothEnds(c.toString(), d.expected());
      TensorSpec in = c.input(d.xq());
      for (int splits : new int[] {1, 3, 7}) {
        // The split K in the workgroup has a kernel of its own, checked below.
        for (KernelPolicy.SplitK form :
            List.of(KernelPolicy.SplitK.TWO_PASS, KernelPolicy.SplitK.ONE_PASS)) {
          QConvOptions o =
              QConvOptions.DEFAULT
                  .withPolicy(policy(KernelPolicy.Coopmat.ON).withSplitK(form))
                  .withGemmSplits(splits)
                  .withOutputLayout(c.outLayout().orElse(Layout.INT8_4W4C));
          QConvPlan plan = QConvKernelSelector.select(c.p(), in, c.oc(), caps(), o);
          assertThat(plan.cooperativeMatrix()).as("coopmat plan for %s", c).isTrue();
          assertThat(plan.shader()).isEqualTo(KernelId.Q8TA_GEMM_COOPMAT);
          assertExactWithBothBiases(
              plan.kernel() + " coopmat, " + splits + " slices " + form + ", " + c, c, d, o);
        }
      }
    }
  }

  @Test
  void largeTileGemmsAreBitExactAcrossTilesAndLayouts() {
    // Pointwise over 3 x 2 large tiles, both partial: 2 * 9 * 30 = 540 positions (135 blocks of
    // the 32 of a tile), 150 output channels (38 groups of 32), K = 40 (one short stage).
    assertOnePassTileExact(
        KernelPolicy.CoopmatTile.LARGE,
        QConvGemmTile.LARGE,
        KernelId.Q8TA_GEMM_COOPMAT_WIDE,
        List.of(pointwise(2, 40, 9, 30, 150)));
  }

  @Test
  void tallTileGemmsAreBitExactAcrossTilesAndLayouts() {
    // The same over 3 x 3 tall tiles (38 groups of 16 channels), and the shape the tall tile is
    // for: 64 output channels, one tile of channels, K = 96.
    assertOnePassTileExact(
        KernelPolicy.CoopmatTile.TALL,
        QConvGemmTile.TALL,
        KernelId.Q8TA_GEMM_COOPMAT_TALL,
        List.of(pointwise(2, 40, 9, 30, 150), pointwise(1, 96, 12, 28, 64)));
  }

  /** Runs {@link #cases()} and {@code more} on one forced one-pass tile, bit-exact. */
  private static void assertOnePassTileExact(
      KernelPolicy.CoopmatTile forced, QConvGemmTile tile, KernelId shader, List<Case> more) {
    assumeCoopmatDevice();
    List<Case> cases = new ArrayList<>(cases());
    cases.addAll(more);
    for (Case c : cases) {
      Data d = QConvOpsTest.data(c);
      TensorSpec in = c.input(d.xq());
      QConvOptions o =
          QConvOptions.DEFAULT
              .withPolicy(policy(KernelPolicy.Coopmat.ON).withCoopmatTile(forced))
              .withGemmSplits(1)
              .withOutputLayout(c.outLayout().orElse(Layout.INT8_4W4C));
      QConvPlan plan = QConvKernelSelector.select(c.p(), in, c.oc(), caps(), o);
      assertThat(plan.gemmTile()).as("%s tile for %s", tile, c).isEqualTo(tile);
      assertThat(plan.shader()).isEqualTo(shader);
      assertExactWithBothBiases(plan.kernel() + " coopmat " + tile + " tile, " + c, c, d, o);
    }
  }

  @Test
  void workgroupSplitOnCooperativeMatricesIsBitExact() {
    assumeCoopmatDevice();
    List<Case> cases = new ArrayList<>(cases());
    // Pointwise over 3 x 2 tiles, K' = 200 (K4 = 50: six whole stages of 8 k4s and a short one),
    // so four layers get 16, 16, 16 and 2 k4s.
    cases.add(pointwise(1, 200, 10, 17, 100));
    for (Case c : cases) {
      Data d = QConvOpsTest.data(c);
      TensorSpec in = c.input(d.xq());
      long k4s = (c.ic() * c.p().kernelH() * c.p().kernelW() + 3) / 4;
      long stages =
          (k4s + QConvKernelSelector.COOPMAT_LAYER_STAGE_K4 - 1)
              / QConvKernelSelector.COOPMAT_LAYER_STAGE_K4;
      for (int layers : new int[] {2, 3, 4}) {
        QConvOptions o =
            QConvOptions.DEFAULT
                .withPolicy(
                    policy(KernelPolicy.Coopmat.ON).withSplitK(KernelPolicy.SplitK.WORKGROUP))
                .withGemmSplits(layers)
                .withOutputLayout(c.outLayout().orElse(Layout.INT8_4W4C));
        QConvPlan plan = QConvKernelSelector.select(c.p(), in, c.oc(), caps(), o);
        assertThat(plan.shader()).as("%s", c).isEqualTo(KernelId.Q8TA_GEMM_COOPMAT_WGK);
        assertThat(plan.workgroupSlices()).isEqualTo((int) Math.min(layers, stages));
        assertThat(plan.gemmSplits()).isEqualTo(1);
        assertExactWithBothBiases(
            plan.kernel() + " coopmat, " + layers + " layers in the workgroup, " + c, c, d, o);
      }
    }
  }

  @Test
  void theWorkgroupSplitTakesCooperativeMatricesWhereTheyRunAndTheDeviceHasRoom() {
    Case c = cases().get(1);
    TensorSpec in = c.input(QConvOpsTest.data(c).xq());
    DeviceCapabilities gpu =
        CapabilityEdits.withMaxSharedMemory(
            CapabilityEdits.asCooperativeMatrixGpu(caps(), 1024), 48 * 1024);
    QConvOptions workgroup =
        QConvOptions.DEFAULT
            .withPolicy(policy(KernelPolicy.Coopmat.ON).withSplitK(KernelPolicy.SplitK.WORKGROUP))
            .withGemmSplits(8);
    QConvPlan plan = QConvKernelSelector.select(c.p(), in, c.oc(), gpu, workgroup);
    assertThat(plan.shader()).isEqualTo(KernelId.Q8TA_GEMM_COOPMAT_WGK);
    assertThat(plan.gemmTile()).isEqualTo(QConvGemmTile.SMALL);
    assertThat(plan.workgroupSlices())
        .as("K4 = 27: four stages, four layers of 12 KiB in 48 KiB")
        .isEqualTo(QConvKernelSelector.MAX_COOPMAT_LAYERS);
    QConvPlan small =
        QConvKernelSelector.select(
            c.p(), in, c.oc(), CapabilityEdits.withMaxSharedMemory(gpu, 24 * 1024), workgroup);
    assertThat(small.workgroupSlices()).as("24 KiB of shared memory: two layers").isEqualTo(2);
    QConvPlan narrow =
        QConvKernelSelector.select(
            c.p(),
            in,
            c.oc(),
            gpu,
            workgroup.withPolicy(
                policy(KernelPolicy.Coopmat.OFF).withSplitK(KernelPolicy.SplitK.WORKGROUP)));
    assertThat(narrow.shader().kernelName()).startsWith("q8ta_gemm_wgk");
    assertThat(narrow.gemmTile()).isEqualTo(QConvGemmTile.NARROW);
    QConvPlan auto =
        QConvKernelSelector.select(
            c.p(), in, c.oc(), gpu, workgroup.withPolicy(policy(KernelPolicy.Coopmat.ON)));
    assertThat(auto.shader())
        .as("auto with cooperative matrices on: two passes")
        .isEqualTo(KernelId.Q8TA_GEMM_COOPMAT);
    assertThat(auto.gemmSplits()).isEqualTo(8);
  }

  @Test
  void theLargeTileIsForOnePassGemmsThatFillTheDevice() {
    KernelPolicy.CoopmatTile auto = KernelPolicy.CoopmatTile.AUTO;
    int target = QConvKernelSelector.LARGE_TILE_MIN_WORKGROUPS;
    // `target` large tiles: 32 * target position blocks by 128 channels (one tile of channels).
    assertThat(QConvKernelSelector.coopmatTile(auto, 32L * target, 128, 1, false))
        .isEqualTo(QConvGemmTile.LARGE);
    assertThat(QConvKernelSelector.coopmatTile(auto, 32L * target - 32, 128, 1, false))
        .isEqualTo(QConvGemmTile.SMALL);
    assertThat(QConvKernelSelector.coopmatTile(auto, 32L * target, 256, 2, false))
        .as("a split reduction keeps the small tile")
        .isEqualTo(QConvGemmTile.SMALL);
    assertThat(QConvKernelSelector.coopmatTile(KernelPolicy.CoopmatTile.LARGE, 1, 4, 1, false))
        .isEqualTo(QConvGemmTile.LARGE);
    assertThat(QConvKernelSelector.coopmatTile(KernelPolicy.CoopmatTile.LARGE, 1, 4, 3, false))
        .isEqualTo(QConvGemmTile.SMALL);
    assertThat(
            QConvKernelSelector.coopmatTile(
                KernelPolicy.CoopmatTile.SMALL, 32L * target, 512, 1, false))
        .isEqualTo(QConvGemmTile.SMALL);
    int tallMax = QConvKernelSelector.TALL_TILE_MAX_CHANNELS;
    assertThat(QConvKernelSelector.coopmatTile(auto, 32L * target, tallMax, 1, false))
        .as("at most %d channels: the tall tile", tallMax)
        .isEqualTo(QConvGemmTile.TALL);
    assertThat(QConvKernelSelector.coopmatTile(auto, 32L * target - 32, tallMax, 1, false))
        .isEqualTo(QConvGemmTile.SMALL);
    assertThat(QConvKernelSelector.coopmatTile(auto, 32L * target, tallMax + 4, 1, false))
        .isEqualTo(QConvGemmTile.LARGE);
    assertThat(QConvKernelSelector.coopmatTile(auto, 32L * target, tallMax, 1, true))
        .as("the implicit im2col keeps the large tile")
        .isEqualTo(QConvGemmTile.LARGE);
    assertThat(QConvKernelSelector.coopmatTile(KernelPolicy.CoopmatTile.TALL, 1, 256, 3, false))
        .as("a split reduction keeps the small tile")
        .isEqualTo(QConvGemmTile.SMALL);
  }

  @Test
  void theLargeTileNeedsItsWorkgroupOf512Invocations() {
    Case c = cases().get(0);
    TensorSpec in = c.input(QConvOpsTest.data(c).xq());
    QConvOptions large =
        QConvOptions.DEFAULT
            .withPolicy(
                policy(KernelPolicy.Coopmat.ON).withCoopmatTile(KernelPolicy.CoopmatTile.LARGE))
            .withGemmSplits(1);
    QConvPlan allowed =
        QConvKernelSelector.select(
            c.p(), in, c.oc(), CapabilityEdits.asCooperativeMatrixGpu(caps(), 1024), large);
    assertThat(allowed.cooperativeMatrix()).isTrue();
    assertThat(allowed.gemmTile()).isEqualTo(QConvGemmTile.LARGE);
    assertThat(QConvGemmTile.LARGE.invocations()).isEqualTo(512);
    QConvPlan limited =
        QConvKernelSelector.select(
            c.p(), in, c.oc(), CapabilityEdits.asCooperativeMatrixGpu(caps(), 256), large);
    assertThat(limited.cooperativeMatrix()).isTrue();
    assertThat(limited.gemmTile()).isEqualTo(QConvGemmTile.SMALL);
    QConvOptions tall =
        large.withPolicy(
            policy(KernelPolicy.Coopmat.ON).withCoopmatTile(KernelPolicy.CoopmatTile.TALL));
    assertThat(
            QConvKernelSelector.select(
                    c.p(), in, c.oc(), CapabilityEdits.asCooperativeMatrixGpu(caps(), 256), tall)
                .gemmTile())
        .as("the tall tile's 256 invocations fit")
        .isEqualTo(QConvGemmTile.TALL);
    assertThat(
            QConvKernelSelector.select(
                    c.p(), in, c.oc(), CapabilityEdits.asCooperativeMatrixGpu(caps(), 128), tall)
                .gemmTile())
        .isEqualTo(QConvGemmTile.SMALL);
  }

  @Test
  void theSelectorUsesCoopmatOnlyWhereTheDeviceAndPolicyAllow() {
    Case c = cases().get(0);
    TensorSpec in = c.input(QConvOpsTest.data(c).xq());
    QConvOptions on = QConvOptions.DEFAULT.withPolicy(policy(KernelPolicy.Coopmat.ON));
    assertThat(QConvKernelSelector.select(c.p(), in, c.oc(), caps(), on).cooperativeMatrix())
        .as("coopmat with the policy on, device can: %s", deviceCanRunCoopmat())
        .isEqualTo(deviceCanRunCoopmat());
    QConvPlan window =
        QConvKernelSelector.select(c.p(), in, c.oc(), caps(), on.withKernel(QConvKernel.GENERAL));
    assertThat(window.cooperativeMatrix()).as("the sliding-window kernel").isFalse();
    assertThat(
            QConvKernelSelector.select(c.p(), in, c.oc(), caps(), QConvOptions.DEFAULT)
                .cooperativeMatrix())
        .as("auto: K' = 72 is below %s", QConvKernelSelector.COOPMAT_MIN_K)
        .isFalse();
    TensorSpec deep =
        TensorSpec.quantized(
            Layout.INT8_4W4C, in.quant().orElseThrow(), 1, QConvKernelSelector.COOPMAT_MIN_K, 4, 4);
    // Two passes: under auto, a GPU splits this small GEMM's reduction in the workgroup instead.
    QConvOptions twoPass =
        QConvOptions.DEFAULT.withPolicy(
            KernelPolicy.DEFAULT.withSplitK(KernelPolicy.SplitK.TWO_PASS));
    assertThat(
            QConvKernelSelector.select(Conv2dParams.of(1, 1, 0), deep, 8, caps(), twoPass)
                .cooperativeMatrix())
        .as(
            "auto: K' = %s, device can: %s",
            QConvKernelSelector.COOPMAT_MIN_K, deviceCanRunCoopmat())
        .isEqualTo(deviceCanRunCoopmat());
    DeviceCapabilities gpu = CapabilityEdits.asCooperativeMatrixGpu(caps(), 1024);
    QConvPlan autoOnGpu =
        QConvKernelSelector.select(Conv2dParams.of(1, 1, 0), deep, 8, gpu, QConvOptions.DEFAULT);
    assertThat(autoOnGpu.cooperativeMatrix()).as("auto on a GPU, split in the workgroup").isFalse();
    assertThat(autoOnGpu.workgroupSlices()).isGreaterThan(1);
    QConvPlan onOnGpu = QConvKernelSelector.select(Conv2dParams.of(1, 1, 0), deep, 8, gpu, on);
    assertThat(onOnGpu.cooperativeMatrix()).as("coopmat on, on a GPU").isTrue();
    assertThat(onOnGpu.workgroupSlices()).isEqualTo(1);
    assertThat(QConvKernelSelector.select(c.p(), in, c.oc(), gpu, on).cooperativeMatrix())
        .as("coopmat on, on a GPU, %s", c)
        .isTrue();
    QConvPlan off =
        QConvKernelSelector.select(
            c.p(),
            in,
            c.oc(),
            caps(),
            QConvOptions.DEFAULT.withPolicy(policy(KernelPolicy.Coopmat.OFF)));
    assertThat(off.cooperativeMatrix()).isFalse();
    assertThat(off.shader().kernelName()).startsWith("q8ta_gemm").doesNotContain("coopmat");
  }

  /** A pointwise convolution case: ReLU, a 4W4C input, the plan's output layout. */
  private static Case pointwise(int n, int ic, int h, int w, int oc) {
    return new Case(
        n,
        ic,
        h,
        w,
        oc,
        Conv2dParams.of(1, 1, 0),
        Activation.RELU,
        true,
        Layout.INT8_4W4C,
        Optional.empty());
  }

  /**
   * Runs a case twice in one context (the one-pass form's tile counters start each run at zero),
   * with float and with int32 bias, and checks both bit-exact against the integer reference.
   */
  private static void assertExactWithBothBiases(String label, Case c, Data d, QConvOptions o) {
    QConvOpsTest.assertExact(label, QConvOpsTest.run(c, d, o, 2), d);
    Data intBias = QConvOpsTest.intBiasData(c);
    QConvOpsTest.assertExact(label + ", int32 bias", QConvOpsTest.run(c, intBias, o, 2), intBias);
  }

  private static KernelPolicy policy(KernelPolicy.Coopmat mode) {
    return KernelPolicy.DEFAULT.withCoopmat(mode);
  }
}
