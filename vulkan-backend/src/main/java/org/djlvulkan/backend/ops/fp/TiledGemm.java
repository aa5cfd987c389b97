package org.djlvulkan.backend.ops.fp;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.djlvulkan.backend.config.KernelPolicy;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.DispatchNode;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Grid;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.kernel.PipelineKey;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.ops.ConvWeightPacking;
import org.djlvulkan.backend.ops.OpSupport;
import org.djlvulkan.backend.ops.ResidualFusion;
import org.djlvulkan.backend.ops.TiledDispatch;
import org.djlvulkan.backend.ops.int8.QConvWeightPacking;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.vk.DeviceCapabilities;
import org.djlvulkan.shaders.KernelFeature;
import org.djlvulkan.shaders.KernelId;

/**
 * Adds an fp32 GEMM, {@code out[b][oc][m] = act(sum_k in[b][k][m] * W[oc][k] + bias[oc])}, on
 * vec4-blocked operands whose strides (in vec4s) the caller gives, with one of the {@link
 * FloatGemmKernel}s. Pointwise convolution, the GEMM half of im2col convolution and linear all go
 * through here.
 */
final class TiledGemm {
  /*
   * A workgroup spans up to 64 position tiles of one oc4 (256 consecutive positions): its
   * invocations share every weight load, and neighbouring workgroups share the input through the
   * cache. On lavapipe this ran the ResNet50 1x1 convolutions up to 3x faster than 16 x 4 tiles.
   */

  /** Output positions per invocation of the GPUs' register-tile kernel (its TILE_M). */
  static final int TILE_M = 4;

  /**
   * A register-tile kernel's tile per invocation.
   *
   * @param kernel the fp32 build
   * @param positions positions per invocation
   * @param groups output channel groups per invocation
   */
  private record RegisterTile(KernelId kernel, int positions, int groups) {
    /**
     * The tile of {@link FloatGemmKernel#REGISTER_TILES} or {@link
     * FloatGemmKernel#WIDE_REGISTER_TILES}.
     */
    static RegisterTile of(FloatGemmKernel kernel) {
      return kernel == FloatGemmKernel.WIDE_REGISTER_TILES ? WIDE : NARROW;
    }

    private static final RegisterTile NARROW = new RegisterTile(KernelId.GEMM_TILED_F32, TILE_M, 1);
    private static final RegisterTile WIDE = new RegisterTile(KernelId.GEMM_TILED_8X4_F32, 8, 4);
  }

  /** Positions per workgroup tile of the shared-tile kernel (its TILE_M). */
  static final int SHARED_TILE_M = 64;

  /** Output channel groups per workgroup tile of the shared-tile kernel (its TILE_N4). */
  static final int SHARED_TILE_N4 = 16;

  /** Workgroups a shared-tile GEMM should have before K is no longer split (about 2 per SM). */
  static final int TARGET_WORKGROUPS = 256;

  /** The fewest channel groups a split of K keeps (two of the kernel's K stages). */
  static final int MIN_K4_PER_SPLIT = 16;

  /** Register-tile invocations below which a GPU runs the GEMM on shared tiles. */
  static final int SHARED_MAX_INVOCATIONS = 16384;

  /** Channel groups of K from which shared tiles also pay up to twice as many invocations. */
  static final int SHARED_LONG_K4 = 64;

  /**
   * Shared memory of the large-tile kernel: two stages of 16 channels x 128 floats, each for the
   * input and for the weights.
   */
  static final int LARGE_SHARED_BYTES = 2 * 2 * 16 * 128 * 4;

  /** Invocations of a large-tile workgroup per output channel group of its tile. */
  static final int LARGE_INVOCATIONS_PER_GROUP = 16;

  /** Invocations of a 128-channel large-tile workgroup (the 64-channel one has half). */
  static final int LARGE_INVOCATIONS =
      LARGE_INVOCATIONS_PER_GROUP * FloatGemmKernel.LARGE_TILES.tileGroups();

  /**
   * Large-tile workgroups (tiles times splits of K) a GEMM needs before a GPU runs it on them
   * instead of register tiles.
   */
  static final int LARGE_MIN_WORKGROUPS = 128;

  /** The subgroup size the cooperative-matrix kernel is written for (4 subgroups of 32). */
  static final int COOPMAT_SUBGROUP = 32;

  /** Invocations of a {@code gemm_coopmat_wide_f16} workgroup: 16 subgroups. */
  static final int WIDE_COOPMAT_INVOCATIONS = 16 * COOPMAT_SUBGROUP;

  /** Invocations of a {@code gemm_coopmat_tall_f16} workgroup: 8 subgroups. */
  static final int TALL_COOPMAT_INVOCATIONS = 8 * COOPMAT_SUBGROUP;

  /**
   * The most output channels for which the fp16 mode takes the tall tile ({@code
   * gemm_coopmat_tall_f16}: 128 positions x 64 channels) instead of the wide one: its width.
   */
  static final int TALL_MAX_CHANNELS = 4 * FloatGemmKernel.COOPMAT_F16_TALL.tileGroups();

  /**
   * Wide-tile workgroups a one-pass f16 cooperative-matrix GEMM needs before {@code AUTO} runs it
   * on the wide tile. On an H200 (session 20) the 98 wide tiles of ResNet50's 14 x 14 GEMMs with
   * 256 output channels at batch 32 ran 2x faster than their 392 small ones (77 against 150 us for
   * the 3 x 3), while at 25 to 50 wide tiles (batch 1's 56 x 56 GEMMs) the two were level; end to
   * end on an H100 batch 32 took 4.36-4.49 ms against 4.88-5.03 with 128 (docs/benchmarks.md).
   */
  static final int WIDE_MIN_WORKGROUPS = 64;

  /** The most splits of K. */
  static final int MAX_SPLITS = 16;

  private TiledGemm() {}

  /**
   * Where the operands live. All strides count vec4s.
   *
   * @param m positions per batch in this dispatch
   * @param k4 reduction groups of 4 (input channel groups)
   * @param outChannels output channels (OC); lanes past it are written as zero
   * @param batches batches
   * @param inBatchStride input stride between batches
   * @param inKStride input stride between reduction groups
   * @param inMStride input stride between positions
   * @param outBatchStride output stride between batches
   * @param outOcStride output stride between output channel groups
   * @param outMStride output stride between positions
   * @param outMOffset output position of m = 0
   */
  record Shape(
      int m,
      int k4,
      int outChannels,
      int batches,
      long inBatchStride,
      long inKStride,
      long inMStride,
      long outBatchStride,
      long outOcStride,
      long outMStride,
      long outMOffset) {}

  /**
   * Chooses the kernel: a forced kernel, else the graph's kernel policy, whose default is register
   * tiles on CPU drivers and, on GPUs, shared-memory tiles where {@link #sharedTilesPay}. Shared
   * tiles split K while the output has fewer than {@link #TARGET_WORKGROUPS} tiles and each split
   * keeps at least {@link #MIN_K4_PER_SPLIT} channel groups.
   *
   * @param g the graph (its device's type)
   * @param s the GEMM
   * @param forced a kernel to use instead, or empty
   * @return the plan
   */
  static GemmPlan plan(GraphBuilder g, Shape s, DType storage, Optional<FloatGemmKernel> forced) {
    return plan(GemmDevice.of(g), s, storage, forced);
  }

  /**
   * Chooses the kernel as {@link #plan(GraphBuilder, Shape, DType, Optional)} does, from the
   * device's facts (the convolution selector plans its GEMMs with it).
   *
   * @param d the device's capabilities, kernel policy and type
   * @param s the GEMM
   * @param storage the activations' storage
   * @param forced a kernel to use instead, or empty
   * @return the plan
   */
  static GemmPlan plan(GemmDevice d, Shape s, DType storage, Optional<FloatGemmKernel> forced) {
    FloatGemmKernel kernel = forced.orElseGet(() -> defaultKernel(d, s, storage));
    if (kernel.coopmat()) {
      if (storage != DType.F16) {
        throw new IllegalArgumentException(
            "the f16 cooperative-matrix GEMM takes fp16 activations, not " + storage);
      }
      if (!coopmatF16(d.caps())) {
        throw new IllegalArgumentException(
            "the f16 cooperative-matrix GEMM needs "
                + DeviceCapabilities.F16_COOPERATIVE_MATRIX_SHAPE
                + " cooperative matrices, shaderFloat16 and 32-wide subgroups; the device has "
                + d.caps().summary());
      }
    }
    if (kernel == FloatGemmKernel.LARGE_TILES && !largeTilesFit(d.caps())) {
      throw new IllegalArgumentException(
          "the large-tile GEMM needs "
              + LARGE_SHARED_BYTES
              + " bytes of shared memory and "
              + LARGE_INVOCATIONS
              + " invocations per workgroup; the device allows "
              + d.caps().maxSharedMemoryBytes()
              + " bytes and "
              + d.caps().maxWorkgroupInvocations()
              + " invocations");
    }
    if (!kernel.splitsK()) {
      return new GemmPlan(kernel, 1);
    }
    int splits = splits(kernel, s.m(), s.k4(), s.outChannels(), s.batches());
    if (kernel == FloatGemmKernel.COOPMAT_F16 && forced.isEmpty() && splits == 1) {
      FloatGemmKernel wide = wideKernel(d.policy().coopmatTile(), d.caps(), s);
      if (wide != null) {
        return new GemmPlan(wide, 1);
      }
    }
    return new GemmPlan(kernel, splits);
  }

  /**
   * The wide tile a one-pass f16 cooperative-matrix GEMM runs, or null for the small one: the tall
   * tile ({@link FloatGemmKernel#COOPMAT_F16_TALL}) for at most {@link #TALL_MAX_CHANNELS} output
   * channels, else the wide one, where the device allows its workgroup and the policy asks for the
   * large (or tall) tile, or ({@code AUTO}) its tiles make at least {@link #WIDE_MIN_WORKGROUPS}
   * workgroups. On an H100 the wide tile on 16 subgroups ran ResNet50's fp16 mode at batch 256 in
   * 29.3 ms against the small tile's 41.5 (docs/benchmarks.md, session 19); at batch 1 its tiles
   * are too few.
   */
  static FloatGemmKernel wideKernel(
      KernelPolicy.CoopmatTile mode, DeviceCapabilities caps, Shape s) {
    FloatGemmKernel wide =
        switch (mode) {
          case SMALL -> null;
          case LARGE -> FloatGemmKernel.COOPMAT_F16_WIDE;
          case TALL -> FloatGemmKernel.COOPMAT_F16_TALL;
          case AUTO -> {
            FloatGemmKernel k =
                s.outChannels() <= TALL_MAX_CHANNELS
                    ? FloatGemmKernel.COOPMAT_F16_TALL
                    : FloatGemmKernel.COOPMAT_F16_WIDE;
            yield tiles(k, s.m(), s.outChannels(), s.batches()) >= WIDE_MIN_WORKGROUPS ? k : null;
          }
        };
    int invocations =
        wide == FloatGemmKernel.COOPMAT_F16_TALL
            ? TALL_COOPMAT_INVOCATIONS
            : WIDE_COOPMAT_INVOCATIONS;
    return wide != null && caps.maxWorkgroupInvocations() >= invocations ? wide : null;
  }

  /** Whether a device runs {@link FloatGemmKernel#COOPMAT_F16}. */
  static boolean coopmatF16(DeviceCapabilities caps) {
    return caps.supports(KernelFeature.COOPERATIVE_MATRIX_F16)
        && caps.supports(KernelFeature.SHADER_FLOAT16)
        && caps.subgroupSize() == COOPMAT_SUBGROUP;
  }

  private static FloatGemmKernel defaultKernel(GemmDevice d, Shape s, DType storage) {
    if (storage == DType.F16
        && d.policy().coopmat() != KernelPolicy.Coopmat.OFF
        && coopmatF16(d.caps())) {
      return FloatGemmKernel.COOPMAT_F16;
    }
    boolean gpu = d.gpu();
    // CPU drivers take the wide register tiles: on lavapipe (2 cores) ResNet50 fp32's GEMMs took
    // 351 ms instead of 555 ms at batch 1 on them (docs/benchmarks.md).
    FloatGemmKernel registers =
        gpu ? FloatGemmKernel.REGISTER_TILES : FloatGemmKernel.WIDE_REGISTER_TILES;
    switch (d.policy().floatGemm()) {
      case REGISTER_TILES:
        return registers;
      case SHARED_TILES:
        return FloatGemmKernel.SHARED_TILES;
      case LARGE_TILES:
        return FloatGemmKernel.LARGE_TILES;
      default:
        if (!gpu) {
          return registers;
        }
        if (sharedTilesPay(s)) {
          return FloatGemmKernel.SHARED_TILES;
        }
        return largeTilesFit(d.caps()) && largeTilesPay(s)
            ? FloatGemmKernel.LARGE_TILES
            : registers;
    }
  }

  /** Whether a device allows the large-tile kernel's shared memory and workgroup. */
  static boolean largeTilesFit(DeviceCapabilities caps) {
    return caps.maxSharedMemoryBytes() >= LARGE_SHARED_BYTES
        && caps.maxWorkgroupInvocations() >= LARGE_INVOCATIONS;
  }

  /**
   * Whether a GPU runs a GEMM that register tiles would fill on large tiles instead: when its
   * tiles, with K split as {@link #splits} splits it, make at least {@link #LARGE_MIN_WORKGROUPS}
   * workgroups, and its positions (over all batches: the large tiles run on through them) fill at
   * least three quarters of their rows (7 x 7 positions at batch 1 fill 49 of 128). The 7 x 7
   * layers of ResNet50 at batch 32 have 52 tiles, 416 workgroups with K in 8 splits: on an H100 the
   * register tiles ran them at 11 TFLOP/s, the large tiles run the rest at 19 to 26.
   */
  static boolean largeTilesPay(Shape s) {
    FloatGemmKernel large = FloatGemmKernel.LARGE_TILES;
    Grid grid = tileGrid(large, s.m(), ConvWeightPacking.ceil4(s.outChannels()), s.batches(), 1);
    long workgroups =
        (long) grid.x() * grid.y() * splits(large, s.m(), s.k4(), s.outChannels(), s.batches());
    return workgroups >= LARGE_MIN_WORKGROUPS
        && 4L * s.m() * s.batches() >= 3L * grid.x() * large.tilePositions();
  }

  /**
   * Output channel groups per large tile: 16 (128 positions x 64 channels, 256 invocations) for a
   * GEMM of at most 16 groups, which the 32-group tile would leave half idle; else 32.
   *
   * @param oc4s the GEMM's output channel groups
   * @return the tile's groups
   */
  static int largeTileGroups(int oc4s) {
    return oc4s <= 16 ? 16 : FloatGemmKernel.LARGE_TILES.tileGroups();
  }

  /**
   * The workgroup grid of a workgroup-tile GEMM pass: position tiles, output channel tiles and the
   * batches times the splits of K. Tiles that run their positions on through the batches ({@link
   * FloatGemmKernel#spansBatches()}) have an x that covers all batches and a z of the splits alone.
   *
   * @param kernel a workgroup-tile kernel
   * @param m positions per batch
   * @param oc4s output channel groups
   * @param batches batches
   * @param splits splits of K
   * @return the grid
   */
  static Grid tileGrid(FloatGemmKernel kernel, int m, int oc4s, int batches, int splits) {
    if (kernel.spansBatches()) {
      int groups =
          kernel == FloatGemmKernel.LARGE_TILES ? largeTileGroups(oc4s) : kernel.tileGroups();
      return new Grid(
          QConvWeightPacking.ceilDiv(Math.multiplyExact(m, batches), kernel.tilePositions()),
          QConvWeightPacking.ceilDiv(oc4s, groups),
          splits);
    }
    return new Grid(
        QConvWeightPacking.ceilDiv(m, kernel.tilePositions()),
        QConvWeightPacking.ceilDiv(oc4s, kernel.tileGroups()),
        Math.multiplyExact(batches, splits));
  }

  /** The workgroup tiles of a GEMM's output on a kernel's tiles (one pass, all batches). */
  private static long tiles(FloatGemmKernel kernel, int m, int outChannels, int batches) {
    Grid grid = tileGrid(kernel, m, ConvWeightPacking.ceil4(outChannels), batches, 1);
    return (long) grid.x() * grid.y() * grid.z();
  }

  /**
   * Whether a GPU runs the GEMM faster on shared tiles: when the register-tile kernel would have
   * too few invocations to fill the GPU, most of all with a long K that shared tiles split. On an
   * H100 (bench-ops, ResNet50's shapes at batch 1, docs/benchmarks.md) shared tiles won 1.1x to
   * 7.9x below {@link #SHARED_MAX_INVOCATIONS} register invocations, or below twice that with K >=
   * 256, and lost up to 1.3x above; at batch 32 every ResNet50 GEMM is above and runs on register
   * or large tiles. Those figures predate session 17, when both kernels still kept their
   * accumulators in local memory; the thresholds are to be measured again.
   */
  static boolean sharedTilesPay(Shape s) {
    long invocations =
        (long) QConvWeightPacking.ceilDiv(s.m(), TILE_M)
            * ConvWeightPacking.ceil4(s.outChannels())
            * s.batches();
    return invocations < SHARED_MAX_INVOCATIONS
        || (s.k4() >= SHARED_LONG_K4 && invocations < 2L * SHARED_MAX_INVOCATIONS);
  }

  /**
   * Returns the splits of K of a shared-tile (or cooperative-matrix) GEMM.
   *
   * @param m positions per batch
   * @param k4 reduction groups of 4
   * @param outChannels output channels
   * @param batches batches
   * @return the splits (1: one pass)
   */
  static int splits(int m, int k4, int outChannels, int batches) {
    return splits(FloatGemmKernel.SHARED_TILES, m, k4, outChannels, batches);
  }

  /**
   * Returns the splits of K of a workgroup-tile GEMM on its kernel's tiles.
   *
   * @param kernel a kernel that splits K
   * @param m positions per batch
   * @param k4 reduction groups of 4
   * @param outChannels output channels
   * @param batches batches
   * @return the splits (1: one pass)
   */
  static int splits(FloatGemmKernel kernel, int m, int k4, int outChannels, int batches) {
    long tiles = tiles(kernel, m, outChannels, batches);
    int splits = 1;
    while (splits < MAX_SPLITS
        && tiles * splits < TARGET_WORKGROUPS
        && k4 / (splits * 2) >= MIN_K4_PER_SPLIT) {
      splits *= 2;
    }
    return splits;
  }

  /**
   * The GEMM's buffers.
   *
   * @param out the output (F32 or F16 NC4HW4, the input's storage)
   * @param in the input
   * @param weights the packed 4OC x 4IC weight blocks
   * @param bias the bias vector (zeros when the op has none)
   */
  record Operands(Value out, Value in, Value weights, Value bias) {
    /** The bindings of a GEMM pass writing {@code to} from these operands. */
    List<Binding> bindings(Value to) {
      return List.of(
          Binding.write(to), Binding.read(in), Binding.read(weights), Binding.read(bias));
    }
  }

  /**
   * A convolution whose im2col GEMM computes its input from the convolution's NC4HW4 input instead
   * of reading a scratch buffer ({@code gemm_input.glslh}): input channels a multiple of 4, one
   * group. The GEMM's positions are the whole output plane and its input's batch stride the
   * input's.
   *
   * @param inC4s input channel groups
   * @param inH input height
   * @param inW input width
   * @param outW output width
   * @param p the convolution's window
   */
  record Implicit(int inC4s, int inH, int inW, int outW, Conv2dParams p) {
    /** The kernels' specialization constants when the input is read at its strides. */
    private static final int[] NONE = {0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0};

    /** The specialization constants of {@code gemm_input.glslh} (ids 0 to 11). */
    int[] specValues() {
      return p.withWindowWalk(1, inC4s, inH, inW, outW);
    }

    /** The specialization constants of a GEMM reading {@code implicit}, or none. */
    static int[] specValues(Implicit implicit) {
      return implicit == null ? NONE.clone() : implicit.specValues();
    }
  }

  /**
   * Adds the GEMM's dispatches (one, or a split-K pass and its reduce pass), reading the input at
   * its strides.
   *
   * @param g the graph
   * @param op the op, for messages and profiles
   * @param o the buffers
   * @param s where the operands live
   * @param act the fused activation
   * @param plan the kernel and splits ({@link #plan})
   */
  static void dispatch(
      GraphBuilder g, String op, Operands o, Shape s, Activation act, GemmPlan plan) {
    dispatch(g, op, o, s, act, plan, null);
  }

  /**
   * Adds the GEMM's dispatches (one, or a split-K pass and its reduce pass).
   *
   * @param g the graph
   * @param op the op, for messages and profiles
   * @param o the buffers
   * @param s where the operands live
   * @param act the fused activation
   * @param plan the kernel and splits ({@link #plan})
   * @param implicit the convolution whose input the GEMM computes its own from, or null
   */
  static void dispatch(
      GraphBuilder g,
      String op,
      Operands o,
      Shape s,
      Activation act,
      GemmPlan plan,
      Implicit implicit) {
    int oc4s = ConvWeightPacking.ceil4(s.outChannels());
    DType storage = o.in().spec().dtype();
    if (plan.kernel().registerTiles()) {
      RegisterTile tile = RegisterTile.of(plan.kernel());
      TiledDispatch d =
          TiledDispatch.of(
              g.capabilities(),
              QConvWeightPacking.ceilDiv(s.m(), tile.positions()),
              QConvWeightPacking.ceilDiv(oc4s, tile.groups()),
              s.batches(),
              TiledDispatch.INVOCATIONS,
              op);
      ResidualFusion.note(
          g,
          o.out(),
          g.dispatch(
              op,
              registerPipeline(d, FloatStorage.kernel(tile.kernel(), storage), implicit),
              o.bindings(o.out()),
              words(s, oc4s, act, 0).build(),
              d.grid(),
              multiplyAdds(s)));
      return;
    }
    int splits = plan.splits();
    if (splits == 1) {
      dispatchShared(g, op, o, o.out(), s, act, 1, 0, plan.kernel(), implicit);
      return;
    }
    long perSplit = (long) s.batches() * oc4s * s.m();
    Value partial =
        g.intermediate(
            o.out().name() + ".splitk",
            TensorSpec.of(DType.F32, Layout.NC4HW4, splits, 4L * perSplit));
    Shape partialShape =
        new Shape(
            s.m(),
            s.k4(),
            s.outChannels(),
            s.batches(),
            s.inBatchStride(),
            s.inKStride(),
            s.inMStride(),
            (long) oc4s * s.m(),
            s.m(),
            1,
            0);
    dispatchShared(g, op, o, partial, partialShape, act, splits, perSplit, plan.kernel(), implicit);
    PushConstants push =
        PushConstants.words(13)
            .i(s.m())
            .i(oc4s)
            .i(s.outChannels())
            .i(s.batches())
            .i(splits)
            .i(Math.toIntExact(perSplit));
    byte[] reducePush = outputWords(push, s, act).build();
    ResidualFusion.note(
        g,
        o.out(),
        g.dispatch(
            op,
            OpSupport.linearKernel(
                FloatStorage.kernel(KernelId.GEMM_SPLIT_REDUCE_F32, o.out().spec().dtype())),
            List.of(Binding.write(o.out()), Binding.read(partial), Binding.read(o.bias())),
            reducePush,
            OpSupport.linearGrid(g, perSplit)));
  }

  /**
   * The pipeline of a register-tile pass: its workgroup size (specialization constants 0 to 2),
   * then the implicit input's (3 to 14).
   */
  private static PipelineKey registerPipeline(TiledDispatch d, KernelId kernel, Implicit implicit) {
    int[] input = Implicit.specValues(implicit);
    int[] values = new int[3 + input.length];
    values[0] = d.localX();
    values[1] = d.localY();
    values[2] = d.localZ();
    System.arraycopy(input, 0, values, 3, input.length);
    return PipelineKey.of(kernel, values);
  }

  /** A shared-tile pass into {@code to}: the output itself, or (splits > 1) the partial sums. */
  private static void dispatchShared(
      GraphBuilder g,
      String op,
      Operands o,
      Value to,
      Shape s,
      Activation act,
      int splits,
      long partialStride,
      FloatGemmKernel gemm,
      Implicit implicit) {
    int oc4s = ConvWeightPacking.ceil4(s.outChannels());
    byte[] push =
        words(s, oc4s, act, 2)
            .i(QConvWeightPacking.ceilDiv(s.k4(), splits))
            .i(Math.toIntExact(partialStride))
            .build();
    Grid grid = tileGrid(gemm, s.m(), oc4s, s.batches(), splits);
    int[] max = g.capabilities().maxWorkgroupCount();
    if (grid.x() > max[0] || grid.y() > max[1] || grid.z() > max[2]) {
      throw new IllegalArgumentException(
          op + ": GEMM grid " + grid + " exceeds the device's workgroup count limits");
    }
    KernelId kernel =
        switch (gemm) {
          case COOPMAT_F16_WIDE -> KernelId.GEMM_COOPMAT_WIDE_F16;
          case COOPMAT_F16_TALL -> KernelId.GEMM_COOPMAT_TALL_F16;
          case COOPMAT_F16 ->
              splits > 1 ? KernelId.GEMM_COOPMAT_PARTIAL_F16 : KernelId.GEMM_COOPMAT_F16;
          case LARGE_TILES ->
              FloatStorage.kernel(
                  splits > 1 ? KernelId.GEMM_LARGE_PARTIAL_F32 : KernelId.GEMM_LARGE_F32,
                  o.in().spec().dtype());
          default ->
              FloatStorage.kernel(
                  splits > 1 ? KernelId.GEMM_SHARED_PARTIAL_F32 : KernelId.GEMM_SHARED_F32,
                  o.in().spec().dtype());
        };
    int[] spec = Implicit.specValues(implicit);
    if (gemm == FloatGemmKernel.LARGE_TILES) {
      // Specialization constant 12: the workgroup size.
      spec = Arrays.copyOf(spec, spec.length + 1);
      spec[spec.length - 1] = LARGE_INVOCATIONS_PER_GROUP * largeTileGroups(oc4s);
    }
    DispatchNode node =
        g.dispatch(op, PipelineKey.of(kernel, spec), o.bindings(to), push, grid, multiplyAdds(s));
    if (splits == 1) {
      ResidualFusion.note(g, to, node);
    }
  }

  /**
   * The GEMM's multiply-adds for the profile: batches x positions x output channels x K, K rounded
   * up to whole channel groups.
   */
  private static long multiplyAdds(Shape s) {
    return (long) s.batches() * s.m() * s.outChannels() * 4L * s.k4();
  }

  /** The residual forms of the GEMM kernels' last passes (see {@link ResidualFusion}). */
  private static final Map<KernelId, KernelId> RESIDUAL_FORMS =
      Map.ofEntries(
          Map.entry(KernelId.GEMM_TILED_F32, KernelId.GEMM_TILED_ADD_F32),
          Map.entry(KernelId.GEMM_TILED_F16, KernelId.GEMM_TILED_ADD_F16),
          Map.entry(KernelId.GEMM_TILED_8X4_F32, KernelId.GEMM_TILED_ADD_8X4_F32),
          Map.entry(KernelId.GEMM_TILED_8X4_F16, KernelId.GEMM_TILED_ADD_8X4_F16),
          Map.entry(KernelId.GEMM_SHARED_F32, KernelId.GEMM_SHARED_ADD_F32),
          Map.entry(KernelId.GEMM_SHARED_F16, KernelId.GEMM_SHARED_ADD_F16),
          Map.entry(KernelId.GEMM_LARGE_F32, KernelId.GEMM_LARGE_ADD_F32),
          Map.entry(KernelId.GEMM_LARGE_F16, KernelId.GEMM_LARGE_ADD_F16),
          Map.entry(KernelId.GEMM_COOPMAT_F16, KernelId.GEMM_COOPMAT_ADD_F16),
          Map.entry(KernelId.GEMM_COOPMAT_WIDE_F16, KernelId.GEMM_COOPMAT_WIDE_ADD_F16),
          Map.entry(KernelId.GEMM_COOPMAT_TALL_F16, KernelId.GEMM_COOPMAT_TALL_ADD_F16),
          Map.entry(KernelId.GEMM_SPLIT_REDUCE_F32, KernelId.GEMM_SPLIT_REDUCE_ADD_F32),
          Map.entry(KernelId.GEMM_SPLIT_REDUCE_F16, KernelId.GEMM_SPLIT_REDUCE_ADD_F16));

  /**
   * Returns the form of a GEMM kernel that adds a residual to its result.
   *
   * @param kernel a kernel
   * @return its residual form, or null when it has none
   */
  static KernelId residualForm(KernelId kernel) {
    return RESIDUAL_FORMS.get(kernel);
  }

  /** The push constants the two kernels share (the shared-tile kernel appends two words). */
  private static PushConstants words(Shape s, int oc4s, Activation act, int extraWords) {
    PushConstants pc =
        PushConstants.words(15 + extraWords)
            .i(s.m())
            .i(s.k4())
            .i(oc4s)
            .i(s.outChannels())
            .i(s.batches())
            .i(Math.toIntExact(s.inBatchStride()))
            .i(Math.toIntExact(s.inKStride()))
            .i(Math.toIntExact(s.inMStride()));
    return outputWords(pc, s, act);
  }

  /** Appends the output's strides and offset and the activation: the last 7 words of both. */
  private static PushConstants outputWords(PushConstants pc, Shape s, Activation act) {
    return pc.i(Math.toIntExact(s.outBatchStride()))
        .i(Math.toIntExact(s.outOcStride()))
        .i(Math.toIntExact(s.outMStride()))
        .i(Math.toIntExact(s.outMOffset()))
        .i(act.kernelCode())
        .f(act.lo())
        .f(act.hi());
  }
}
