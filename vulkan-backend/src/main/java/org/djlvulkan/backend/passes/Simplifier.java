package org.djlvulkan.backend.passes;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.djlvulkan.backend.ir.IrGraph;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.ir.TensorData;

/** Removes nodes that compute nothing at inference: Identity, Dropout; and dead code. */
public final class Simplifier {
  private Simplifier() {}

  /** Returns whether a Dropout runs in inference mode: no training_mode, or a constant false. */
  private static boolean inference(IrGraph g, IrNode n) {
    String mode = n.input(2);
    if (mode.isEmpty()) {
      return true;
    }
    TensorData t = g.constant(mode);
    return t != null && t.count() > 0 && t.getDouble(0) == 0;
  }

  /**
   * Removes Identity nodes and inference-time Dropout (when its mask output is unused): their
   * readers read the input instead.
   *
   * @param g the graph
   */
  public static void removeIdentities(IrGraph g) {
    Map<String, List<IrNode>> readers = g.consumers();
    List<IrNode> kept = new ArrayList<>();
    Map<String, String> alias = new LinkedHashMap<>();
    for (IrNode n : g.nodes()) {
      boolean identity = n.op() == Op.IDENTITY;
      boolean dropout =
          n.op() == Op.DROPOUT
              && inference(g, n)
              && (n.outputs().size() < 2
                  || n.outputs().get(1).isEmpty()
                  || !readers.containsKey(n.outputs().get(1))
                      && !g.outputValues().contains(n.outputs().get(1)));
      if ((identity || dropout) && !n.input(0).isEmpty()) {
        alias.put(n.output(), n.input(0));
      } else {
        kept.add(n);
      }
    }
    g.setNodes(kept);
    for (String from : alias.keySet()) {
      String to = from;
      while (alias.containsKey(to)) {
        to = alias.get(to); // chains of identities: read the first input
      }
      g.replaceUses(from, to);
    }
  }

  /**
   * Removes nodes none of whose outputs is read (by a live node or as a graph output), and the
   * constants nothing reads.
   *
   * @param g the graph
   */
  public static void removeDeadCode(IrGraph g) {
    Set<String> live = new HashSet<>(g.outputValues());
    List<IrNode> nodes = g.nodes();
    boolean[] keep = new boolean[nodes.size()];
    for (int i = nodes.size() - 1; i >= 0; i--) {
      IrNode n = nodes.get(i);
      for (String out : n.outputs()) {
        keep[i] |= !out.isEmpty() && live.contains(out);
      }
      if (keep[i]) {
        live.addAll(n.inputs());
      }
    }
    List<IrNode> kept = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (keep[i]) {
        kept.add(nodes.get(i));
      }
    }
    g.setNodes(kept);
    g.constants().keySet().retainAll(live);
  }
}
