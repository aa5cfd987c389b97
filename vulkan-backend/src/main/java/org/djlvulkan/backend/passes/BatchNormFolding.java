package org.djlvulkan.backend.passes;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.djlvulkan.backend.ir.IrGraph;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.ops.fp.BatchNormParams;
import org.djlvulkan.backend.ops.fp.Conv2dWeights;

/**
 * Folds an inference BatchNormalization into the 2-D convolution before it ({@link
 * BatchNormParams#foldInto}) when the convolution's weights, bias and the normalization's
 * parameters are constants and nothing else reads the convolution's output.
 */
public final class BatchNormFolding {
  private BatchNormFolding() {}

  /**
   * Runs the pass.
   *
   * @param g the graph
   */
  public static void run(IrGraph g) {
    Map<String, List<IrNode>> readers = g.consumers();
    Map<String, IrNode> producers = g.producers();
    Set<IrNode> dropped = new HashSet<>();
    Map<IrNode, IrNode> replaced = new HashMap<>();
    for (IrNode bn : g.nodes()) {
      if (bn.op() != Op.BATCH_NORM) {
        continue;
      }
      IrNode conv = producers.get(bn.input(0));
      if (conv == null
          || conv.op() != Op.CONV
          || replaced.containsKey(conv)
          || readers.getOrDefault(conv.output(), List.of()).size() != 1
          || g.outputValues().contains(conv.output())
          || !g.isConstant(conv.input(1))
          || (!conv.input(2).isEmpty() && !g.isConstant(conv.input(2)))
          || g.constant(conv.input(1)).rank() != 4) {
        continue;
      }
      boolean constants = true;
      for (int i = 1; i <= 4; i++) {
        constants &= g.isConstant(bn.input(i));
      }
      boolean extraOutputs = false;
      for (int i = 1; i < bn.outputs().size(); i++) {
        String o = bn.outputs().get(i);
        extraOutputs |= !o.isEmpty() && (readers.containsKey(o) || g.outputValues().contains(o));
      }
      if (!constants || extraOutputs) {
        continue;
      }
      TensorData w = g.constant(conv.input(1));
      long[] s = w.shape();
      BatchNormParams bnp =
          new BatchNormParams(
              g.constant(bn.input(1)).toFloats(),
              g.constant(bn.input(2)).toFloats(),
              g.constant(bn.input(3)).toFloats(),
              g.constant(bn.input(4)).toFloats(),
              bn.attrs().f("epsilon", 1e-5f));
      if (bnp.channels() != s[0]) {
        continue;
      }
      float[] bias = conv.input(2).isEmpty() ? null : g.constant(conv.input(2)).toFloats();
      Conv2dWeights folded =
          bnp.foldInto(
              new Conv2dWeights(
                  (int) s[0], (int) s[1], (int) s[2], (int) s[3], w.toFloats(), bias));
      String wName = bn.output() + "::folded_weight";
      String bName = bn.output() + "::folded_bias";
      g.constants().put(wName, TensorData.ofFloats(folded.weight(), s));
      g.constants().put(bName, TensorData.ofFloats(folded.bias(), s[0]));
      IrNode fused =
          new IrNode(
              conv.name() + "+" + bn.name(),
              Op.CONV,
              conv.label(),
              List.of(conv.input(0), wName, bName),
              List.of(bn.output()),
              conv.attrs(),
              conv.activation());
      replaced.put(conv, fused);
      dropped.add(bn);
    }
    g.rewrite(replaced, dropped);
  }
}
