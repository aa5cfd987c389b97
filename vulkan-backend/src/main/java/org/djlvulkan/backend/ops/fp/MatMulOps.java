package org.djlvulkan.backend.ops.fp;

import java.util.List;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ops.OpSupport;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.shaders.KernelId;

/**
 * Batched matrix product of two runtime NC4HW4 fp32 values (ONNX MatMul with 3-D or 4-D operands,
 * or a runtime B). Not a hot path: one invocation per output element, no tiling; constant 2-D
 * weights go through {@link LinearOps} instead.
 */
public final class MatMulOps {
  private static final String OP = "aten.matmul.default";

  private MatMulOps() {}

  /**
   * {@code out[b0, b1, m, n] = sum_k a[b0, b1, m, k] * b[b0, b1, k, n]}, where each batch dimension
   * of an operand equals the other's or is 1 (broadcast).
   *
   * @param g the graph
   * @param a rank-4 NC4HW4 value {@code [B0, B1, M, K]}
   * @param b rank-4 NC4HW4 value {@code [B0, B1, K, N]}
   * @return the product, rank-4 NC4HW4 {@code [B0, B1, M, N]} with the broadcast batch dimensions
   */
  public static Value matmul(GraphBuilder g, Value a, Value b) {
    OpSupport.require(OP, a, DType.F32, Layout.NC4HW4);
    OpSupport.require(OP, b, DType.F32, Layout.NC4HW4);
    if (a.spec().rank() != 4 || b.spec().rank() != 4) {
      throw new IllegalArgumentException(
          OP + ": operands '" + a.name() + "' and '" + b.name() + "' must be rank 4");
    }
    int[] da = OpSupport.dims4(a);
    int[] db = OpSupport.dims4(b);
    if (da[3] != db[2]) {
      throw OpSupport.mismatch(OP, "matrices", a, da, b, db, "do not multiply");
    }
    long[] out = new long[] {0, 0, da[2], db[3]};
    for (int i = 0; i < 2; i++) {
      if (da[i] != db[i] && da[i] != 1 && db[i] != 1) {
        throw OpSupport.mismatch(OP, "batch dimensions of", a, da, b, db, "do not broadcast");
      }
      out[i] = Math.max(da[i], db[i]);
    }
    Value result =
        g.intermediate(
            OP + "(" + a.name() + "," + b.name() + ")",
            TensorSpec.of(DType.F32, Layout.NC4HW4, out));
    PushConstants pc = PushConstants.words(12);
    OpSupport.pushDims(pc, out, da, db);
    g.dispatch(
        OP,
        OpSupport.linearKernel(KernelId.MATMUL_BATCHED_F32),
        List.of(Binding.write(result), Binding.read(a), Binding.read(b)),
        pc.build(),
        OpSupport.linearGrid(g, result.byteSize() / 4));
    return result;
  }
}
