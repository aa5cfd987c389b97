package org.djlvulkan.backend.passes;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ir.Attributes;
import org.djlvulkan.backend.ir.IrGraph;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.ir.TensorData;

/**
 * Fuses what the kernels can do in their epilogue: a Relu, Clip (constant bounds) or HardSwish into
 * the Conv, Gemm, MatMul, Add, Sub, Mul or BatchNormalization that produces its input (HardSwish
 * only into Conv, Gemm and MatMul), and a constant bias Add into the MatMul before it (which
 * becomes a Gemm). Only where nothing else reads the intermediate value.
 */
public final class ActivationFusion {
  private static final Set<Op> SWISH_PRODUCERS =
      EnumSet.of(Op.CONV, Op.GEMM, Op.MAT_MUL, Op.QCONV, Op.QMAT_MUL, Op.QGEMM);

  private ActivationFusion() {}

  /**
   * Returns the activation a node computes, or null when it is not a fusable activation.
   *
   * @param g the graph (for Clip's constant bounds)
   * @param n the node
   * @return the activation or null
   */
  public static Activation activationOf(IrGraph g, IrNode n) {
    switch (n.op()) {
      case RELU:
        return Activation.RELU;
      case HARD_SWISH:
        return Activation.HARD_SWISH;
      case CLIP:
        // The bounds are constant inputs (older operator sets' attributes moved there on import).
        Float lo = scalar(g, n.input(1), Float.NEGATIVE_INFINITY);
        Float hi = scalar(g, n.input(2), Float.POSITIVE_INFINITY);
        if (lo == null || hi == null) {
          return null;
        }
        return lo <= hi ? Activation.clamp(lo, hi) : null;
      default:
        return null;
    }
  }

  private static Float scalar(IrGraph g, String name, float dflt) {
    if (name.isEmpty()) {
      return dflt;
    }
    TensorData t = g.constant(name);
    return t == null || t.count() != 1 ? null : (float) t.getDouble(0);
  }

  /**
   * Runs the pass.
   *
   * @param g the graph
   */
  public static void run(IrGraph g) {
    fuseBias(g);
    Map<String, List<IrNode>> readers = g.consumers();
    Map<String, IrNode> producers = g.producers();
    Set<String> outputs = g.outputValues();
    Map<IrNode, IrNode> replaced = new HashMap<>();
    Set<IrNode> dropped = new HashSet<>();
    for (IrNode act : g.nodes()) {
      Activation a = activationOf(g, act);
      if (a == null) {
        continue;
      }
      IrNode p = producers.get(act.input(0));
      if (p == null || dropped.contains(p) || replaced.containsKey(p)) {
        continue;
      }
      boolean fits = a.hardSwish() ? SWISH_PRODUCERS.contains(p.op()) : p.op().takesActivation();
      if (!fits
          || p.outputs().size() != 1
          || !p.activation().equals(Activation.NONE)
          || readers.getOrDefault(p.output(), List.of()).size() != 1
          || outputs.contains(p.output())) {
        continue;
      }
      replaced.put(p, p.withOutputs(List.of(act.output())).withActivation(a));
      dropped.add(act);
    }
    g.rewrite(replaced, dropped);
  }

  /** MatMul(A, constant B [K, N]) followed by Add(constant [N] or [1, N]) becomes a Gemm. */
  private static void fuseBias(IrGraph g) {
    Map<String, List<IrNode>> readers = g.consumers();
    Map<String, IrNode> producers = g.producers();
    Set<String> outputs = g.outputValues();
    Map<IrNode, IrNode> replaced = new HashMap<>();
    Set<IrNode> dropped = new HashSet<>();
    for (IrNode add : g.nodes()) {
      if (add.op() != Op.ADD) {
        continue;
      }
      for (int side = 0; side < 2; side++) {
        IrNode mm = producers.get(add.input(side));
        String bias = add.input(1 - side);
        TensorData b = g.constant(bias);
        if (mm == null
            || mm.op() != Op.MAT_MUL
            || replaced.containsKey(mm)
            || !g.isConstant(mm.input(1))
            || g.constant(mm.input(1)).rank() != 2
            || b == null
            || readers.getOrDefault(mm.output(), List.of()).size() != 1
            || outputs.contains(mm.output())) {
          continue;
        }
        long n = g.constant(mm.input(1)).shape()[1];
        long[] bs = b.shape();
        boolean rowBias = b.count() == n && (bs.length == 1 || (bs.length == 2 && bs[0] == 1));
        if (!rowBias) {
          continue;
        }
        replaced.put(
            mm,
            new IrNode(
                mm.name() + "+" + add.name(),
                Op.GEMM,
                mm.label(),
                List.of(mm.input(0), mm.input(1), bias),
                List.of(add.output()),
                Attributes.NONE,
                mm.activation()));
        dropped.add(add);
        break;
      }
    }
    g.rewrite(replaced, dropped);
  }
}
