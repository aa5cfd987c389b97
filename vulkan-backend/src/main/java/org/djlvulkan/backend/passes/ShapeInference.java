package org.djlvulkan.backend.passes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.djlvulkan.backend.ir.GraphInput;
import org.djlvulkan.backend.ir.IrGraph;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.model.ModelException;

/**
 * Infers the shape of every value of a prepared graph for concrete input shapes, before lowering:
 * the first half of the planning pass (docs/architecture.md). Values are propagated as the lowering
 * does: a node whose inputs are all constants and that the host evaluates is folded ({@link
 * ConstantEvaluator}), {@code Shape} of a run-time tensor becomes a constant of the variant, and
 * every other node's outputs get their shapes from its operator's rule ({@link OutputShapes}). A
 * node whose rule fails (or whose inputs are of unknown shape) leaves its outputs unknown and the
 * reason is kept; the lowering reports such a node as it always did.
 */
public final class ShapeInference {
  private ShapeInference() {}

  /**
   * What inference found for one variant.
   *
   * @param shapes the shape of each value it could infer (graph inputs, the constants nodes read
   *     and node outputs), by name
   * @param constants the values known on the host: the graph's constants that nodes read and what
   *     folded
   * @param unknown for each node whose outputs could not be inferred, why
   */
  public record Result(
      Map<String, long[]> shapes, Map<String, TensorData> constants, Map<String, String> unknown) {
    /**
     * Returns the shape of a value, or null when it is unknown.
     *
     * @param value the value's name
     * @return its shape
     */
    public long[] shape(String value) {
      return shapes.get(value);
    }
  }

  /**
   * Infers the shapes of a graph's values.
   *
   * @param ir the prepared graph
   * @param inputShapes the concrete shape of each run-time input, by name (inputs without one take
   *     their declared dimensions when those are all known)
   * @return the shapes, the folded constants and the nodes left unknown
   */
  public static Result infer(IrGraph ir, Map<String, long[]> inputShapes) {
    Map<String, long[]> known = new LinkedHashMap<>();
    for (GraphInput in : ir.inputs()) {
      long[] s = inputShapes.get(in.name());
      if (s == null && Arrays.stream(in.dims()).allMatch(d -> d >= 0)) {
        s = in.dims();
      }
      if (s != null) {
        known.put(in.name(), s);
      }
    }
    return infer(ir, 0, ir.nodes().size(), known, Map.of());
  }

  /**
   * Infers the shapes of the values that nodes {@code [from, to)} of a graph produce: a segment of
   * a variant that starts after a step run on the host.
   *
   * @param ir the prepared graph
   * @param from the first node
   * @param to the end (exclusive)
   * @param known the shapes of the run-time values the segment reads, by name
   * @param folded values earlier steps folded to constants, by name
   * @return the shapes, the folded constants and the nodes left unknown
   */
  public static Result infer(
      IrGraph ir, int from, int to, Map<String, long[]> known, Map<String, TensorData> folded) {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    Map<String, TensorData> constants = new HashMap<>();
    Map<String, String> unknown = new LinkedHashMap<>();
    known.forEach((name, s) -> shapes.put(name, s.clone()));
    folded.forEach((name, t) -> put(name, t, shapes, constants));
    for (IrNode n : ir.nodes().subList(from, to)) {
      try {
        visit(ir, n, shapes, constants);
      } catch (ModelException | IllegalArgumentException | ArithmeticException e) {
        unknown.put(n.name(), e.getMessage());
      }
    }
    return new Result(
        Collections.unmodifiableMap(shapes),
        Collections.unmodifiableMap(constants),
        Collections.unmodifiableMap(unknown));
  }

  private static void visit(
      IrGraph ir, IrNode n, Map<String, long[]> shapes, Map<String, TensorData> constants) {
    List<TensorData> known = new ArrayList<>();
    List<long[]> inShapes = new ArrayList<>();
    boolean allConstant = true;
    for (String in : n.inputs()) {
      TensorData c = in.isEmpty() ? null : constants.get(in);
      if (c == null && !in.isEmpty() && ir.isConstant(in)) {
        c = ir.constant(in);
        put(in, c, shapes, constants);
      }
      allConstant &= in.isEmpty() || c != null;
      known.add(c);
      inShapes.add(in.isEmpty() ? null : shapes.get(in));
    }
    if (n.op() == Op.SHAPE && inShapes.get(0) != null && known.get(0) == null) {
      put(n.output(), ConstantEvaluator.shapeOf(inShapes.get(0), n.attrs()), shapes, constants);
      return;
    }
    if (allConstant && ConstantEvaluator.foldable(n)) {
      List<TensorData> outs = ConstantEvaluator.evaluateAll(ir.source(), n, known);
      for (int k = 0; k < outs.size(); k++) {
        put(n.outputs().get(k), outs.get(k), shapes, constants);
      }
      return;
    }
    List<long[]> outs = OutputShapes.of(n, inShapes, known::get);
    for (int k = 0; k < outs.size() && k < n.outputs().size(); k++) {
      String v = n.outputs().get(k);
      if (!v.isEmpty() && outs.get(k) != null) {
        shapes.put(v, outs.get(k));
      }
    }
  }

  private static void put(
      String value, TensorData t, Map<String, long[]> shapes, Map<String, TensorData> constants) {
    if (!value.isEmpty()) {
      constants.put(value, t);
      shapes.put(value, t.shape());
    }
  }
}
