package org.djlvulkan.backend.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The importer's graph: runtime inputs, host constants (initializers and folded values), nodes in
 * topological order, and outputs. Passes replace the node list and add or drop constants; the graph
 * itself only keeps them consistent. Not thread-safe.
 */
public final class IrGraph {
  private final String source;
  private final Map<String, Long> opsets;
  private final List<GraphInput> inputs;
  private final Map<String, TensorData> constants;
  private List<IrNode> nodes;
  private List<GraphOutput> outputs;

  /**
   * Creates a graph.
   *
   * @param source the model's file or display name, for messages
   * @param opsets operator set version per domain ({@code ""} for ONNX)
   * @param inputs runtime inputs
   * @param constants constants by value name
   * @param nodes nodes in topological order
   * @param outputs graph outputs
   */
  public IrGraph(
      String source,
      Map<String, Long> opsets,
      List<GraphInput> inputs,
      Map<String, TensorData> constants,
      List<IrNode> nodes,
      List<GraphOutput> outputs) {
    this.source = source;
    this.opsets = Map.copyOf(opsets);
    this.inputs = List.copyOf(inputs);
    this.constants = new LinkedHashMap<>(constants);
    this.nodes = List.copyOf(nodes);
    this.outputs = List.copyOf(outputs);
  }

  /** Returns a copy whose lists and constant map can change independently of this one. */
  public IrGraph copy() {
    return new IrGraph(source, opsets, inputs, constants, nodes, outputs);
  }

  /** Returns the model's file or display name. */
  public String source() {
    return source;
  }

  /** Returns the ONNX (default domain) operator set version. */
  public long opset() {
    return opsets.getOrDefault("", 0L);
  }

  /** Returns the runtime inputs. */
  public List<GraphInput> inputs() {
    return inputs;
  }

  /** Returns the outputs. */
  public List<GraphOutput> outputs() {
    return outputs;
  }

  /** Returns the nodes in topological order. */
  public List<IrNode> nodes() {
    return nodes;
  }

  /**
   * Replaces the nodes.
   *
   * @param newNodes nodes in topological order
   */
  public void setNodes(List<IrNode> newNodes) {
    this.nodes = List.copyOf(newNodes);
  }

  /**
   * Replaces some nodes and drops others, keeping the order of the rest.
   *
   * @param replaced the nodes to replace, each by its new node (in the old one's place)
   * @param dropped the nodes to remove
   */
  public void rewrite(Map<IrNode, IrNode> replaced, Set<IrNode> dropped) {
    List<IrNode> out = new ArrayList<>(nodes.size());
    for (IrNode n : nodes) {
      if (!dropped.contains(n)) {
        out.add(replaced.getOrDefault(n, n));
      }
    }
    nodes = List.copyOf(out);
  }

  /** Returns the constants by value name (the live map: passes add and remove entries). */
  public Map<String, TensorData> constants() {
    return constants;
  }

  /**
   * Returns a constant, or null when the value is not constant.
   *
   * @param name the value
   * @return the data or null
   */
  public TensorData constant(String name) {
    return constants.get(name);
  }

  /** Returns whether a value is a constant. */
  public boolean isConstant(String name) {
    return constants.containsKey(name);
  }

  /** Returns the names of the values that are graph outputs. */
  public Set<String> outputValues() {
    Set<String> s = new HashSet<>();
    for (GraphOutput o : outputs) {
      s.add(o.value());
    }
    return s;
  }

  /** Returns for each value name the nodes that read it, in node order. */
  public Map<String, List<IrNode>> consumers() {
    Map<String, List<IrNode>> m = new HashMap<>();
    for (IrNode n : nodes) {
      for (String in : n.inputs()) {
        if (!in.isEmpty()) {
          m.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
        }
      }
    }
    return m;
  }

  /** Returns for each value name the node that writes it. */
  public Map<String, IrNode> producers() {
    Map<String, IrNode> m = new HashMap<>();
    for (IrNode n : nodes) {
      for (String out : n.outputs()) {
        if (!out.isEmpty()) {
          m.put(out, n);
        }
      }
    }
    return m;
  }

  /**
   * Makes every reader of {@code from} read {@code to} instead, graph outputs included.
   *
   * @param from the value to replace
   * @param to its replacement
   */
  public void replaceUses(String from, String to) {
    List<IrNode> out = new ArrayList<>(nodes.size());
    for (IrNode n : nodes) {
      if (n.inputs().contains(from)) {
        List<String> ins = new ArrayList<>(n.inputs());
        ins.replaceAll(s -> s.equals(from) ? to : s);
        out.add(n.withInputs(ins));
      } else {
        out.add(n);
      }
    }
    nodes = List.copyOf(out);
    List<GraphOutput> outs = new ArrayList<>(outputs);
    outs.replaceAll(o -> o.value().equals(from) ? o.withValue(to) : o);
    outputs = List.copyOf(outs);
  }

  /** Returns a readable listing (for logs and debugging). */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(source).append(": inputs ").append(inputs);
    sb.append(", ").append(constants.size()).append(" constants\n");
    for (IrNode n : nodes) {
      sb.append("  ")
          .append(n.describe())
          .append(' ')
          .append(n.inputs())
          .append(" -> ")
          .append(n.outputs())
          .append('\n');
    }
    return sb.append("outputs ").append(outputs).toString();
  }
}
