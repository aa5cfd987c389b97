package org.djlvulkan.backend.ops.int8;

import java.util.Optional;
import java.util.function.Consumer;
import org.djlvulkan.backend.config.KernelPolicy;
import org.djlvulkan.backend.tensor.Layout;

/**
 * Options of a q8ta convolution: a forced kernel (benchmarks, tests), the output layout the
 * consumer needs, a forced int8 dot path and the memory budget of the im2col scratch.
 *
 * @param forcedKernel the kernel to use instead of the selector's choice, or empty
 * @param outputLayout {@link Layout#INT8_4C1W} or {@link Layout#INT8_4W4C}, or empty for the
 *     kernel's own (4W4C for the GEMM kernels, 4C1W for the sliding-window ones)
 * @param dotPath the dot path to use, or empty for {@link Int8DotPath#preferred}
 * @param im2colBudgetBytes the largest im2col scratch; above it the convolution is split over
 *     output pixels into several im2col + GEMM pairs (the device's {@code maxStorageBufferRange}
 *     caps it too)
 * @param gemmSplits reduction slices of the GEMM kernels (pointwise, im2col): 0 for the selector's
 *     choice, 1 for one pass, more for a split-K GEMM whose int32 partial sums a second pass adds
 *     and requantizes
 * @param gemmTiling how the GEMM kernels without cooperative matrices stage their operands, or
 *     empty for the selector's choice
 * @param policy the int8 dot product and cooperative-matrix choices the selector follows, or empty
 *     for the graph's ({@code GraphBuilder#kernelPolicy}; a selector called without a graph uses
 *     {@link KernelPolicy#DEFAULT})
 */
public record QConvOptions(
    Optional<QConvKernel> forcedKernel,
    Optional<Layout> outputLayout,
    Optional<Int8DotPath> dotPath,
    long im2colBudgetBytes,
    int gemmSplits,
    Optional<QConvGemmTiling> gemmTiling,
    Optional<KernelPolicy> policy) {
  /** The default im2col scratch budget: 64 MiB. */
  public static final long DEFAULT_IM2COL_BUDGET = 64L << 20;

  /** The selector's choice, the kernel's output layout, the preferred dot path. */
  public static final QConvOptions DEFAULT =
      new QConvOptions(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          DEFAULT_IM2COL_BUDGET,
          0,
          Optional.empty(),
          Optional.empty());

  /** Checks the layout, the budget and the split count. */
  public QConvOptions {
    if (outputLayout.isPresent() && !outputLayout.get().isInt8Packed()) {
      throw new IllegalArgumentException(
          "q8ta convolution output layout must be INT8_4C1W or INT8_4W4C, got "
              + outputLayout.get());
    }
    if (im2colBudgetBytes < 16) {
      throw new IllegalArgumentException("im2col budget too small: " + im2colBudgetBytes);
    }
    if (gemmSplits < 0) {
      throw new IllegalArgumentException("GEMM reduction slices must be >= 0, got " + gemmSplits);
    }
  }

  /**
   * Returns the default options with a forced kernel.
   *
   * @param kernel the kernel
   * @return the options
   */
  public static QConvOptions forcing(QConvKernel kernel) {
    return DEFAULT.withKernel(kernel);
  }

  /**
   * Returns a copy with a forced kernel.
   *
   * @param kernel the kernel
   * @return the options
   */
  public QConvOptions withKernel(QConvKernel kernel) {
    return with(c -> c.forcedKernel = Optional.of(kernel));
  }

  /**
   * Returns a copy with an output layout.
   *
   * @param layout {@link Layout#INT8_4C1W} or {@link Layout#INT8_4W4C}
   * @return the options
   */
  public QConvOptions withOutputLayout(Layout layout) {
    return with(c -> c.outputLayout = Optional.of(layout));
  }

  /**
   * Returns a copy with a forced dot path.
   *
   * @param path the path
   * @return the options
   */
  public QConvOptions withDotPath(Int8DotPath path) {
    return with(c -> c.dotPath = Optional.of(path));
  }

  /**
   * Returns a copy with another im2col budget.
   *
   * @param bytes the budget
   * @return the options
   */
  public QConvOptions withIm2colBudget(long bytes) {
    return with(c -> c.im2colBudgetBytes = bytes);
  }

  /**
   * Returns a copy with a forced number of GEMM reduction slices (split K), for tests and
   * benchmarks; the selector caps it at the reduction's K4.
   *
   * @param splits 0 for the selector's choice, 1 for one pass, more for split K
   * @return the options
   */
  public QConvOptions withGemmSplits(int splits) {
    return with(c -> c.gemmSplits = splits);
  }

  /**
   * Returns a copy with a forced GEMM tiling, for tests and benchmarks.
   *
   * @param tiling the tiling
   * @return the options
   */
  public QConvOptions withGemmTiling(QConvGemmTiling tiling) {
    return with(c -> c.gemmTiling = Optional.of(tiling));
  }

  /**
   * Returns a copy under another kernel policy (the int8 dot product and cooperative-matrix
   * choices; a forced dot path still wins).
   *
   * @param kernelPolicy the policy
   * @return the new options
   */
  public QConvOptions withPolicy(KernelPolicy kernelPolicy) {
    return with(c -> c.policy = Optional.of(kernelPolicy));
  }

  /**
   * Returns these options completed for a device: its kernel policy unless they carry one, and on a
   * CPU driver one GEMM pass where the split count is left to the selector (a CPU driver runs
   * workgroups on a few threads, which a GEMM's tiles already keep busy: a split reduction only
   * adds passes there; ResNet50 int8 on lavapipe, batch 1: 326 ms with one pass per GEMM, 369-390
   * ms split).
   *
   * @param devicePolicy the device's kernel policy
   * @param gpu whether the device is a GPU (not a CPU driver)
   * @return the options
   */
  public QConvOptions forDevice(KernelPolicy devicePolicy, boolean gpu) {
    QConvOptions resolved = policy.isPresent() ? this : withPolicy(devicePolicy);
    return gemmSplits == 0 && !gpu ? resolved.withGemmSplits(1) : resolved;
  }

  /**
   * Returns the policy the selector follows: this one's, else the default.
   *
   * @return the policy
   */
  public KernelPolicy effectivePolicy() {
    return policy.orElse(KernelPolicy.DEFAULT);
  }

  /** Returns a copy with one change made to a mutable copy. */
  private QConvOptions with(Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return c.build();
  }

  /** A mutable copy of the options, for the {@code with} methods. */
  private static final class Copy {
    private Optional<QConvKernel> forcedKernel;
    private Optional<Layout> outputLayout;
    private Optional<Int8DotPath> dotPath;
    private long im2colBudgetBytes;
    private int gemmSplits;
    private Optional<QConvGemmTiling> gemmTiling;
    private Optional<KernelPolicy> policy;

    Copy(QConvOptions o) {
      forcedKernel = o.forcedKernel();
      outputLayout = o.outputLayout();
      dotPath = o.dotPath();
      im2colBudgetBytes = o.im2colBudgetBytes();
      gemmSplits = o.gemmSplits();
      gemmTiling = o.gemmTiling();
      policy = o.policy();
    }

    QConvOptions build() {
      return new QConvOptions(
          forcedKernel, outputLayout, dotPath, im2colBudgetBytes, gemmSplits, gemmTiling, policy);
    }
  }
}
