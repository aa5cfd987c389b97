package org.djlvulkan.backend.ops.fp;

import java.util.List;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ops.OpSupport;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.shaders.KernelId;

/** Softmax over one axis of an NC4HW4 fp32 value (ONNX Softmax, opset 13 semantics). */
public final class SoftmaxOps {
  private static final String OP = "aten._softmax.default";

  private SoftmaxOps() {}

  /**
   * {@code exp(x - max) / sum(exp(x - max))} along one axis, computed stably (the row's maximum is
   * subtracted first). The classifier's case is the channel axis of {@code [N, C]} or {@code [N, C,
   * 1, 1]}. One invocation per row: a row's elements are summed serially.
   *
   * @param g the graph
   * @param in an NC4HW4 value of rank at most 4
   * @param dim the axis, {@code -rank <= dim < rank}
   * @return the result, same shape, NC4HW4
   */
  public static Value softmax(GraphBuilder g, Value in, int dim) {
    FloatStorage.require(OP, in);
    TensorSpec s = in.spec();
    int rank = s.rank();
    if (dim < -rank || dim >= rank) {
      throw new IllegalArgumentException(
          OP + ": dim " + dim + " out of range for '" + in.name() + "' " + s);
    }
    int axis = dim < 0 ? dim + rank : dim;
    int c4s = (int) TensorSpec.ceil4(s.c());
    int plane = s.h() * s.w();
    long vec4s = FloatStorage.vec4s(in);
    int len;
    int stride;
    long rows;
    KernelId kernel;
    switch (axis) {
      case 1:
        kernel = KernelId.SOFTMAX_CHANNEL_F32;
        len = c4s;
        stride = plane;
        rows = (long) s.n() * plane;
        break;
      case 0:
        kernel = KernelId.SOFTMAX_STRIDED_F32;
        len = s.n();
        stride = c4s * plane;
        rows = vec4s / len;
        break;
      case 2:
        kernel = KernelId.SOFTMAX_STRIDED_F32;
        len = s.h();
        stride = s.w();
        rows = vec4s / len;
        break;
      default:
        kernel = KernelId.SOFTMAX_STRIDED_F32;
        len = s.w();
        stride = 1;
        rows = vec4s / len;
        break;
    }
    Value out = g.intermediate(OP + "(" + in.name() + ")", s);
    byte[] push =
        PushConstants.words(5).i(Math.toIntExact(rows)).i(len).i(stride).i(plane).i(s.c()).build();
    g.dispatch(
        OP,
        OpSupport.linearKernel(FloatStorage.kernel(kernel, s.dtype())),
        List.of(Binding.write(out), Binding.read(in)),
        push,
        OpSupport.linearGrid(g, rows));
    return out;
  }
}
