package org.djlvulkan.backend.ops.int8;

import java.util.Optional;
import org.djlvulkan.backend.config.KernelPolicy;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.ops.ConvSelectorRules;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.vk.DeviceCapabilities;
import org.djlvulkan.shaders.KernelFeature;

/**
 * The one place that decides how a q8ta (int8) convolution runs (DESIGN.md section 1), checked in
 * this order:
 *
 * <ol>
 *   <li>groups == IC and OC a multiple of IC: {@link QConvKernel#DEPTHWISE} (4C1W in);
 *   <li>groups == 1, K' = IC * KH * KW <= 64, on a device with subgroups narrower than 16: {@link
 *       QConvKernel#GENERAL} (see below);
 *   <li>groups == 1, 1x1, stride 1, no padding: {@link QConvKernel#POINTWISE} (4W4C in);
 *   <li>groups == 1 and IC % 4 == 0, or groups == 1 on a device with subgroups narrower than 16:
 *       {@link QConvKernel#IM2COL} when one block of 4 scratch rows fits {@code
 *       maxStorageBufferRange} (reads the input's own layout: the optimized im2col on 4W4C with IC
 *       % 4 == 0, the generic one otherwise);
 *   <li>everything else: {@link QConvKernel#GENERAL} (4C1W in).
 * </ol>
 *
 * <p>The rule is ExecuTorch's (im2col when groups == 1 and IC % 4 == 0) with one refinement, both
 * from the measurements in docs/benchmarks.md. On the H200 (subgroup 32) the shared-memory GEMM
 * with split K is the fastest kernel, or within 4% of it, on every ResNet50 shape with IC % 4 == 0,
 * the 64-channel 1x1 convolutions included; the general kernel wins only the IC = 3 stem, which the
 * rule already sends to it. On lavapipe (8-lane CPU SIMD, subgroup 8) workgroup barriers are
 * expensive, so there the GEMM runs register-tiled ({@link QConvGemmTiling#REGISTERS}, 1.6x to 2.4x
 * faster than the shared-memory GEMM on every shape); the general kernel still runs the K' = 64
 * convolutions 1.1x to 1.2x faster than it, and the register-tiled im2col GEMM beats the general
 * kernel on the IC = 3 stem by 1.2x, hence the narrow-subgroup refinements; the subgroup size is
 * the device fact that tells the two devices apart.
 *
 * <p>The GEMM kernels split their reduction (split K, {@link QConvPlan#gemmSplits}) when their 64 x
 * 64 output tiles alone give fewer than {@link #GEMM_TARGET_WORKGROUPS} workgroups: on the H200
 * this made the 7x7 and 14x14 convolutions with long K 5x to 13x faster.
 *
 * <p>The GEMM kernels run on cooperative matrices ({@code q8ta_gemm_coopmat}, {@link
 * QConvPlan#cooperativeMatrix}) on a device with {@link KernelFeature#COOPERATIVE_MATRIX_S8},
 * {@link KernelFeature#SHADER_INT8} and subgroups of {@link #COOPMAT_SUBGROUP}, when the options'
 * {@link KernelPolicy} allows it ({@code AUTO}: reductions of at least {@link #COOPMAT_MIN_K};
 * {@code ON}: always). The selector reads no settings: the policy comes in with the options.
 *
 * <p>A one-pass cooperative-matrix GEMM whose 128 x 128 tiles alone give at least {@link
 * #LARGE_TILE_MIN_WORKGROUPS} workgroups runs the large tile ({@link QConvGemmTile#LARGE}, {@code
 * q8ta_gemm_coopmat_wide}: 16 subgroups of 32 x 32); on an H100 it ran ResNet50 int8's GEMMs at 160
 * TOPS against the small tile's 117 at batch 256 (docs/benchmarks.md; 8 subgroups of 64 x 32 ran at
 * 116 to 134, 4 of 64 x 64 at 61). A GEMM of at most {@link #TALL_TILE_MAX_CHANNELS} output
 * channels that reads its input from memory (not through the implicit im2col) takes the tall tile
 * instead ({@link QConvGemmTile#TALL}, {@code q8ta_gemm_coopmat_tall}: 8 subgroups of 32 x 32 on
 * 128 positions x 64 channels), where half the large tile's products would be padding. {@link
 * KernelPolicy.CoopmatTile} forces any tile.
 *
 * <p>The plan also says which layout the kernel writes (the option's, else 4W4C for the GEMM
 * kernels and 4C1W for the sliding-window ones) and which int8 dot path the shaders take. Nothing
 * else re-derives this decision: the op builder executes the returned {@link QConvPlan}.
 */
public final class QConvKernelSelector {
  /** The shape rules of this selector's kernels (candidates, why a kernel cannot run). */
  public static final ConvSelectorRules<QConvKernel> RULES =
      new ConvSelectorRules<>(
          QConvOps.OP,
          QConvKernel.values(),
          QConvKernel::family,
          "one block of 4 im2col scratch rows",
          QConvKernelSelector::im2colBytesPerBlock,
          QConvKernelSelector::inputProblem);

  /**
   * On a device whose subgroups are narrower than {@link #WIDE_SUBGROUP} (lavapipe's 8 CPU SIMD
   * lanes), up to this reduction length K' = IC * KH * KW (groups 1) the general sliding-window
   * kernel beats the shared-memory GEMM (docs/benchmarks.md).
   */
  static final int NARROW_GENERAL_MAX_K = 64;

  /** The smallest subgroup size for which the GEMM kernels win at any reduction length. */
  static final int WIDE_SUBGROUP = 16;

  /**
   * Workgroups a GEMM dispatch should have before the selector stops splitting its reduction. On an
   * H100 (session 26, with {@link #LARGE_TILE_MIN_WORKGROUPS} at 64) 128 gave ResNet50 int8 a 1%
   * shorter GPU span at batch 1 than 256 and, with the large tile, 1.1x the images/s at batch 32;
   * MobileNetV2 int8 was level.
   */
  static final int GEMM_TARGET_WORKGROUPS = 128;

  /**
   * Large tiles a one-pass cooperative-matrix GEMM needs before {@link
   * KernelPolicy.CoopmatTile#AUTO} takes the large tile. On an H100 (session 26), 64 instead of 256
   * made ResNet50 int8's GPU span at batch 32 12% shorter (3.16 against 3.56 ms) and left batch 1,
   * batch 256 and MobileNetV2 int8 level.
   */
  static final int LARGE_TILE_MIN_WORKGROUPS = 64;

  /**
   * The most output channels for which {@link KernelPolicy.CoopmatTile#AUTO} takes the tall tile
   * ({@link QConvGemmTile#TALL}: 128 positions x 64 channels) instead of the large one, whose
   * columns past 64 channels would multiply padding. On an H100 at batch 256 (session 27) it ran
   * ResNet50's 1 x 1 256 -> 64 GEMMs in 302 us against the large tile's 371, but its 3 x 3 64 -> 64
   * ones through the implicit im2col in 759 against 711: there the gathered loads bound both tiles,
   * and the large tile gets two channels' products per load. So the implicit im2col keeps the large
   * tile. The tall tile's width: 64.
   */
  static final int TALL_TILE_MAX_CHANNELS = 4 * QConvGemmTile.TALL.oc4s();

  /**
   * The longest reduction (K') whose split GEMM {@link KernelPolicy.SplitK#AUTO} runs in the
   * workgroup on GPUs ({@link #splitsInTheWorkgroup}).
   */
  static final long WORKGROUP_SPLIT_MAX_K = 512;

  /**
   * The most multiply-adds (positions x OC x K') of a split GEMM that {@link
   * KernelPolicy.SplitK#AUTO} runs in the workgroup on GPUs ({@link #splitsInTheWorkgroup}).
   */
  static final long WORKGROUP_SPLIT_MAX_MULTIPLY_ADDS = 32L << 20;

  /** The shortest reduction slice of a split-K GEMM, in k4s (one stage of the shader). */
  static final int GEMM_MIN_SLICE_K4 = 16;

  /** The most layers along K of a GEMM that splits K in the workgroup (1024 invocations). */
  static final int MAX_WORKGROUP_SLICES = 16;

  /** The shortest part of K one layer of such a workgroup sums, in k4s. */
  static final int MIN_LAYER_K4 = 4;

  /**
   * The most layers of a cooperative-matrix GEMM that splits K in the workgroup ({@link
   * #coopmatLayers}): 512 invocations, and 48 KiB of stage buffers, the shared memory of many GPUs.
   */
  static final int MAX_COOPMAT_LAYERS = 4;

  /** The k4s of one stage of {@code q8ta_gemm_coopmat_wgk} (its K_STAGE, kernels.json). */
  static final int COOPMAT_LAYER_STAGE_K4 = 8;

  /**
   * Shared memory of one layer of {@code q8ta_gemm_coopmat_wgk}: two stages of 64 input rows and 64
   * weight rows of K_STAGE + 4 words.
   */
  static final int COOPMAT_LAYER_SHARED_BYTES = 2 * 128 * (COOPMAT_LAYER_STAGE_K4 + 4) * 4;

  /** The subgroup size the cooperative-matrix GEMM is written for (4 subgroups of 32). */
  static final int COOPMAT_SUBGROUP = 32;

  /**
   * With the {@code auto} setting, the shortest reduction K' = IC * KH * KW run on cooperative
   * matrices. On the H200 (ResNet50 int8, batch 256, docs/benchmarks.md) the cooperative-matrix
   * GEMM took 0.61x the speed of the dot-product GEMM at K' = 64 and 0.79x at 128, tied at 256 and
   * was 1.16x to 2x faster from 576 on: with one or two stages of 64 there is nothing to overlap
   * the tile's load and store with.
   */
  static final int COOPMAT_MIN_K = 256;

  private QConvKernelSelector() {}

  /**
   * Chooses the kernel, or checks and plans a forced one.
   *
   * @param p the convolution's geometry
   * @param input the input (I8 4C1W or 4W4C, {@code [N, IC, H, W]})
   * @param outChannels OC
   * @param caps the device's features and limits
   * @param options forced kernel, output layout, dot path and im2col budget
   * @return the plan
   * @throws IllegalArgumentException for an invalid shape, a forced kernel that cannot run it, or a
   *     forced dot path the device lacks
   */
  public static QConvPlan select(
      Conv2dParams p,
      TensorSpec input,
      int outChannels,
      DeviceCapabilities caps,
      QConvOptions options) {
    RULES.checkShape(p, input, outChannels);
    Int8DotPath dot =
        options.dotPath().orElseGet(() -> Int8DotPath.preferred(caps, options.effectivePolicy()));
    Optional<String> noDot = dot.whyNot(caps);
    if (noDot.isPresent()) {
      throw new IllegalArgumentException(describe(p, input, outChannels) + ": " + noDot.get());
    }
    QConvKernel kernel =
        RULES.pick(
            options.forcedKernel(),
            p,
            input,
            outChannels,
            caps,
            () -> choose(p, input, outChannels, caps));
    return plan(kernel, dot, p, input, outChannels, caps, options);
  }

  /**
   * Returns the input layout of the kernel that {@link #select} would pick, or empty when no kernel
   * can run the shape (the convolution reports why when it is lowered): for choosing the layout its
   * producer writes.
   *
   * @param p the convolution's geometry
   * @param input the input, in any int8 layout
   * @param outChannels OC
   * @param caps the device's features and limits
   * @param options forced kernel, output layout, dot path and im2col budget
   * @return the layout
   */
  public static Optional<Layout> inputLayout(
      Conv2dParams p,
      TensorSpec input,
      int outChannels,
      DeviceCapabilities caps,
      QConvOptions options) {
    if (RULES.shapeProblem(p, input, outChannels).isPresent()
        || RULES.candidates(p, input, outChannels, caps).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(select(p, input, outChannels, caps, options).inputLayout());
  }

  private static QConvKernel choose(
      Conv2dParams p, TensorSpec input, int outChannels, DeviceCapabilities caps) {
    if (RULES.whyNot(QConvKernel.DEPTHWISE, p, input, outChannels, caps).isEmpty()) {
      return QConvKernel.DEPTHWISE;
    }
    if (caps.subgroupSize() < WIDE_SUBGROUP
        && p.groups() == 1
        && (long) input.c() * p.kernelH() * p.kernelW() <= NARROW_GENERAL_MAX_K) {
      return QConvKernel.GENERAL;
    }
    if (RULES.whyNot(QConvKernel.POINTWISE, p, input, outChannels, caps).isEmpty()) {
      return QConvKernel.POINTWISE;
    }
    boolean narrow = caps.subgroupSize() < WIDE_SUBGROUP;
    if ((linedChannels(input.c()) || narrow)
        && RULES.whyNot(QConvKernel.IM2COL, p, input, outChannels, caps).isEmpty()) {
      return QConvKernel.IM2COL;
    }
    return QConvKernel.GENERAL;
  }

  private static QConvPlan plan(
      QConvKernel kernel,
      Int8DotPath dot,
      Conv2dParams p,
      TensorSpec input,
      int outChannels,
      DeviceCapabilities caps,
      QConvOptions options) {
    int outH = p.outH(input.h());
    int outW = p.outW(input.w());
    int pixelsPerChunk = 0;
    int chunks = 0;
    int splits = 1;
    long scratch = 0;
    boolean implicit = false;
    long gemmK = 0;
    long gemmBlocks = 0;
    QConvVariant variant;
    Layout in;
    Layout out;
    switch (kernel) {
      case DEPTHWISE:
        variant =
            p.kernelH() == 3 && p.kernelW() == 3
                ? QConvVariant.DEPTHWISE_3X3
                : QConvVariant.DEPTHWISE;
        in = Layout.INT8_4C1W;
        out = Layout.INT8_4C1W;
        break;
      case POINTWISE:
        variant = QConvVariant.POINTWISE_GEMM;
        in = Layout.INT8_4W4C;
        out = Layout.INT8_4W4C;
        splits =
            gemmSplits(
                (long) input.n() * input.h() * ((input.w() + 3) / 4),
                outChannels,
                input.c(),
                options);
        gemmK = input.c();
        gemmBlocks = (long) input.n() * input.h() * ((input.w() + 3) / 4);
        break;
      case IM2COL:
        in = input.layout();
        out = Layout.INT8_4W4C;
        variant = im2colVariant(input);
        long kprime = im2colK(variant, p, input.c());
        long perBlock = TensorSpec.ceil4(kprime) * 16L;
        long pixels = (long) input.n() * outH * outW;
        long blocks = (pixels + 3) / 4;
        long limit = Math.min(options.im2colBudgetBytes(), caps.maxStorageBufferRange());
        long scratchBlocks = Math.max(1, Math.min(blocks, limit / perBlock));
        implicit = implicitIm2col(variant, blocks, scratchBlocks < blocks, caps, options);
        long blocksPerChunk = implicit ? blocks : scratchBlocks;
        pixelsPerChunk = Math.toIntExact(blocksPerChunk * 4);
        chunks = Math.toIntExact((blocks + blocksPerChunk - 1) / blocksPerChunk);
        scratch = implicit ? 0 : perBlock * blocksPerChunk;
        splits = gemmSplits(blocksPerChunk, outChannels, Math.toIntExact(kprime), options);
        gemmK = kprime;
        gemmBlocks = blocksPerChunk;
        break;
      default:
        variant =
            ConvSelectorRules.directIsBlocked(p, input, outChannels)
                ? QConvVariant.GENERAL_BLOCKED
                : QConvVariant.GENERAL_GATHER;
        in = Layout.INT8_4C1W;
        out = Layout.INT8_4C1W;
        break;
    }
    boolean coopmat =
        gemmK > 0 && cooperativeMatrix(caps, options.effectivePolicy().coopmat(), gemmK);
    QConvGemmTile tile =
        coopmat
            ? coopmatTile(
                options.effectivePolicy().coopmatTile(), gemmBlocks, outChannels, splits, implicit)
            : QConvGemmTile.SMALL;
    if (tile.invocations() > caps.maxWorkgroupInvocations()) {
      tile = QConvGemmTile.SMALL;
    }
    QConvGemmTiling tiling = options.gemmTiling().orElseGet(() -> gemmTiling(caps));
    KernelPolicy.SplitK splitForm = options.effectivePolicy().splitK();
    int layers = 1;
    if (splits > 1 && splitsInTheWorkgroup(options, gemmBlocks * 4, outChannels, gemmK, caps)) {
      // The reduction splits in the workgroup instead, in one slice: on cooperative matrices where
      // the GEMM has them and the policy names the workgroup form, else on the narrow register
      // tile.
      boolean layeredCoopmat = coopmat && splitForm == KernelPolicy.SplitK.WORKGROUP;
      layers =
          layeredCoopmat
              ? coopmatLayers(gemmK, caps, options)
              : workgroupSlices(gemmBlocks, outChannels, gemmK, caps, options);
      if (layers > 1) {
        splits = 1;
        if (!layeredCoopmat) {
          coopmat = false;
          tile = QConvGemmTile.NARROW;
          tiling = QConvGemmTiling.REGISTERS;
        }
      }
    }
    return new QConvPlan(
        kernel,
        variant,
        dot,
        in,
        options.outputLayout().orElse(out),
        outH,
        outW,
        pixelsPerChunk,
        chunks,
        scratch,
        splits,
        coopmat,
        tile,
        tiling,
        splits > 1 && splitForm == KernelPolicy.SplitK.ONE_PASS,
        implicit,
        layers,
        variant == QConvVariant.IM2COL_4W4C
            && !implicit
            && chunks == 1
            && options.effectivePolicy().im2col() == KernelPolicy.Im2col.AUTO);
  }

  /**
   * Whether a GEMM that splits its reduction does so in the workgroup ({@link
   * KernelPolicy.SplitK#WORKGROUP}): where the policy says so, and under {@code AUTO} on GPUs
   * (subgroups of at least {@link #WIDE_SUBGROUP}) for a small GEMM, K' up to {@link
   * #WORKGROUP_SPLIT_MAX_K} and at most {@link #WORKGROUP_SPLIT_MAX_MULTIPLY_ADDS} multiply-adds,
   * unless the options ask for what the workgroup form is not: a GEMM tiling, or cooperative
   * matrices ({@link KernelPolicy.Coopmat#ON}). On an H100 (session 23) the workgroup form took
   * MobileNetV2 int8 at batch 1, whose split GEMMs have 2 to 20 M multiply-adds, from 0.509-0.517
   * to 0.480-0.490 ms (62 dispatches, not 75); on ResNet50 int8's split GEMMs of K' up to 512 at
   * batch 1 (51 M each) it was 1% slower than two passes, on the longer reductions (K' 1,152 to
   * 4,608) up to 27 us per GEMM slower (its few tiles on the register path leave most of the GPU
   * idle), and on MobileNetV2 at batch 32 1% slower.
   */
  private static boolean splitsInTheWorkgroup(
      QConvOptions options, long positions, int outChannels, long k, DeviceCapabilities caps) {
    KernelPolicy policy = options.effectivePolicy();
    return switch (policy.splitK()) {
      case WORKGROUP -> true;
      case AUTO ->
          options.gemmTiling().isEmpty()
              && policy.coopmat() != KernelPolicy.Coopmat.ON
              && caps.subgroupSize() >= WIDE_SUBGROUP
              && k <= WORKGROUP_SPLIT_MAX_K
              && positions * outChannels * k <= WORKGROUP_SPLIT_MAX_MULTIPLY_ADDS;
      default -> false;
    };
  }

  /**
   * Layers of invocations along K for a GEMM that splits K in the workgroup ({@link
   * KernelPolicy.SplitK#WORKGROUP}): the option's slice count where one is forced, else enough for
   * {@link #GEMM_TARGET_WORKGROUPS} workgroups' worth of 128 invocations over the narrow tiles, a
   * power of two; at most {@link #MAX_WORKGROUP_SLICES} and what the device's workgroup size
   * allows, each layer at least {@link #MIN_LAYER_K4} k4s long. 1 when that leaves fewer than 2.
   */
  private static int workgroupSlices(
      long blocks, int outChannels, long k, DeviceCapabilities caps, QConvOptions options) {
    long k4s = (k + 3) / 4;
    int invocations = QConvGemmTile.NARROW.blocks() * QConvGemmTile.NARROW.oc4s();
    long wanted;
    if (options.gemmSplits() > 0) {
      wanted = options.gemmSplits();
    } else {
      long tiles = QConvGemmTile.NARROW.tiles(blocks, outChannels);
      long target = (long) GEMM_TARGET_WORKGROUPS * 128;
      long needed = Math.max(1, (target + tiles * invocations - 1) / (tiles * invocations));
      wanted = Long.highestOneBit(needed * 2 - 1); // the next power of two
    }
    long cap =
        Math.min(
            Math.min(MAX_WORKGROUP_SLICES, caps.maxWorkgroupInvocations() / invocations),
            k4s / MIN_LAYER_K4);
    long layers = Math.min(wanted, cap);
    return layers < 2 ? 1 : (int) layers;
  }

  /**
   * Layers of subgroups along K for a cooperative-matrix GEMM that splits K in the workgroup
   * ({@code q8ta_gemm_coopmat_wgk}: each layer 128 invocations on the 64 x 64 tile, with {@link
   * #COOPMAT_LAYER_SHARED_BYTES} of stage buffers): the option's slice count where one is forced,
   * else {@link #MAX_COOPMAT_LAYERS}; at most what the device's shared memory and workgroup size
   * allow and one stage of {@link #COOPMAT_LAYER_STAGE_K4} k4s per layer. 1 when that leaves fewer
   * than 2.
   */
  static int coopmatLayers(long k, DeviceCapabilities caps, QConvOptions options) {
    long stages = ((k + 3) / 4 + COOPMAT_LAYER_STAGE_K4 - 1) / COOPMAT_LAYER_STAGE_K4;
    long wanted = options.gemmSplits() > 0 ? options.gemmSplits() : MAX_COOPMAT_LAYERS;
    long cap =
        Math.min(
            Math.min(
                caps.maxSharedMemoryBytes() / COOPMAT_LAYER_SHARED_BYTES,
                caps.maxWorkgroupInvocations() / QConvGemmTile.SMALL.invocations()),
            stages);
    long layers = Math.min(wanted, cap);
    return layers < 2 ? 1 : (int) layers;
  }

  /**
   * Whether an im2col GEMM computes its input itself: the 4W4C variant ({@link #linedChannels},
   * groups 1) under {@link KernelPolicy.Im2col#IMPLICIT}, when one dispatch's grid covers all
   * output pixels. {@code AUTO} chooses it on GPUs (subgroups of at least {@link #WIDE_SUBGROUP})
   * where the scratch would not fit the im2col budget in one piece ({@code chunked}): on an H100
   * the implicit form took ResNet50 int8 at batch 256, where the large layers' scratch is split,
   * from 33.8-35.1 to 32.3-32.7 ms, and lost 11% at batch 32, where one scratch holds each layer
   * (docs/benchmarks.md, sessions 13 and 14). CPU drivers keep the scratch.
   */
  private static boolean implicitIm2col(
      QConvVariant variant,
      long blocks,
      boolean chunked,
      DeviceCapabilities caps,
      QConvOptions options) {
    boolean possible =
        variant == QConvVariant.IM2COL_4W4C
            && blocks * 4 <= Integer.MAX_VALUE
            && (blocks + QConvGemmTile.SMALL.blocks() - 1) / QConvGemmTile.SMALL.blocks()
                <= caps.maxWorkgroupCount()[0];
    return possible
        && switch (options.effectivePolicy().im2col()) {
          case IMPLICIT -> true;
          case SCRATCH -> false;
          case AUTO -> chunked && caps.subgroupSize() >= WIDE_SUBGROUP;
        };
  }

  /**
   * The GEMM tiling for a device: {@link QConvGemmTiling#REGISTERS} on subgroups narrower than
   * {@link #WIDE_SUBGROUP}, where workgroup barriers are expensive (lavapipe), else {@link
   * QConvGemmTiling#SHARED_MEMORY}.
   */
  static QConvGemmTiling gemmTiling(DeviceCapabilities caps) {
    return caps.subgroupSize() < WIDE_SUBGROUP
        ? QConvGemmTiling.REGISTERS
        : QConvGemmTiling.SHARED_MEMORY;
  }

  /**
   * Whether a GEMM with reduction length {@code k} runs on cooperative matrices: the device has the
   * s8 shape, int8 shader arithmetic and 32-wide subgroups, and the mode is {@code ON}, or {@code
   * auto} with {@code k} at least {@link #COOPMAT_MIN_K}.
   */
  static boolean cooperativeMatrix(DeviceCapabilities caps, KernelPolicy.Coopmat mode, long k) {
    boolean device =
        caps.supports(KernelFeature.COOPERATIVE_MATRIX_S8)
            && caps.supports(KernelFeature.SHADER_INT8)
            && caps.subgroupSize() == COOPMAT_SUBGROUP;
    return device
        && (mode == KernelPolicy.Coopmat.ON
            || (mode == KernelPolicy.Coopmat.AUTO && k >= COOPMAT_MIN_K));
  }

  /**
   * The tile of a cooperative-matrix GEMM over {@code blocks} position blocks: the policy's, except
   * that a GEMM split into several reduction slices keeps the small tile; under {@code AUTO} the
   * large tile (the tall one for at most {@link #TALL_TILE_MAX_CHANNELS} output channels read from
   * memory, not through the implicit im2col) where its tiles alone are at least {@link
   * #LARGE_TILE_MIN_WORKGROUPS}.
   */
  static QConvGemmTile coopmatTile(
      KernelPolicy.CoopmatTile mode, long blocks, int outChannels, int splits, boolean implicit) {
    if (splits > 1) {
      return QConvGemmTile.SMALL;
    }
    return switch (mode) {
      case SMALL -> QConvGemmTile.SMALL;
      case LARGE -> QConvGemmTile.LARGE;
      case TALL -> QConvGemmTile.TALL;
      case AUTO -> {
        QConvGemmTile wide =
            outChannels <= TALL_TILE_MAX_CHANNELS && !implicit
                ? QConvGemmTile.TALL
                : QConvGemmTile.LARGE;
        yield wide.tiles(blocks, outChannels) >= LARGE_TILE_MIN_WORKGROUPS
            ? wide
            : QConvGemmTile.SMALL;
      }
    };
  }

  /**
   * Reduction slices of a GEMM dispatch over {@code blocks} position blocks: the option's count,
   * else enough slices for {@link #GEMM_TARGET_WORKGROUPS} workgroups when the tiles alone are
   * fewer, keeping each slice at least {@link #GEMM_MIN_SLICE_K4} k4s long; capped at K4.
   */
  private static int gemmSplits(long blocks, int outChannels, int k, QConvOptions options) {
    int k4s = (k + 3) / 4;
    if (options.gemmSplits() > 0) {
      return Math.min(options.gemmSplits(), k4s);
    }
    long tiles = QConvGemmTile.SMALL.tiles(blocks, outChannels);
    long wanted = (GEMM_TARGET_WORKGROUPS + tiles - 1) / tiles;
    return (int) Math.max(1, Math.min(wanted, k4s / GEMM_MIN_SLICE_K4));
  }

  /**
   * Bytes of one block of the im2col scratch: 4 output pixels x K', padded (K' of the variant the
   * input's layout allows, {@link #im2colK}).
   */
  static long im2colBytesPerBlock(Conv2dParams p, TensorSpec input) {
    return TensorSpec.ceil4(im2colK(im2colVariant(input), p, input.c())) * 16L;
  }

  /**
   * The im2col the input's layout and channels allow: the lined-up 4W4C one for a 4W4C input of
   * {@link #linedChannels}, else the generic one.
   */
  private static QConvVariant im2colVariant(TensorSpec input) {
    return input.layout() == Layout.INT8_4W4C && linedChannels(input.c())
        ? QConvVariant.IM2COL_4W4C
        : QConvVariant.IM2COL_GENERIC;
  }

  /**
   * Whether the 4W4C im2col takes these input channels: whole groups of 4, or fewer than 4 (an RGB
   * stem), padded to one group with zero weights ({@link #im2colK}).
   */
  private static boolean linedChannels(long inChannels) {
    return inChannels % 4 == 0 || inChannels < 4;
  }

  /**
   * The im2col GEMM's reduction length: {@code IC * KH * KW}, or for {@link
   * QConvVariant#IM2COL_4W4C} {@code ceil4(IC) * 4 * KH * KW}: its scratch and implicit input hold
   * whole channel groups per tap, so fewer than 4 input channels (an RGB stem) are padded to 4,
   * with zero weights for the padding lanes.
   *
   * @param variant the im2col variant
   * @param p the geometry
   * @param inChannels IC (groups 1)
   * @return K'
   */
  public static long im2colK(QConvVariant variant, Conv2dParams p, long inChannels) {
    long channels =
        variant == QConvVariant.IM2COL_4W4C ? TensorSpec.ceil4(inChannels) * 4 : inChannels;
    return channels * p.kernelH() * p.kernelW();
  }

  private static Optional<String> inputProblem(TensorSpec input) {
    return input.dtype() == DType.I8
            && input.layout().isInt8Packed()
            && input.quant().isPresent()
            && input.rank() <= 4
        ? Optional.empty()
        : Optional.of(
            "input must be quantized I8 in INT8_4C1W or INT8_4W4C of rank <= 4, got " + input);
  }

  static String describe(Conv2dParams p, TensorSpec input, int outChannels) {
    return RULES.describe(p, input, outChannels);
  }
}
