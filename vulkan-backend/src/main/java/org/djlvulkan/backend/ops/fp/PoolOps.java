package org.djlvulkan.backend.ops.fp;

import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ops.OpSupport;
import org.djlvulkan.backend.ops.Pool2dParams;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.shaders.KernelId;

/** 2-D pooling on NC4HW4 fp32 values: max, average and global average (ONNX semantics). */
public final class PoolOps {
  private static final String MAX_OP = "aten.max_pool2d.default";
  private static final String AVG_OP = "aten.avg_pool2d.default";
  private static final String MEAN_OP = "aten.mean.dim";

  private PoolOps() {}

  /**
   * ONNX MaxPool: the maximum over each (dilated) window; padding never wins.
   *
   * @param g the graph
   * @param in an NC4HW4 {@code [N, C, H, W]} value
   * @param params window, stride, pads, dilation, ceil mode
   * @return {@code [N, C, params.outputH(H), params.outputW(W)]}, NC4HW4
   */
  public static Value maxPool2d(GraphBuilder g, Value in, Pool2dParams params) {
    return pool(g, in, params, MAX_OP, KernelId.MAX_POOL2D_F32);
  }

  /**
   * ONNX AveragePool: the mean over each window. With {@code countIncludePad} the divisor is the
   * window's size clipped to the padded input (padding counts, the part of a ceil-mode window
   * beyond the padding does not), else the number of input positions the window covers.
   *
   * @param g the graph
   * @param in an NC4HW4 {@code [N, C, H, W]} value
   * @param params window, stride, pads, ceil mode, count_include_pad; dilation must be 1
   * @return {@code [N, C, params.outputH(H), params.outputW(W)]}, NC4HW4
   */
  public static Value avgPool2d(GraphBuilder g, Value in, Pool2dParams params) {
    if (params.dilationH() != 1 || params.dilationW() != 1) {
      throw new IllegalArgumentException(AVG_OP + ": dilation is not supported: " + params);
    }
    return pool(g, in, params, AVG_OP, KernelId.AVG_POOL2D_F32);
  }

  /**
   * ONNX GlobalAveragePool: the mean over H and W of each channel.
   *
   * @param g the graph
   * @param in an NC4HW4 {@code [N, C, H, W]} value
   * @return {@code [N, C, 1, 1]}, NC4HW4
   */
  public static Value globalAvgPool(GraphBuilder g, Value in) {
    FloatStorage.require(MEAN_OP, in);
    int h = in.spec().h();
    int w = in.spec().w();
    Pool2dParams whole = new Pool2dParams(h, w, 1, 1, 0, 0, 0, 0, 1, 1, false, false);
    return pool(g, in, whole, MEAN_OP, KernelId.AVG_POOL2D_F32);
  }

  private static Value pool(GraphBuilder g, Value in, Pool2dParams p, String op, KernelId kernel) {
    FloatStorage.require(op, in);
    TensorSpec s = in.spec();
    int outH = p.outputH(s.h());
    int outW = p.outputW(s.w());
    Value out =
        g.intermediate(
            op + "(" + in.name() + ")",
            TensorSpec.of(s.dtype(), Layout.NC4HW4, s.n(), s.c(), outH, outW));
    byte[] push =
        p.appendWindow(PushConstants.words(17).i(s.n()).i(s.c()).i(s.h()).i(s.w()).i(outH).i(outW))
            .build();
    return OpSupport.unary(
        g, op, FloatStorage.kernel(kernel, s.dtype()), out, in, push, FloatStorage.vec4s(out));
  }
}
