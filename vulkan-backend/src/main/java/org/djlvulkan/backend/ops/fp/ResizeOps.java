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
   * The kernels by coordinate mode (rows, in {@link #COORDINATE_MODES} order): linear, then nearest
   * in {@link #NEAREST_MODES} order.
   */
  private static final KernelId[][] KERNELS = {
    {
      KernelId.RESIZE_LINEAR_HALF_PIXEL,
      KernelId.RESIZE_NEAREST_HALF_PIXEL_ROUND_PREFER_FLOOR,
      KernelId.RESIZE_NEAREST_HALF_PIXEL_ROUND_PREFER_CEIL,
      KernelId.RESIZE_NEAREST_HALF_PIXEL_FLOOR,
      KernelId.RESIZE_NEAREST_HALF_PIXEL_CEIL
    },
    {
      KernelId.RESIZE_LINEAR_PYTORCH_HALF_PIXEL,
      KernelId.RESIZE_NEAREST_PYTORCH_HALF_PIXEL_ROUND_PREFER_FLOOR,
      KernelId.RESIZE_NEAREST_PYTORCH_HALF_PIXEL_ROUND_PREFER_CEIL,
      KernelId.RESIZE_NEAREST_PYTORCH_HALF_PIXEL_FLOOR,
      KernelId.RESIZE_NEAREST_PYTORCH_HALF_PIXEL_CEIL
    },
    {
      KernelId.RESIZE_LINEAR_ALIGN_CORNERS,
      KernelId.RESIZE_NEAREST_ALIGN_CORNERS_ROUND_PREFER_FLOOR,
      KernelId.RESIZE_NEAREST_ALIGN_CORNERS_ROUND_PREFER_CEIL,
      KernelId.RESIZE_NEAREST_ALIGN_CORNERS_FLOOR,
      KernelId.RESIZE_NEAREST_ALIGN_CORNERS_CEIL
    },
    {
      KernelId.RESIZE_LINEAR_ASYMMETRIC,
      KernelId.RESIZE_NEAREST_ASYMMETRIC_ROUND_PREFER_FLOOR,
      KernelId.RESIZE_NEAREST_ASYMMETRIC_ROUND_PREFER_CEIL,
      KernelId.RESIZE_NEAREST_ASYMMETRIC_FLOOR,
      KernelId.RESIZE_NEAREST_ASYMMETRIC_CEIL
    },
    {
      KernelId.RESIZE_LINEAR_TF_HALF_PIXEL_FOR_NN,
      KernelId.RESIZE_NEAREST_TF_HALF_PIXEL_FOR_NN_ROUND_PREFER_FLOOR,
      KernelId.RESIZE_NEAREST_TF_HALF_PIXEL_FOR_NN_ROUND_PREFER_CEIL,
      KernelId.RESIZE_NEAREST_TF_HALF_PIXEL_FOR_NN_FLOOR,
      KernelId.RESIZE_NEAREST_TF_HALF_PIXEL_FOR_NN_CEIL
    }
  };

  private ResizeOps() {}

  /**
   * Resizes H and W.
   *
   * @param g the graph
   * @param in an NC4HW4 value {@code [N, C, H, W]}
   * @param outH the output height
   * @param outW the output width
   * @param scaleH the height's scale (given, or outH / H)
   * @param scaleW the width's scale
   * @param linear bilinear when true, nearest otherwise
   * @param coordinates one of {@link #COORDINATE_MODES}
   * @param nearest one of {@link #NEAREST_MODES} (nearest only)
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
      boolean linear,
      String coordinates,
      String nearest) {
    OpSupport.require(OP, in, DType.F32, Layout.NC4HW4);
    if (in.spec().rank() != 4) {
      throw new IllegalArgumentException(OP + ": input must be 4-D, is " + in.spec());
    }
    String coord = coordinates.toLowerCase(Locale.ROOT);
    if (!COORDINATE_MODES.contains(coord)) {
      throw new IllegalArgumentException(
          OP + ": coordinate_transformation_mode '" + coordinates + "' is not supported");
    }
    if (!linear && !NEAREST_MODES.contains(nearest)) {
      throw new IllegalArgumentException(OP + ": nearest_mode '" + nearest + "' is not supported");
    }
    TensorSpec s = in.spec();
    Value out =
        g.intermediate(
            OP + "(" + in.name() + ")",
            TensorSpec.of(DType.F32, Layout.NC4HW4, s.n(), s.c(), outH, outW));
    PushConstants pc = PushConstants.words(10);
    for (int d : OpSupport.dims4(out)) {
      pc.i(d);
    }
    for (int d : OpSupport.dims4(in)) {
      pc.i(d);
    }
    pc.f(1f / scaleH).f(1f / scaleW);
    KernelId kernel =
        KERNELS[COORDINATE_MODES.indexOf(coord)][linear ? 0 : 1 + NEAREST_MODES.indexOf(nearest)];
    return OpSupport.unary(g, OP, kernel, out, in, pc.build(), out.byteSize() / 16);
  }
}
