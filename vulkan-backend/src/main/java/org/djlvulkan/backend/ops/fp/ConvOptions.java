package org.djlvulkan.backend.ops.fp;

import java.util.Optional;
import org.djlvulkan.backend.config.KernelPolicy;

/**
 * Options of a convolution op: a forced kernel, GEMM kernel and im2col form (benchmarks, tests) and
 * the memory budget of the im2col scratch.
 *
 * @param forcedKernel the kernel to use instead of the selector's choice, or empty
 * @param forcedGemm the GEMM kernel of pointwise and im2col convolution to use instead of the
 *     device's default, or empty
 * @param im2colBudgetBytes the largest im2col scratch; above it the convolution is split over
 *     output rows into several im2col + GEMM pairs (the device's {@code maxStorageBufferRange} caps
 *     it too)
 * @param im2colMinOutChannels output channels from which the selector prefers im2col + GEMM to the
 *     direct kernel ({@link ConvKernelSelector#IM2COL_MIN_OUT_CHANNELS}; GPUs get {@link
 *     ConvKernelSelector#GPU_IM2COL_MIN_OUT_CHANNELS} through {@link #forDevice})
 * @param im2col how im2col convolution reads its input instead of the device's kernel policy, or
 *     empty
 */
public record ConvOptions(
    Optional<ConvKernel> forcedKernel,
    Optional<FloatGemmKernel> forcedGemm,
    long im2colBudgetBytes,
    int im2colMinOutChannels,
    Optional<KernelPolicy.Im2col> im2col) {
  /** The default im2col scratch budget: 64 MiB. */
  public static final long DEFAULT_IM2COL_BUDGET = 64L << 20;

  /** The selector's choice and the default budget. */
  public static final ConvOptions DEFAULT =
      new ConvOptions(
          Optional.empty(),
          Optional.empty(),
          DEFAULT_IM2COL_BUDGET,
          ConvKernelSelector.IM2COL_MIN_OUT_CHANNELS,
          Optional.empty());

  /** Checks the budget. */
  public ConvOptions {
    if (im2colBudgetBytes < 16) {
      throw new IllegalArgumentException("im2col budget too small: " + im2colBudgetBytes);
    }
  }

  /**
   * Returns the default options with a forced kernel.
   *
   * @param kernel the kernel
   * @return the options
   */
  public static ConvOptions forcing(ConvKernel kernel) {
    return new ConvOptions(
        Optional.of(kernel),
        Optional.empty(),
        DEFAULT_IM2COL_BUDGET,
        DEFAULT.im2colMinOutChannels,
        Optional.empty());
  }

  /**
   * Returns a copy with another im2col budget.
   *
   * @param bytes the budget
   * @return the options
   */
  public ConvOptions withIm2colBudget(long bytes) {
    return new ConvOptions(forcedKernel, forcedGemm, bytes, im2colMinOutChannels, im2col);
  }

  /**
   * Returns a copy with a forced GEMM kernel.
   *
   * @param kernel the GEMM kernel
   * @return the options
   */
  public ConvOptions withGemm(FloatGemmKernel kernel) {
    return new ConvOptions(
        forcedKernel, Optional.of(kernel), im2colBudgetBytes, im2colMinOutChannels, im2col);
  }

  /**
   * Returns a copy that reads im2col input as {@code choice} says, whatever the device's policy.
   *
   * @param choice scratch or implicit
   * @return the options
   */
  public ConvOptions withIm2col(KernelPolicy.Im2col choice) {
    return new ConvOptions(
        forcedKernel, forcedGemm, im2colBudgetBytes, im2colMinOutChannels, Optional.of(choice));
  }

  /**
   * Returns the default options for a device: on GPUs im2col from {@link
   * ConvKernelSelector#GPU_IM2COL_MIN_OUT_CHANNELS} output channels.
   *
   * @param gpu whether the device is a GPU (not a CPU driver)
   * @return the options
   */
  public static ConvOptions forDevice(boolean gpu) {
    return gpu
        ? new ConvOptions(
            Optional.empty(),
            Optional.empty(),
            DEFAULT_IM2COL_BUDGET,
            ConvKernelSelector.GPU_IM2COL_MIN_OUT_CHANNELS,
            Optional.empty())
        : DEFAULT;
  }
}
