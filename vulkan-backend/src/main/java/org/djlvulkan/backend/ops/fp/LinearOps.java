package org.djlvulkan.backend.ops.fp;

import java.util.Optional;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ops.ConvWeightPacking;
import org.djlvulkan.backend.ops.OpSupport;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;

/**
 * Fully connected layer ({@code aten.linear.default}, ONNX Gemm/MatMul with constant weights) on
 * the shared GEMM tiles: {@code y[n][o] = act(sum_k x[n][k] * W[o][k] + bias[o])}. The input is an
 * NC4HW4 {@code [N, K]} (or {@code [N, K, 1, 1]}, as after global pooling: no reshape needed); the
 * batch rows are the GEMM's positions.
 */
public final class LinearOps {
  /** ExecuTorch's operator name. */
  public static final String OP = "aten.linear.default";

  private LinearOps() {}

  /**
   * Adds a linear layer.
   *
   * @param g the graph
   * @param input F32 NC4HW4 {@code [N, K]} or {@code [N, K, 1, 1]}
   * @param w weights {@code [out][K]} and optional bias (see {@link LinearWeights#fromGemm})
   * @param act fused activation
   * @return the output, F32 NC4HW4 {@code [N, out]}
   */
  public static Value linear(GraphBuilder g, Value input, LinearWeights w, Activation act) {
    return linear(g, input, w, act, Optional.empty());
  }

  /** {@link #linear(GraphBuilder, Value, LinearWeights, Activation)} with a forced GEMM kernel. */
  static Value linear(
      GraphBuilder g,
      Value input,
      LinearWeights w,
      Activation act,
      Optional<FloatGemmKernel> forcedGemm) {
    FloatStorage.require(OP, input);
    OpSupport.requireRank4(OP, input);
    TensorSpec in = input.spec();
    OpSupport.requireFeatureRows(OP, input, w.inFeatures(), w.outFeatures());
    Value out =
        g.intermediate(
            "linear(" + input.name() + ")",
            TensorSpec.of(in.dtype(), Layout.NC4HW4, in.n(), w.outFeatures()));
    Value weights =
        FloatStorage.weights(
            g,
            out.name() + ".weight",
            ConvWeightPacking.gemmBlocks(
                w.outFeatures(), w.inFeatures(), (o, k) -> w.weight()[o * w.inFeatures() + k]),
            in.dtype());
    Value bias =
        ConvWeightPacking.constant(
            g, out.name() + ".bias", ConvWeightPacking.channelVector(w.outFeatures(), w.bias()));
    int k4 = ConvWeightPacking.ceil4(w.inFeatures());
    int oc4 = ConvWeightPacking.ceil4(w.outFeatures());
    TiledGemm.Shape s = new TiledGemm.Shape(in.n(), k4, w.outFeatures(), 1, 0, 1, k4, 0, 1, oc4, 0);
    TiledGemm.dispatch(
        g,
        OP,
        new TiledGemm.Operands(out, input, weights, bias),
        s,
        act,
        TiledGemm.plan(g, s, input.spec().dtype(), forcedGemm));
    return out;
  }
}
