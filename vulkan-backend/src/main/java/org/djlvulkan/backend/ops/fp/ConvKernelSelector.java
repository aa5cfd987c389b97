package org.djlvulkan.backend.ops.fp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.djlvulkan.backend.config.KernelPolicy;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.ops.ConvSelectorRules;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.vk.DeviceCapabilities;

/**
 * The one place that decides how an fp32 convolution runs (DESIGN.md section 1), checked in this
 * order:
 *
 * <ol>
 *   <li>groups == IC and OC a multiple of IC: {@link ConvKernel#DEPTHWISE} (3x3 fast path);
 *   <li>groups == 1, 1x1, stride 1, no padding: {@link ConvKernel#POINTWISE} (tiled GEMM);
 *   <li>groups == 1: {@link ConvKernel#IM2COL} when one output row of scratch fits {@code
 *       maxStorageBufferRange} and either OC &gt;= {@link #IM2COL_MIN_OUT_CHANNELS} or IC % 4 != 0
 *       with more than one kernel tap (the direct kernel pads every tap's input channels to a
 *       multiple of 4, im2col packs K = IC * KH * KW densely: the ResNet50 stem ran 1.5x faster
 *       with im2col on lavapipe); else {@link ConvKernel#DIRECT};
 *   <li>everything else: {@link ConvKernel#DIRECT}.
 * </ol>
 *
 * <p>All kernels read and write NC4HW4. For pointwise and im2col convolution the plan also holds
 * the GEMMs' kernels ({@link TiledGemm#plan}: register, shared-memory or cooperative-matrix tiles,
 * splits of K) and whether im2col runs implicitly. Nothing else re-derives these decisions: the op
 * builder executes the returned {@link ConvPlan}.
 */
public final class ConvKernelSelector {
  private static final String OP = "aten.convolution.default";

  /** The shape rules of this selector's kernels (candidates, why a kernel cannot run). */
  public static final ConvSelectorRules<ConvKernel> RULES =
      new ConvSelectorRules<>(
          OP,
          ConvKernel.values(),
          ConvKernel::family,
          "one output row of im2col scratch",
          ConvKernelSelector::im2colBytesPerRow,
          ConvKernelSelector::inputProblem);

  /**
   * Output channels from which im2col + GEMM is chosen over the direct kernel. ET-VK used 128; on
   * an H200 (bench-ops, docs/benchmarks.md) im2col lost by 14% at 128 channels (3x3 at 28x28) and
   * won or tied from 256 up, and lavapipe showed the same crossover.
   */
  public static final int IM2COL_MIN_OUT_CHANNELS = 256;

  /**
   * The same on GPUs, where the GEMM behind im2col runs on shared-memory tiles or tensor cores: on
   * an H100 im2col took 66 us against the direct kernel's 113-131 us for ResNet50's 128-channel 3x3
   * convolutions and tied at 64 channels (docs/benchmarks.md), and with fp16 cooperative matrices
   * the direct kernel's 7 convolutions were 970 of ResNet50's 1,600 us at batch 1.
   */
  public static final int GPU_IM2COL_MIN_OUT_CHANNELS = 64;

  private ConvKernelSelector() {}

  /**
   * Chooses the kernel, or checks and plans a forced one, with its GEMMs planned as for a CPU
   * driver under the default kernel policy: for callers that read the kernel family and the im2col
   * geometry (kernel tests, the micro-benchmark's kernel list); a graph's convolutions are planned
   * with {@link #select(Conv2dParams, TensorSpec, int, GemmDevice, ConvOptions)} for their device.
   *
   * @param p the convolution's geometry
   * @param input the input (F32 NC4HW4, {@code [N, IC, H, W]})
   * @param outChannels OC
   * @param caps the device's limits
   * @param options forced kernel, im2col budget and threshold
   * @return the plan
   * @throws IllegalArgumentException for an invalid shape, or a forced kernel that cannot run it
   */
  public static ConvPlan select(
      Conv2dParams p,
      TensorSpec input,
      int outChannels,
      DeviceCapabilities caps,
      ConvOptions options) {
    return select(
        p, input, outChannels, new GemmDevice(caps, KernelPolicy.DEFAULT, false), options);
  }

  /**
   * Chooses the kernel, or checks and plans a forced one, with its GEMMs' kernels for a device.
   *
   * @param p the convolution's geometry
   * @param input the input (F32 or F16 NC4HW4, {@code [N, IC, H, W]})
   * @param outChannels OC
   * @param device the device's limits, kernel policy and type
   * @param options forced kernel, GEMM kernel and im2col form, im2col budget and threshold
   * @return the plan
   * @throws IllegalArgumentException for an invalid shape, or a forced kernel that cannot run it
   */
  public static ConvPlan select(
      Conv2dParams p, TensorSpec input, int outChannels, GemmDevice device, ConvOptions options) {
    DeviceCapabilities caps = device.caps();
    RULES.checkShape(p, input, outChannels);
    ConvKernel kernel =
        RULES.pick(
            options.forcedKernel(),
            p,
            input,
            outChannels,
            caps,
            () -> choose(p, input, outChannels, caps, options.im2colMinOutChannels()));
    ConvPlan plan = plan(kernel, p, input, outChannels, caps, options.im2colBudgetBytes());
    return withGemms(plan, p, input, outChannels, device, options);
  }

  /**
   * Plans the GEMMs of a pointwise or im2col convolution: the implicit im2col form where the
   * options or the policy ask for it, groups are 1 and (under {@code auto}) its GEMM runs on
   * workgroup tiles; else one GEMM per scratch chunk. Input channels that are not a multiple of 4
   * reach the implicit GEMM padded (its K has whole channel groups per tap, the padded ones zero):
   * a 3-channel stem reads 4 per tap, 196 of K for 147, where the scratch form's im2col pass
   * gathered every channel one by one, in pieces at large batches.
   */
  private static ConvPlan withGemms(
      ConvPlan plan,
      Conv2dParams p,
      TensorSpec in,
      int outChannels,
      GemmDevice device,
      ConvOptions options) {
    List<GemmPlan> gemms = new ArrayList<>();
    boolean implicit = false;
    if (plan.kernel() == ConvKernel.POINTWISE) {
      gemms.add(gemm(device, ConvGemmShapes.pointwise(in, outChannels), in, options));
    } else if (plan.kernel() == ConvKernel.IM2COL) {
      KernelPolicy.Im2col choice = options.im2col().orElse(device.policy().im2col());
      if (choice != KernelPolicy.Im2col.SCRATCH && p.groups() == 1) {
        GemmPlan g = gemm(device, ConvGemmShapes.implicit(in, p, plan, outChannels), in, options);
        implicit = choice != KernelPolicy.Im2col.AUTO || !g.kernel().registerTiles();
        if (implicit) {
          gemms.add(g);
        }
      }
      for (int row0 = 0; !implicit && row0 < plan.outH(); row0 += plan.im2colRowsPerChunk()) {
        int rows = Math.min(plan.im2colRowsPerChunk(), plan.outH() - row0);
        TiledGemm.Shape s =
            ConvGemmShapes.chunk(in, p, plan.outH(), plan.outW(), row0, rows, outChannels);
        gemms.add(gemm(device, s, in, options));
      }
    }
    return new ConvPlan(
        plan.kernel(),
        plan.variant(),
        plan.inputLayout(),
        plan.outputLayout(),
        plan.outH(),
        plan.outW(),
        plan.im2colRowsPerChunk(),
        plan.im2colScratchBytes(),
        implicit,
        gemms);
  }

  private static GemmPlan gemm(
      GemmDevice device, TiledGemm.Shape s, TensorSpec in, ConvOptions options) {
    return TiledGemm.plan(device, s, in.dtype(), options.forcedGemm());
  }

  private static ConvKernel choose(
      Conv2dParams p,
      TensorSpec input,
      int outChannels,
      DeviceCapabilities caps,
      int im2colMinOutChannels) {
    for (ConvKernel special : List.of(ConvKernel.DEPTHWISE, ConvKernel.POINTWISE)) {
      if (RULES.whyNot(special, p, input, outChannels, caps).isEmpty()) {
        return special;
      }
    }
    boolean paddedTaps = input.c() % 4 != 0 && p.kernelH() * p.kernelW() > 1;
    if (p.groups() == 1
        && (outChannels >= im2colMinOutChannels || paddedTaps)
        && RULES.whyNot(ConvKernel.IM2COL, p, input, outChannels, caps).isEmpty()) {
      return ConvKernel.IM2COL;
    }
    return ConvKernel.DIRECT;
  }

  private static ConvPlan plan(
      ConvKernel kernel,
      Conv2dParams p,
      TensorSpec input,
      int outChannels,
      DeviceCapabilities caps,
      long budget) {
    int outH = p.outH(input.h());
    int outW = p.outW(input.w());
    int rows = 0;
    long scratch = 0;
    ConvVariant variant;
    switch (kernel) {
      case DEPTHWISE:
        variant =
            p.kernelH() == 3 && p.kernelW() == 3
                ? ConvVariant.DEPTHWISE_3X3
                : ConvVariant.DEPTHWISE;
        break;
      case POINTWISE:
        variant = ConvVariant.POINTWISE_GEMM;
        break;
      case IM2COL:
        variant = ConvVariant.IM2COL_GEMM;
        long perRow = im2colBytesPerRow(p, input);
        long limit = Math.min(budget, caps.maxStorageBufferRange());
        rows = (int) Math.max(1, Math.min(outH, limit / perRow));
        scratch = perRow * rows;
        break;
      default:
        variant =
            ConvSelectorRules.directIsBlocked(p, input, outChannels)
                ? ConvVariant.DIRECT_BLOCKED
                : ConvVariant.DIRECT_GATHER;
        break;
    }
    return new ConvPlan(
        kernel, variant, Layout.NC4HW4, Layout.NC4HW4, outH, outW, rows, scratch, false, List.of());
  }

  /** Bytes of one output row of im2col scratch over the whole batch. */
  static long im2colBytesPerRow(Conv2dParams p, TensorSpec input) {
    long kprime = (long) input.c() * p.kernelH() * p.kernelW();
    return input.n() * TensorSpec.ceil4(kprime) * p.outW(input.w()) * 16L;
  }

  private static Optional<String> inputProblem(TensorSpec input) {
    boolean floatBlocked =
        (input.dtype() == DType.F32 || input.dtype() == DType.F16)
            && input.layout() == Layout.NC4HW4;
    return floatBlocked && input.rank() <= 4
        ? Optional.empty()
        : Optional.of("input must be F32 or F16 NC4HW4 of rank <= 4");
  }

  static String describe(Conv2dParams p, TensorSpec input, int outChannels) {
    return RULES.describe(p, input, outChannels);
  }
}
