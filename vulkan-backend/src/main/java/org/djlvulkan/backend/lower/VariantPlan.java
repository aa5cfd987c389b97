package org.djlvulkan.backend.lower;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.ops.fp.ConvPlan;
import org.djlvulkan.backend.ops.int8.QConvPlan;
import org.djlvulkan.backend.ops.int8.SpaceToDepthStem;
import org.djlvulkan.backend.plan.KernelPlanner;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;

/**
 * What the planning pass ({@link PlanningPass}) chose for the nodes of one segment before it is
 * lowered, and what the lowering reads: each convolution's kernel plan (for the input spec it was
 * planned for), each q8ta convolution's input layout, whether a q8ta stem runs on its input's
 * space-to-depth, the layout of each int8 value a quantization or convolution produces, and the
 * values shape inference folded on the host. A node the pass did not foresee (an operator a
 * lowering makes up, an input the device holds in another form than planned, an int8 node that
 * falls back to fp32) is planned by the same rules as the lowering reaches it, and counted ({@link
 * #unforeseen}).
 */
final class VariantPlan {
  /** A plan with nothing planned: the lowering applies every rule as it reaches the node. */
  static VariantPlan none() {
    return new VariantPlan(Map.of());
  }

  private final Map<String, TensorData> folded;

  private final Map<String, Layout> layouts = new HashMap<>();
  private final Map<String, Layout> convInputs = new HashMap<>();
  private final Map<String, Planned> convs = new HashMap<>();
  private final Map<String, Optional<SpaceToDepthStem>> stems = new HashMap<>();
  private int unforeseen;

  /**
   * Creates an empty plan.
   *
   * @param folded the values shape inference folded on the host, by name (the lowering takes them
   *     instead of evaluating the nodes again)
   */
  VariantPlan(Map<String, TensorData> folded) {
    this.folded = folded;
  }

  /**
   * Returns the outputs of a node that shape inference folded, in output order (null for an absent
   * output), or null when it did not fold them all.
   *
   * @param n the node
   * @return the values, or null
   */
  List<TensorData> folded(IrNode n) {
    List<TensorData> outs = new ArrayList<>();
    for (String v : n.outputs()) {
      TensorData t = v.isEmpty() ? null : folded.get(v);
      if (t == null && !v.isEmpty()) {
        return null;
      }
      outs.add(t);
    }
    return outs;
  }

  /** A convolution's plan with what it was planned for. */
  private record Planned(
      Conv2dParams p, TensorSpec input, int outChannels, Layout outputLayout, Record plan) {
    boolean fits(Conv2dParams p2, TensorSpec in2, int oc2, Layout out2) {
      return p.equals(p2)
          && input.equals(in2)
          && outChannels == oc2
          && Objects.equals(outputLayout, out2);
    }
  }

  void putLayout(String value, Layout layout) {
    layouts.put(value, layout);
  }

  void putConvInput(IrNode n, Layout layout) {
    convInputs.put(n.output(), layout);
  }

  void putConv(IrNode n, Conv2dParams p, TensorSpec input, int oc, ConvPlan plan) {
    convs.put(n.output(), new Planned(p, input, oc, null, plan));
  }

  void putQConv(IrNode n, Conv2dParams p, TensorSpec input, int oc, Layout out, QConvPlan plan) {
    convs.put(n.output(), new Planned(p, input, oc, out, plan));
  }

  void putStem(IrNode n, Optional<SpaceToDepthStem> stem) {
    stems.put(n.output(), stem);
  }

  /**
   * Returns the layout planned for an int8 value.
   *
   * @param value the value
   * @param rule the layout rule applied now, for a value not planned
   * @return the layout
   */
  Layout layout(String value, Supplier<Layout> rule) {
    return plannedOr(layouts, value, rule);
  }

  /**
   * Returns the input layout planned for a q8ta convolution (null: no kernel reads its shape).
   *
   * @param n the convolution
   * @param rule the layout rule applied now, for a node not planned
   * @return the layout, or null
   */
  Layout convInput(IrNode n, Supplier<Layout> rule) {
    return plannedOr(convInputs, n.output(), rule);
  }

  /**
   * Returns whether a q8ta convolution of a float input held back from its quantization runs on the
   * input's space-to-depth, and as what.
   *
   * @param n the convolution
   * @param rule the planner's choice made now, for a node not planned
   * @return the rewrite, or empty to run the convolution as written
   */
  Optional<SpaceToDepthStem> stem(IrNode n, Supplier<Optional<SpaceToDepthStem>> rule) {
    return plannedOr(stems, n.output(), rule);
  }

  /**
   * Returns a float convolution's plan: the planned one when the lowering's input is the spec it
   * was planned for, else one made now by the model's planner.
   *
   * @param n the convolution
   * @param p its geometry
   * @param input its input as lowered
   * @param oc OC
   * @param kernels the model's planner
   * @return the plan
   */
  ConvPlan conv(IrNode n, Conv2dParams p, TensorSpec input, int oc, KernelPlanner kernels) {
    Planned planned = convs.get(n.output());
    if (planned != null && planned.fits(p, input, oc, null)) {
      return (ConvPlan) planned.plan();
    }
    unforeseen++;
    return kernels.conv(n, p, input, oc);
  }

  /**
   * Returns a q8ta convolution's plan: the planned one when the lowering's input and output layout
   * are what it was planned for, else one made now by the model's planner.
   *
   * @param n the convolution
   * @param p its geometry
   * @param input its input as lowered
   * @param oc OC
   * @param out the layout its output is written in
   * @param kernels the model's planner
   * @return the plan
   */
  QConvPlan qconv(
      IrNode n, Conv2dParams p, TensorSpec input, int oc, Layout out, KernelPlanner kernels) {
    Planned planned = convs.get(n.output());
    if (planned != null && planned.fits(p, input, oc, out)) {
      return (QConvPlan) planned.plan();
    }
    unforeseen++;
    return kernels.qconv(n, p, input, oc, out);
  }

  /** The choice planned for {@code key}, else the rule's answer now, counted as unforeseen. */
  private <T> T plannedOr(Map<String, T> planned, String key, Supplier<T> rule) {
    if (planned.containsKey(key)) {
      return planned.get(key);
    }
    unforeseen++;
    return rule.get();
  }

  /** Returns how many choices the lowering made itself because the pass had not made them. */
  int unforeseen() {
    return unforeseen;
  }

  /** Returns how many choices the pass made. */
  int planned() {
    return layouts.size() + convInputs.size() + convs.size() + stems.size();
  }
}
