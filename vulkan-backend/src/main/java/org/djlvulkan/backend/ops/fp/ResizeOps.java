package org.djlvulkan.backend.ops.fp;

import java.util.List;
import java.util.Locale;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ops.OpSupport;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.shaders.KernelId;

/** Resizes H and W of NC4HW4 fp32 values (ONNX Resize and Upsample; kernel resize2d). */
public final class ResizeOps {
  private static final String OP = "aten.upsample.vec";

  /** How an output coordinate maps to the input (ONNX {@code coordinate_transformation_mode}). */
  public static final List<String> COORDINATE_MODES =
      List.of(
          "half_pixel",
          "pytorch_half_pixel",
          "align_corners",
          "asymmetric",
          "tf_half_pixel_for_nn");

  /** How nearest rounds (ONNX {@code nearest_mode}). */
  public static final List<String> NEAREST_MODES =
      List.of("round_prefer_floor", "round_prefer_ceil", "floor", "ceil");

  /**
   * The kernels by coordinate mode (rows, in {@link #COORDINATE_MODES} order): linear, nearest in
   * {@link #NEAREST_MODES} order, then cubic.
   */
  private static final KernelId[][] KERNELS = {
    {
      KernelId.RESIZE_LINEAR_HALF_PIXEL,
      KernelId.RESIZE_NEAREST_HALF_PIXEL_ROUND_PREFER_FLOOR,
      KernelId.RESIZE_NEAREST_HALF_PIXEL_ROUND_PREFER_CEIL,
      KernelId.RESIZE_NEAREST_HALF_PIXEL_FLOOR,
      KernelId.RESIZE_NEAREST_HALF_PIXEL_CEIL,
      KernelId.RESIZE_CUBIC_HALF_PIXEL
    },
    {
      KernelId.RESIZE_LINEAR_PYTORCH_HALF_PIXEL,
      KernelId.RESIZE_NEAREST_PYTORCH_HALF_PIXEL_ROUND_PREFER_FLOOR,
      KernelId.RESIZE_NEAREST_PYTORCH_HALF_PIXEL_ROUND_PREFER_CEIL,
      KernelId.RESIZE_NEAREST_PYTORCH_HALF_PIXEL_FLOOR,
      KernelId.RESIZE_NEAREST_PYTORCH_HALF_PIXEL_CEIL,
      KernelId.RESIZE_CUBIC_PYTORCH_HALF_PIXEL
    },
    {
      KernelId.RESIZE_LINEAR_ALIGN_CORNERS,
      KernelId.RESIZE_NEAREST_ALIGN_CORNERS_ROUND_PREFER_FLOOR,
      KernelId.RESIZE_NEAREST_ALIGN_CORNERS_ROUND_PREFER_CEIL,
      KernelId.RESIZE_NEAREST_ALIGN_CORNERS_FLOOR,
      KernelId.RESIZE_NEAREST_ALIGN_CORNERS_CEIL,
      KernelId.RESIZE_CUBIC_ALIGN_CORNERS
    },
    {
      KernelId.RESIZE_LINEAR_ASYMMETRIC,
      KernelId.RESIZE_NEAREST_ASYMMETRIC_ROUND_PREFER_FLOOR,
      KernelId.RESIZE_NEAREST_ASYMMETRIC_ROUND_PREFER_CEIL,
      KernelId.RESIZE_NEAREST_ASYMMETRIC_FLOOR,
      KernelId.RESIZE_NEAREST_ASYMMETRIC_CEIL,
      KernelId.RESIZE_CUBIC_ASYMMETRIC
    },
    {
      KernelId.RESIZE_LINEAR_TF_HALF_PIXEL_FOR_NN,
      KernelId.RESIZE_NEAREST_TF_HALF_PIXEL_FOR_NN_ROUND_PREFER_FLOOR,
      KernelId.RESIZE_NEAREST_TF_HALF_PIXEL_FOR_NN_ROUND_PREFER_CEIL,
      KernelId.RESIZE_NEAREST_TF_HALF_PIXEL_FOR_NN_FLOOR,
      KernelId.RESIZE_NEAREST_TF_HALF_PIXEL_FOR_NN_CEIL,
      KernelId.RESIZE_CUBIC_TF_HALF_PIXEL_FOR_NN
    }
  };

  private ResizeOps() {}

  /**
   * How output values are interpolated.
   *
   * @param mode nearest, linear or cubic
   * @param nearest for nearest, one of {@link #NEAREST_MODES}; ignored otherwise
   * @param cubicA for cubic, ONNX's {@code cubic_coeff_a}
   * @param excludeOutside for cubic, whether neighbours past the edge get weight 0 (the others
   *     scaled to sum to 1) instead of repeating the edge
   */
  public record Interpolation(Mode mode, String nearest, float cubicA, boolean excludeOutside) {
    /** The interpolation modes. */
    public enum Mode {
      /** The nearest input value. */
      NEAREST,
      /** Bilinear. */
      LINEAR,
      /** Bicubic (ONNX's cubic convolution). */
      CUBIC
    }

    /** Nearest, rounding as {@code nearest} says. */
    public static Interpolation nearest(String nearest) {
      return new Interpolation(Mode.NEAREST, nearest, 0f, false);
    }

    /** Bilinear. */
    public static Interpolation linear() {
      return new Interpolation(Mode.LINEAR, "floor", 0f, false);
    }

    /** Bicubic with coefficient {@code a} (ONNX's default -0.75, PyTorch's -0.5). */
    public static Interpolation cubic(float a, boolean excludeOutside) {
      return new Interpolation(Mode.CUBIC, "floor", a, excludeOutside);
    }
  }

  /**
   * ONNX's cubic convolution weight of a neighbour at distance {@code d} (the {@code resize_cubic}
   * kernels' formula, and the host reference's): {@code ((a + 2)|d| - (a + 3))|d|^2 + 1} within 1,
   * {@code ((a|d| - 5a)|d| + 8a)|d| - 4a} within 2, else 0.
   *
   * @param d the distance
   * @param a the coefficient ({@code cubic_coeff_a}: -0.75 in ONNX, -0.5 in PyTorch's
   *     antialias-free form)
   * @return the weight
   */
  public static double cubicWeight(double d, double a) {
    double x = Math.abs(d);
    if (x <= 1) {
      return ((a + 2) * x - (a + 3)) * x * x + 1;
    }
    return x < 2 ? ((a * x - 5 * a) * x + 8 * a) * x - 4 * a : 0;
  }

  /**
   * Resizes H and W.
   *
   * @param g the graph
   * @param in an NC4HW4 value {@code [N, C, H, W]}
   * @param outH the output height
   * @param outW the output width
   * @param scaleH the height's scale (given, or outH / H)
   * @param scaleW the width's scale
   * @param how the interpolation
   * @param coordinates one of {@link #COORDINATE_MODES}
   * @return the resized value
   * @throws IllegalArgumentException for an unknown mode or a rank other than 4
   */
  public static Value resize2d(
      GraphBuilder g,
      Value in,
      int outH,
      int outW,
      float scaleH,
      float scaleW,
      Interpolation how,
      String coordinates) {
    OpSupport.require(OP, in, DType.F32, Layout.NC4HW4);
    if (in.spec().rank() != 4) {
      throw new IllegalArgumentException(OP + ": input must be 4-D, is " + in.spec());
    }
    String coord = coordinates.toLowerCase(Locale.ROOT);
    if (!COORDINATE_MODES.contains(coord)) {
      throw new IllegalArgumentException(
          OP + ": coordinate_transformation_mode '" + coordinates + "' is not supported");
    }
    if (how.mode() == Interpolation.Mode.NEAREST && !NEAREST_MODES.contains(how.nearest())) {
      throw new IllegalArgumentException(
          OP + ": nearest_mode '" + how.nearest() + "' is not supported");
    }
    TensorSpec s = in.spec();
    Value out =
        g.intermediate(
            OP + "(" + in.name() + ")",
            TensorSpec.of(DType.F32, Layout.NC4HW4, s.n(), s.c(), outH, outW));
    PushConstants pc = PushConstants.words(12);
    for (int d : OpSupport.dims4(out)) {
      pc.i(d);
    }
    for (int d : OpSupport.dims4(in)) {
      pc.i(d);
    }
    pc.f(1f / scaleH).f(1f / scaleW).f(how.cubicA()).i(how.excludeOutside() ? 1 : 0);
    int column =
        switch (how.mode()) {
          case LINEAR -> 0;
          case NEAREST -> 1 + NEAREST_MODES.indexOf(how.nearest());
          case CUBIC -> 1 + NEAREST_MODES.size();
        };
    KernelId kernel = KERNELS[COORDINATE_MODES.indexOf(coord)][column];
    return OpSupport.unary(g, OP, kernel, out, in, pc.build(), out.byteSize() / 16);
  }
}
