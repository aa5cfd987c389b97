package org.djlvulkan.backend.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.djlvulkan.backend.tensor.TensorSpec;

/**
 * The rules the fp32 and the int8 convolution selectors share: the geometry checks, the shape
 * conditions of the depthwise, pointwise and im2col kernels, and the checking of a forced kernel.
 */
final class ConvSelectorRules {
  private ConvSelectorRules() {}

  /** Why a depthwise kernel cannot run the shape, or empty when it can. */
  static Optional<String> whyNotDepthwise(Conv2dParams p, TensorSpec input, int outChannels) {
    int ic = input.c();
    return p.groups() == ic && outChannels % ic == 0
        ? Optional.empty()
        : Optional.of("needs groups == IC and OC a multiple of IC");
  }

  /** Why a pointwise GEMM cannot run the shape, or empty when it can. */
  static Optional<String> whyNotPointwise(Conv2dParams p) {
    return p.groups() == 1 && p.isPointwise()
        ? Optional.empty()
        : Optional.of("needs groups == 1, a 1x1 kernel, stride 1 and no padding");
  }

  /**
   * Why an im2col GEMM cannot run the shape, or empty when it can: it needs groups == 1 and one
   * unit of scratch ({@code unit}, e.g. "one output row of im2col scratch") within {@code
   * maxStorageBufferRange}.
   */
  static Optional<String> whyNotIm2col(
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
  static boolean directIsBlocked(Conv2dParams p, TensorSpec input, int outChannels) {
    int icpg = input.c() / p.groups();
    int ocpg = outChannels / p.groups();
    return p.groups() == 1 || (icpg % 4 == 0 && ocpg % 4 == 0);
  }

  /** The kernels, in declaration order, for which {@code whyNot} has no objection. */
  static <K> List<K> candidates(K[] kernels, Function<K, Optional<String>> whyNot) {
    List<K> out = new ArrayList<>();
    for (K k : kernels) {
      if (whyNot.apply(k).isEmpty()) {
        out.add(k);
      }
    }
    return out;
  }

  /**
   * Returns a forced kernel, or throws naming the shape ({@code described}) and why it cannot run.
   */
  static <K> K checkForced(K kernel, Optional<String> whyNot, String described) {
    if (whyNot.isPresent()) {
      throw new IllegalArgumentException(
          described + ": forced kernel " + kernel + " cannot run it: " + whyNot.get());
    }
    return kernel;
  }

  /**
   * Checks output channels, groups and the output size against the input; {@code op} names the
   * operator in the messages.
   */
  static void checkGeometry(String op, Conv2dParams p, TensorSpec input, int outChannels) {
    if (outChannels < 1) {
      throw new IllegalArgumentException(
          describe(op, p, input, outChannels) + ": output channels must be positive");
    }
    if (input.c() % p.groups() != 0 || outChannels % p.groups() != 0) {
      throw new IllegalArgumentException(
          describe(op, p, input, outChannels)
              + ": groups "
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
      throw new IllegalArgumentException(
          describe(op, p, input, outChannels) + ": " + e.getMessage());
    }
  }

  /** Names the operator, the input's NCHW shape, OC and the geometry, for error messages. */
  static String describe(String op, Conv2dParams p, TensorSpec input, int outChannels) {
    return op
        + ": input "
        + Arrays.toString(new int[] {input.n(), input.c(), input.h(), input.w()})
        + " -> "
        + outChannels
        + " channels, "
        + p;
  }
}
