package org.djlvulkan.backend.ops.fp;

import java.util.List;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.ops.ConvOpSupport;
import org.djlvulkan.backend.ops.ConvWeightPacking;
import org.djlvulkan.backend.ops.OpSupport;
import org.djlvulkan.backend.ops.TiledDispatch;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.shaders.KernelId;

/**
 * fp32 2-D convolution ({@code aten.convolution.default}) on NC4HW4: asks {@link
 * ConvKernelSelector} for a plan, packs the weights once for the chosen kernel as graph constants,
 * and adds the dispatches. Bias and an activation (clamp, ReLU, ReLU6, HardSwish) are fused.
 */
public final class ConvOps {
  /** ExecuTorch's operator name. */
  public static final String OP = "aten.convolution.default";

  /** Direct and depthwise workgroups span at most 16 tiles of a row (64 columns). */
  private static final int WINDOW_MAX_X = 16;

  private ConvOps() {}

  /**
   * Adds a convolution with the kernel the selector picks for the graph's device ({@link
   * ConvOptions#forDevice}).
   *
   * @param g the graph
   * @param input F32 or F16 NC4HW4 {@code [N, IC, H, W]}
   * @param w weights {@code [OC, IC / groups, KH, KW]} and optional bias
   * @param p geometry
   * @param act fused activation
   * @return the output, NC4HW4 {@code [N, OC, OH, OW]} in the input's storage
   */
  public static Value conv2d(
      GraphBuilder g, Value input, Conv2dWeights w, Conv2dParams p, Activation act) {
    return conv2d(g, input, w, p, act, ConvOptions.forDevice(g.device().info().type().isGpu()));
  }

  /**
   * Adds a convolution with options (a forced kernel, the im2col budget).
   *
   * @param g the graph
   * @param input F32 or F16 NC4HW4 {@code [N, IC, H, W]}
   * @param w weights {@code [OC, IC / groups, KH, KW]} and optional bias
   * @param p geometry
   * @param act fused activation
   * @param options forced kernel and im2col budget
   * @return the output, NC4HW4 {@code [N, OC, OH, OW]} in the input's storage
   * @throws IllegalArgumentException for mismatched shapes or a forced kernel that cannot run them
   */
  public static Value conv2d(
      GraphBuilder g,
      Value input,
      Conv2dWeights w,
      Conv2dParams p,
      Activation act,
      ConvOptions options) {
    TensorSpec in = checkedInput(input, w, p);
    ConvPlan plan = ConvKernelSelector.select(p, in, w.outChannels(), GemmDevice.of(g), options);
    return conv2d(g, input, w, p, act, plan);
  }

  /**
   * Adds a convolution as a plan made for its input says ({@link ConvKernelSelector#select} on this
   * input's spec, directly or through the lowering's kernel planner); the other arguments as for
   * the form that selects.
   *
   * @param plan the kernel, its variant, the output size and the GEMMs' kernels
   * @return the output, NC4HW4 {@code [N, OC, OH, OW]} in the input's storage
   * @throws IllegalArgumentException for mismatched weights
   */
  public static Value conv2d(
      GraphBuilder g, Value input, Conv2dWeights w, Conv2dParams p, Activation act, ConvPlan plan) {
    TensorSpec in = checkedInput(input, w, p);
    Value out =
        g.intermediate(
            "conv(" + input.name() + ")",
            TensorSpec.of(
                in.dtype(),
                plan.outputLayout(),
                in.n(),
                w.outChannels(),
                plan.outH(),
                plan.outW()));
    String name = out.name();
    Value bias =
        ConvWeightPacking.constant(
            g, name + ".bias", ConvWeightPacking.channelVector(w.outChannels(), w.bias()));
    switch (plan.variant()) {
      case POINTWISE_GEMM:
        pointwise(g, input, out, w, bias, act, plan);
        break;
      case IM2COL_GEMM:
        im2col(g, input, out, w, p, plan, bias, act);
        break;
      case DIRECT_BLOCKED:
        window(g, input, out, w, p, ConvWeightPacking.directBlocks(w), plan, bias, act);
        break;
      default:
        window(g, input, out, w, p, ConvWeightPacking.laneVectors(w), plan, bias, act);
        break;
    }
    return out;
  }

  /** Returns the input's spec after checking the weights against it and the geometry. */
  private static TensorSpec checkedInput(Value input, Conv2dWeights w, Conv2dParams p) {
    TensorSpec in = input.spec();
    ConvOpSupport.checkWeightShape(ConvKernelSelector.describe(p, in, w.outChannels()), w, p, in);
    return in;
  }

  private static void pointwise(
      GraphBuilder g,
      Value input,
      Value out,
      Conv2dWeights w,
      Value bias,
      Activation act,
      ConvPlan plan) {
    TensorSpec in = input.spec();
    Value weights =
        FloatStorage.weights(
            g,
            out.name() + ".weight",
            ConvWeightPacking.gemmBlocks(w.outChannels(), in.c(), (oc, k) -> w.weight(oc, k, 0, 0)),
            in.dtype());
    TiledGemm.dispatch(
        g,
        OP,
        new TiledGemm.Operands(out, input, weights, bias),
        ConvGemmShapes.pointwise(in, w.outChannels()),
        act,
        plan.gemms().get(0));
  }

  private static void im2col(
      GraphBuilder g,
      Value input,
      Value out,
      Conv2dWeights w,
      Conv2dParams p,
      ConvPlan plan,
      Value bias,
      Activation act) {
    TensorSpec in = input.spec();
    int kprime = in.c() * p.kernelH() * p.kernelW();
    int k4 = ConvWeightPacking.ceil4(kprime);
    Value weights =
        FloatStorage.weights(
            g,
            out.name() + ".weight",
            plan.implicitIm2col()
                ? ConvWeightPacking.implicitIm2colBlocks(w)
                : ConvWeightPacking.im2colBlocks(w),
            in.dtype());
    int outW = plan.outW();
    if (plan.implicitIm2col()) {
      // One GEMM that reads the input where im2col would gather it: no scratch, no im2col pass.
      TiledGemm.dispatch(
          g,
          OP,
          new TiledGemm.Operands(out, input, weights, bias),
          ConvGemmShapes.implicit(in, p, plan, w.outChannels()),
          act,
          plan.gemms().get(0),
          new TiledGemm.Implicit(
              ConvWeightPacking.ceil4(in.c()),
              Math.toIntExact(in.h()),
              Math.toIntExact(in.w()),
              outW,
              p));
      return;
    }
    Value scratch =
        g.intermediate(
            out.name() + ".im2col",
            TensorSpec.of(
                in.dtype(), Layout.NC4HW4, in.n(), kprime, plan.im2colRowsPerChunk(), outW));
    int chunk = 0;
    for (int row0 = 0; row0 < plan.outH(); row0 += plan.im2colRowsPerChunk()) {
      int rows = Math.min(plan.im2colRowsPerChunk(), plan.outH() - row0);
      long chunkPlane = (long) rows * outW;
      byte[] push =
          p.appendWindowWalk(
                  PushConstants.words(15)
                      .i(in.n())
                      .i(in.c())
                      .i(in.h())
                      .i(in.w())
                      .i(outW)
                      .i(row0)
                      .i(rows)
                      .i(kprime))
              .build();
      g.dispatch(
          OP,
          OpSupport.linearKernel(FloatStorage.kernel(KernelId.CONV2D_IM2COL_F32, in.dtype())),
          List.of(Binding.write(scratch), Binding.read(input)),
          push,
          OpSupport.linearGrid(g, in.n() * (long) k4 * chunkPlane));
      TiledGemm.dispatch(
          g,
          OP,
          new TiledGemm.Operands(out, scratch, weights, bias),
          ConvGemmShapes.chunk(in, p, plan.outH(), outW, row0, rows, w.outChannels()),
          act,
          plan.gemms().get(chunk++));
    }
  }

  /** Direct and depthwise kernels: same push constants except the last group words. */
  private static void window(
      GraphBuilder g,
      Value input,
      Value out,
      Conv2dWeights w,
      Conv2dParams p,
      float[] packed,
      ConvPlan plan,
      Value bias,
      Activation act) {
    TensorSpec in = input.spec();
    Value weights = FloatStorage.weights(g, out.name() + ".weight", packed, in.dtype());
    boolean depthwise = plan.kernel() == ConvKernel.DEPTHWISE;
    PushConstants pc =
        ConvOpSupport.windowGeometry(4, in, w, plan.outH(), plan.outW(), p, depthwise);
    pc.i(in.n()).i(act.kernelCode()).f(act.lo()).f(act.hi());
    long oc4s = ConvWeightPacking.ceil4(w.outChannels());
    WindowTile tile = WindowTile.of(g, plan, p, w.outChannels() == in.c());
    TiledDispatch d =
        TiledDispatch.of(
            g.capabilities(),
            (plan.outW() + tile.positions() - 1) / tile.positions(),
            plan.outH(),
            in.n() * ((oc4s + tile.groups() - 1) / tile.groups()),
            WINDOW_MAX_X,
            OP);
    KernelId kernel = FloatStorage.kernel(tile.kernel(), in.dtype());
    g.dispatch(
        OP,
        d.pipeline(kernel),
        List.of(Binding.write(out), Binding.read(input), Binding.read(weights), Binding.read(bias)),
        pc.build(),
        d.grid(),
        w.multiplyAdds((long) in.n() * plan.outH() * plan.outW()));
  }

  /**
   * The kernel of a direct or depthwise convolution and its tile per invocation: output positions
   * along a row, and output channel groups. GPUs run every plan's kernel on 4 x 1. CPU drivers
   * (lavapipe, where each lane's loads are gathered one by one) run the blocked direct kernel of
   * one group on 4 x 4 tiles (its 7 ResNet50 convolutions took 0.35 of the GEMMs' time instead of
   * 0.58, same runs), and the 3x3 depthwise kernel with stride 1 or 2 and dilation 1 along the row
   * and multiplier 1 on rows of 8 positions whose input columns are loaded once for the three taps.
   *
   * @param kernel the fp32 build
   * @param positions output positions per invocation (the shader's TILE_M)
   * @param groups output channel groups per invocation (its TILE_N)
   */
  private record WindowTile(KernelId kernel, int positions, int groups) {
    static WindowTile of(GraphBuilder g, ConvPlan plan, Conv2dParams p, boolean multiplierOne) {
      KernelId shader = plan.variant().shader();
      if (g.device().info().type().isGpu()) {
        return new WindowTile(shader, TiledGemm.TILE_M, 1);
      }
      if (plan.variant() == ConvVariant.DIRECT_BLOCKED && p.groups() == 1) {
        return new WindowTile(KernelId.CONV2D_DIRECT_4X4_F32, TiledGemm.TILE_M, 4);
      }
      if (plan.variant() == ConvVariant.DEPTHWISE_3X3
          && p.strideW() <= 2
          && p.dilationW() == 1
          && multiplierOne) {
        return new WindowTile(
            p.strideW() == 1 ? KernelId.CONV2D_DW3X3_ROWS_F32 : KernelId.CONV2D_DW3X3_ROWS_S2_F32,
            8,
            1);
      }
      return new WindowTile(shader, TiledGemm.TILE_M, 1);
    }
  }
}
