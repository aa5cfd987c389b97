package org.djlvulkan.backend.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongBiFunction;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.vk.DeviceCapabilities;

/**
 * The skeleton the fp32 and the int8 convolution selectors share: the geometry and input checks,
 * the one shape rule per {@link ConvFamily}, the candidates of a shape, and the checking of a
 * forced kernel. Each selector holds one, configured with its kernels, and adds only its own choice
 * and plan.
 *
 * @param <K> the selector's kernel enum
 */
public final class ConvSelectorRules<K extends Enum<K>> {
  /** Says what is wrong with an input for a selector's kernels, or empty when nothing is. */
  public interface InputCheck {
    Optional<String> problem(TensorSpec input);
  }

  private final String op;
  private final K[] kernels;
  private final Function<K, ConvFamily> family;
  private final String im2colUnit;
  private final ToLongBiFunction<Conv2dParams, TensorSpec> im2colUnitBytes;
  private final InputCheck inputCheck;

  /**
   * Creates the rules of one selector.
   *
   * @param op the operator's name for messages
   * @param kernels the selector's kernels, in candidate order
   * @param family each kernel's family
   * @param im2colUnit the smallest piece of im2col scratch the kernels need, for messages
   * @param im2colUnitBytes its size in bytes for a shape
   * @param inputCheck the input tensors the kernels take
   */
  public ConvSelectorRules(
      String op,
      K[] kernels,
      Function<K, ConvFamily> family,
      String im2colUnit,
      ToLongBiFunction<Conv2dParams, TensorSpec> im2colUnitBytes,
      InputCheck inputCheck) {
    this.op = op;
    this.kernels = kernels.clone();
    this.family = family;
    this.im2colUnit = im2colUnit;
    this.im2colUnitBytes = im2colUnitBytes;
    this.inputCheck = inputCheck;
  }

  /** Checks the input and the geometry, or throws naming the shape. */
  public void checkShape(Conv2dParams p, TensorSpec input, int outChannels) {
    Optional<String> problem = shapeProblem(p, input, outChannels);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(describe(p, input, outChannels) + ": " + problem.get());
    }
  }

  /**
   * Returns what is wrong with the input or the geometry, or empty when every kernel's own rules
   * may be asked.
   *
   * @param p the convolution's geometry
   * @param input the input
   * @param outChannels OC
   * @return the problem
   */
  public Optional<String> shapeProblem(Conv2dParams p, TensorSpec input, int outChannels) {
    Optional<String> problem = inputCheck.problem(input);
    return problem.isPresent() ? problem : geometryProblem(p, input, outChannels);
  }

  /**
   * Returns why a kernel cannot run a (valid) shape, or empty when it can.
   *
   * @param kernel the kernel
   * @param p the convolution's geometry
   * @param input the input
   * @param outChannels OC
   * @param caps the device's features and limits
   * @return the reason
   */
  public Optional<String> whyNot(
      K kernel, Conv2dParams p, TensorSpec input, int outChannels, DeviceCapabilities caps) {
    return whyNot(
        family.apply(kernel),
        p,
        input,
        outChannels,
        im2colUnit,
        im2colUnitBytes.applyAsLong(p, input),
        caps.maxStorageBufferRange());
  }

  /**
   * Returns every kernel that can run the shape, in the kernels' order (for benchmarks and tests).
   *
   * @param p the convolution's geometry
   * @param input the input
   * @param outChannels OC
   * @param caps the device's features and limits
   * @return the kernels
   */
  public List<K> candidates(
      Conv2dParams p, TensorSpec input, int outChannels, DeviceCapabilities caps) {
    checkShape(p, input, outChannels);
    List<K> out = new ArrayList<>();
    for (K k : kernels) {
      if (whyNot(k, p, input, outChannels, caps).isEmpty()) {
        out.add(k);
      }
    }
    return out;
  }

  /**
   * Returns the forced kernel after checking that it can run the shape, else the selector's choice.
   */
  public K pick(
      Optional<K> forced,
      Conv2dParams p,
      TensorSpec input,
      int outChannels,
      DeviceCapabilities caps,
      Supplier<K> choice) {
    if (forced.isEmpty()) {
      return choice.get();
    }
    Optional<String> why = whyNot(forced.get(), p, input, outChannels, caps);
    if (why.isPresent()) {
      throw new IllegalArgumentException(
          describe(p, input, outChannels)
              + ": forced kernel "
              + forced.get()
              + " cannot run it: "
              + why.get());
    }
    return forced.get();
  }

  /** Names the operator, the input's NCHW shape, OC and the geometry, for error messages. */
  public String describe(Conv2dParams p, TensorSpec input, int outChannels) {
    return describe(op, p, input, outChannels);
  }

  /**
   * Why a kernel of a family cannot run a (valid) shape, or empty when it can: the one rule per
   * family that both selectors apply.
   *
   * @param family the kernel's family
   * @param p the convolution's geometry
   * @param input the input
   * @param outChannels OC
   * @param im2colUnit the smallest piece of im2col scratch the kernel needs, for messages
   * @param im2colUnitBytes its size in bytes
   * @param maxStorageBufferRange the device's limit
   * @return the reason, or empty
   */
  private static Optional<String> whyNot(
      ConvFamily family,
      Conv2dParams p,
      TensorSpec input,
      int outChannels,
      String im2colUnit,
      long im2colUnitBytes,
      long maxStorageBufferRange) {
    switch (family) {
      case DEPTHWISE:
        return whyNotDepthwise(p, input, outChannels);
      case POINTWISE:
        return whyNotPointwise(p);
      case IM2COL:
        return whyNotIm2col(p, im2colUnit, im2colUnitBytes, maxStorageBufferRange);
      default:
        return Optional.empty();
    }
  }

  /** Why a depthwise kernel cannot run the shape, or empty when it can. */
  private static Optional<String> whyNotDepthwise(
      Conv2dParams p, TensorSpec input, int outChannels) {
    int ic = input.c();
    return p.groups() == ic && outChannels % ic == 0
        ? Optional.empty()
        : Optional.of("needs groups == IC and OC a multiple of IC");
  }

  /** Why a pointwise GEMM cannot run the shape, or empty when it can. */
  private static Optional<String> whyNotPointwise(Conv2dParams p) {
    return p.groups() == 1 && p.isPointwise()
        ? Optional.empty()
        : Optional.of("needs groups == 1, a 1x1 kernel, stride 1 and no padding");
  }

  /**
   * Why an im2col GEMM cannot run the shape, or empty when it can: it needs groups == 1 and one
   * unit of scratch ({@code unit}, e.g. "one output row of im2col scratch") within {@code
   * maxStorageBufferRange}.
   */
  private static Optional<String> whyNotIm2col(
      Conv2dParams p, String unit, long unitBytes, long maxStorageBufferRange) {
    if (p.groups() != 1) {
      return Optional.of("needs groups == 1");
    }
    return unitBytes <= maxStorageBufferRange
        ? Optional.empty()
        : Optional.of(
            unit
                + " takes "
                + unitBytes
                + " bytes, more than maxStorageBufferRange "
                + maxStorageBufferRange);
  }

  /**
   * Whether the sliding-window kernel can take its blocked form: groups == 1, or channels per group
   * a multiple of 4 on both sides.
   */
  public static boolean directIsBlocked(Conv2dParams p, TensorSpec input, int outChannels) {
    int icpg = input.c() / p.groups();
    int ocpg = outChannels / p.groups();
    return p.groups() == 1 || (icpg % 4 == 0 && ocpg % 4 == 0);
  }

  /**
   * Checks output channels, groups and the output size against the input; {@code op} names the
   * operator in the messages.
   */
  private static Optional<String> geometryProblem(
      Conv2dParams p, TensorSpec input, int outChannels) {
    if (outChannels < 1) {
      return Optional.of("output channels must be positive");
    }
    if (input.c() % p.groups() != 0 || outChannels % p.groups() != 0) {
      return Optional.of(
          "groups "
              + p.groups()
              + " must divide input channels "
              + input.c()
              + " and output channels "
              + outChannels);
    }
    try {
      p.outH(input.h());
      p.outW(input.w());
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
    return Optional.empty();
  }

  /** Names the operator, the input's NCHW shape, OC and the geometry, for error messages. */
  private static String describe(String op, Conv2dParams p, TensorSpec input, int outChannels) {
    return op
        + ": input "
        + Arrays.toString(new int[] {input.n(), input.c(), input.h(), input.w()})
        + " -> "
        + outChannels
        + " channels, "
        + p;
  }
}
