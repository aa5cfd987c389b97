package org.djlvulkan.backend.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.djlvulkan.backend.ops.fp.ElementwiseOps;
import org.djlvulkan.backend.testing.GraphRunner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every element-wise function of {@link UnaryFunction} on the GPU against its double-precision host
 * reference: random values, the edges of each function's domain, infinities and NaN, over a channel
 * count that leaves padded lanes in NC4HW4.
 */
@ExtendWith(VulkanExtension.class)
class UnaryFunctionTest {
  /** 5 channels: one full block of 4 and one with 3 padded lanes. */
  private static final long[] SHAPE = {2, 5, 3, 4};

  private static final float[] EDGES = {
    0f,
    -0f,
    1e-3f,
    -1e-3f,
    0.5f,
    -0.5f,
    1.5f,
    -1.5f,
    2.5f,
    -2.5f,
    3f,
    -3f,
    15f,
    -15f,
    30f,
    -30f,
    88f,
    -88f,
    1e-30f,
    Float.MIN_NORMAL,
    Float.POSITIVE_INFINITY,
    Float.NEGATIVE_INFINITY,
    Float.NaN
  };

  private static float[] input(long seed) {
    int count = (int) (SHAPE[0] * SHAPE[1] * SHAPE[2] * SHAPE[3]);
    float[] x = new float[count];
    Random r = new Random(seed);
    for (int i = 0; i < count; i++) {
      x[i] = i < EDGES.length ? EDGES[i] : (r.nextFloat() * 2 - 1) * 6;
    }
    return x;
  }

  private static float alpha(UnaryFunction f) {
    switch (f) {
      case HARD_SIGMOID:
        return 0.2f;
      case HARD_SWISH:
        return 1f / 6f;
      case LEAKY_RELU:
        return 0.1f;
      case ELU:
        return 0.7f;
      case SELU:
        return UnaryCall.SELU_ALPHA;
      case AFFINE:
        return 0.37f;
      case SHRINK:
        return 0.5f;
      case THRESHOLDED_RELU:
        return 0.75f;
      case CELU:
        return 1.3f;
      default:
        return 0f;
    }
  }

  private static float beta(UnaryFunction f) {
    switch (f) {
      case HARD_SIGMOID:
      case HARD_SWISH:
        return 0.5f;
      case SELU:
        return UnaryCall.SELU_GAMMA;
      case AFFINE:
        return -1.25f;
      case SHRINK:
        return 0.25f;
      default:
        return 0f;
    }
  }

  @ParameterizedTest
  @EnumSource(UnaryFunction.class)
  void matchesTheHostReference(UnaryFunction f) {
    float[] x = input(f.ordinal());
    float a = alpha(f);
    float b = beta(f);
    float[] y =
        GraphRunner.runFloats(
            VulkanExtension.device(),
            SHAPE,
            x,
            c ->
                LayoutOps.toNchwOutput(
                    c.g(),
                    ElementwiseOps.unary(c.g(), LayoutOps.toNc4hw4(c.g(), c.input()), f, a, b)));
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      float expected = (float) f.apply(x[i], a, b);
      boolean ok =
          Float.isNaN(expected) || Float.isInfinite(expected)
              ? Float.valueOf(y[i]).equals(expected)
              : Math.abs(y[i] - (double) expected) <= 2e-6 + 2e-5 * Math.abs(expected);
      if (!ok) {
        wrong.add(f + "(" + x[i] + ") = " + y[i] + ", expected " + expected);
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void theHostErfIsAccurateToDoublePrecision() {
    // Values of erf from tables (Abramowitz and Stegun 7.1, to 15 digits where given).
    assertThat(UnaryFunction.erf(0.5)).isCloseTo(0.520499877813047, offset(1e-15));
    assertThat(UnaryFunction.erf(1.0)).isCloseTo(0.842700792949715, offset(1e-15));
    assertThat(UnaryFunction.erf(2.0)).isCloseTo(0.995322265018953, offset(1e-15));
    assertThat(UnaryFunction.erf(3.0)).isCloseTo(0.999977909503001, offset(1e-15));
    assertThat(UnaryFunction.erf(-1.5)).isCloseTo(-0.966105146475311, offset(1e-15));
    assertThat(UnaryFunction.erf(0)).isZero();
    assertThat(UnaryFunction.erf(40)).isEqualTo(1.0);
  }

  private static Offset<Double> offset(double v) {
    return Offset.offset(v);
  }
}
