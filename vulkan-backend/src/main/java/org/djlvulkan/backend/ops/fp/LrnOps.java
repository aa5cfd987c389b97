package org.djlvulkan.backend.ops.fp;

import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ops.OpSupport;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.shaders.KernelId;

/** Local response normalization across channels (ONNX LRN; kernel {@code norm/lrn.comp}). */
public final class LrnOps {
  private static final String OP = "aten.local_response_norm";

  private LrnOps() {}

  /**
   * {@code y = x / (bias + alpha / size * sum of x^2 over the size channels around c) ^ beta}.
   *
   * @param g the graph
   * @param in an NC4HW4 value {@code [N, C, H, W]}
   * @param size the channels summed (ONNX's window: {@code floor((size - 1) / 2)} before c)
   * @param alpha the scale of the sum
   * @param beta the exponent
   * @param bias the offset
   * @return the result, same shape
   */
  public static Value lrn(GraphBuilder g, Value in, int size, float alpha, float beta, float bias) {
    OpSupport.require(OP, in, DType.F32, Layout.NC4HW4);
    int[] d = OpSupport.dims4(in);
    byte[] push =
        PushConstants.words(8)
            .i(d[0])
            .i(d[1])
            .i(d[2])
            .i(d[3])
            .i(size)
            .f(alpha / size)
            .f(beta)
            .f(bias)
            .build();
    Value out = g.intermediate(OP + "(" + in.name() + ")", in.spec());
    return OpSupport.unary(g, OP, KernelId.LRN_F32, out, in, push, out.byteSize() / 16);
  }
}
