package org.djlvulkan.backend.passes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ir.IrGraph;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;

/**
 * Folds an activation left in float between two quantization steps into the int8 convolution before
 * it: {@code QCONV -> DEQUANTIZE -> Relu/Clip -> QUANTIZE} becomes one {@code QCONV} with the
 * second quantization as its output and the activation as its clamp, as ExecuTorch's quantized
 * graphs leave ReLU6 ({@code hardtanh}) between {@code dequantize_per_tensor} and {@code
 * quantize_per_tensor}. The convolution then rounds once instead of twice, so a result can differ
 * from the unfused graph's by one step of the output grid. Each intermediate value must have one
 * reader and not be a graph output; the dequantize must use the convolution's own output
 * quantization.
 */
public final class QuantizedClampFusion {
  private QuantizedClampFusion() {}

  /**
   * Runs the pass.
   *
   * @param g the graph
   * @return the number of activations folded
   */
  public static int run(IrGraph g) {
    Map<String, List<IrNode>> readers = g.consumers();
    Set<String> outputs = g.outputValues();
    Map<IrNode, IrNode> replaced = new HashMap<>();
    Set<IrNode> dropped = new HashSet<>();
    for (IrNode conv : g.nodes()) {
      if (conv.op() != Op.QCONV || conv.activation().hardSwish()) {
        continue;
      }
      IrNode dq = only(readers, outputs, conv.output());
      if (dq == null
          || dq.op() != Op.DEQUANTIZE
          || !sameValue(g, dq.input(1), conv.input(6))
          || !sameValue(g, dq.input(2), conv.input(7))) {
        continue;
      }
      IrNode act = only(readers, outputs, dq.output());
      Activation a = act == null ? null : ActivationFusion.activationOf(g, act);
      if (a == null || a.hardSwish()) {
        continue;
      }
      IrNode q = only(readers, outputs, act.output());
      if (q == null
          || q.op() != Op.QUANTIZE
          || !isScalar(g, q.input(1))
          || !isScalar(g, q.input(2))) {
        continue;
      }
      Activation merged = merge(conv.activation(), a);
      List<String> ins = new ArrayList<>(conv.inputs());
      ins.set(6, q.input(1));
      ins.set(7, q.input(2));
      replaced.put(
          conv,
          new IrNode(
              conv.name(), Op.QCONV, conv.label(), ins, List.of(q.output()), conv.attrs(), merged));
      dropped.add(dq);
      dropped.add(act);
      dropped.add(q);
    }
    g.rewrite(replaced, dropped);
    return replaced.size();
  }

  /** Whether two scalar constants (or two missing inputs) hold the same value and type. */
  private static boolean sameValue(IrGraph g, String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    if (!isScalar(g, a) || !isScalar(g, b)) {
      return false;
    }
    return g.constant(a).type() == g.constant(b).type()
        && g.constant(a).getDouble(0) == g.constant(b).getDouble(0);
  }

  private static boolean isScalar(IrGraph g, String name) {
    return !name.isEmpty() && g.isConstant(name) && g.constant(name).count() == 1;
  }

  private static IrNode only(Map<String, List<IrNode>> readers, Set<String> outputs, String v) {
    List<IrNode> r = readers.get(v);
    return r == null || r.size() != 1 || outputs.contains(v) ? null : r.get(0);
  }

  private static Activation merge(Activation first, Activation then) {
    if (!first.clamp()) {
      return then;
    }
    float lo = Math.max(first.lo(), then.lo());
    float hi = Math.min(first.hi(), then.hi());
    return lo <= hi ? Activation.clamp(lo, hi) : Activation.clamp(hi, hi);
  }
}
