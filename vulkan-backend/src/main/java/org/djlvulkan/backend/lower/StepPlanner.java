package org.djlvulkan.backend.lower;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.djlvulkan.backend.graph.ConstantPool;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.ir.IrGraph;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.lower.VariantLowering.Segment;
import org.djlvulkan.backend.lower.VariantLowering.SegmentInput;
import org.djlvulkan.backend.lower.VariantLowering.SegmentResult;
import org.djlvulkan.backend.model.Precision;
import org.djlvulkan.backend.model.UnsupportedModelException;
import org.djlvulkan.backend.passes.ConstantEvaluator;
import org.djlvulkan.backend.plan.KernelPlanner;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits a prepared graph into steps as far as the device takes it: from a node on, it lowers as
 * many nodes as it can into one device graph; a node that cannot be lowered (an operator without a
 * kernel, a shape a kernel does not take, an input type the device does not hold) and that the host
 * reference implementation evaluates becomes a {@link HostStep}; any other ends in the lowering's
 * error. The steps after a host step depend on the shapes the host computed, so they are planned
 * when a run reaches them.
 */
final class StepPlanner {
  private static final Logger LOG = LoggerFactory.getLogger(StepPlanner.class);

  private final IrGraph ir;
  private final VulkanDevice device;
  private final ConstantPool pool;
  private final Precision precision;
  private final KernelPlanner kernels;
  private final Consumer<String> hostNodes;

  /**
   * Creates a planner.
   *
   * @param ir the prepared graph
   * @param device the device
   * @param pool the model's weight pool
   * @param precision the model's precision
   * @param kernels the model's kernel plans
   * @param hostNodes told the description of every node planned onto the host
   */
  StepPlanner(
      IrGraph ir,
      VulkanDevice device,
      ConstantPool pool,
      Precision precision,
      KernelPlanner kernels,
      Consumer<String> hostNodes) {
    this.ir = ir;
    this.device = device;
    this.pool = pool;
    this.precision = precision;
    this.kernels = kernels;
    this.hostNodes = hostNodes;
  }

  /** Returns the number of nodes of the graph. */
  int nodeCount() {
    return ir.nodes().size();
  }

  IrGraph ir() {
    return ir;
  }

  /**
   * Plans the step that starts at a node.
   *
   * @param from the node
   * @param live the run-time values known there (name, type, shape), in a stable order
   * @param constants the values earlier steps folded
   * @return the step
   * @throws UnsupportedModelException when the node can run neither on the device nor on the host
   */
  Step plan(int from, List<SegmentInput> live, Map<String, TensorData> constants) {
    int n = ir.nodes().size();
    GraphBuilder g = new GraphBuilder(device, pool);
    SegmentResult r =
        VariantLowering.lowerSegment(
            ir, g, new Segment(reads(live, from, n), constants, from, n, true), precision, kernels);
    if (r.complete()) {
      return new DeviceStep(g.build(), r.outputs(), r.constants(), n);
    }
    IrNode stopped = ir.nodes().get(r.end());
    if (!hostRunnable(stopped)) {
      throw r.stop();
    }
    if (r.end() > from) {
      GraphBuilder head = new GraphBuilder(device, pool);
      SegmentResult h =
          VariantLowering.lowerSegment(
              ir,
              head,
              new Segment(reads(live, from, r.end()), constants, from, r.end(), false),
              precision,
              kernels);
      return new DeviceStep(head.build(), h.outputs(), h.constants(), h.end());
    }
    IrNode node = stopped;
    String why = r.stop().getMessage();
    String prefix = ir.source() + ": ";
    HostStep step =
        new HostStep(node, from, why.startsWith(prefix) ? why.substring(prefix.length()) : why);
    LOG.info("{}: {}", ir.source(), step.describe());
    hostNodes.accept(step.describe());
    return step;
  }

  /** Returns whether the host reference implementation can run a node on run-time values. */
  private static boolean hostRunnable(IrNode n) {
    return ConstantEvaluator.foldable(n);
  }

  /**
   * Returns the live values that nodes {@code [from, to)} read, and when {@code to} is the end the
   * graph outputs too.
   */
  private List<SegmentInput> reads(List<SegmentInput> live, int from, int to) {
    Set<String> read = new HashSet<>();
    for (int k = from; k < to; k++) {
      read.addAll(ir.nodes().get(k).inputs());
    }
    if (to == ir.nodes().size()) {
      ir.outputs().forEach(o -> read.add(o.value()));
    }
    List<SegmentInput> out = new ArrayList<>();
    for (SegmentInput in : live) {
      if (read.contains(in.name())) {
        out.add(in);
      }
    }
    return out;
  }

  /** Closes a step's device graph, if it has one. */
  static void close(Step s) {
    if (s instanceof DeviceStep d) {
      d.graph().close();
    }
  }
}
