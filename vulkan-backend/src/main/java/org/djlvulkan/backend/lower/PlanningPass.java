package org.djlvulkan.backend.lower;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.IrGraph;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.ops.int8.QuantizedPoolOps;
import org.djlvulkan.backend.ops.int8.SpaceToDepthStem;
import org.djlvulkan.backend.passes.ShapeInference;
import org.djlvulkan.backend.plan.KernelPlanner;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.QuantParams;
import org.djlvulkan.backend.tensor.TensorSpec;

/**
 * The planning pass: before a segment is lowered, it picks every convolution's kernel and the
 * layout of every int8 value, from the graph, the shapes inferred for the segment's inputs ({@link
 * ShapeInference}), the precision and the model's {@link KernelPlanner} (the device's capabilities
 * and kernel policy). The lowering reads the result ({@link VariantPlan}).
 *
 * <p>It walks the nodes in order and follows what the int8 kernels do with layouts: a quantization
 * and a q8ta convolution produce their value in the layout {@link Int8Layouts} gives (the first
 * consumer's); add, mul, pooling and the lookup-table operators keep their first int8 operand's
 * layout; a concat takes its operands' majority; linear layers write 4C1W; MaxPool and the views
 * that keep the codes pass the layout on. A node that the lowering then runs otherwise (an int8
 * node falling back to fp32) is planned again when lowered.
 */
final class PlanningPass {
  private final IrGraph ir;
  private final ShapeInference.Result shapes;
  private final KernelPlanner kernels;
  private final boolean int8;
  private final boolean half;
  private final Map<String, Layout> held = new HashMap<>();
  // Quantizations of float inputs into 4W4C that a stem convolution may quantize itself
  // (Int8OpLowering holds them back when the convolution alone reads them).
  private final Set<String> floatQuantized = new HashSet<>();
  private final Map<String, List<IrNode>> consumers;
  private final Int8Layouts rule;
  private final VariantPlan plan;

  private PlanningPass(
      IrGraph ir, ShapeInference.Result shapes, KernelPlanner kernels, boolean int8, boolean half) {
    this.ir = ir;
    this.shapes = shapes;
    this.kernels = kernels;
    this.int8 = int8;
    this.half = half;
    this.consumers = ir.consumers();
    this.plan = new VariantPlan(shapes.constants());
    this.rule =
        new Int8Layouts(
            new Int8Layouts.Facts() {
              @Override
              public List<IrNode> consumers(String value) {
                return consumers.getOrDefault(value, List.of());
              }

              @Override
              public TensorData constantOrNull(String value) {
                return constant(value);
              }

              @Override
              public Layout int8Layout(String value) {
                return held.get(value);
              }
            },
            kernels);
  }

  /**
   * Plans nodes {@code [from, to)} of a prepared graph.
   *
   * @param ir the prepared graph
   * @param from the first node
   * @param to the end (exclusive)
   * @param inputs the shapes of the run-time values the nodes read
   * @param folded the values earlier steps folded to constants
   * @param int8 whether quantized operators run on the int8 kernels
   * @param half whether float activations are stored in fp16 where an operator takes them
   * @param kernels the model's planner
   * @return the plan
   */
  static VariantPlan plan(
      IrGraph ir,
      int from,
      int to,
      Map<String, long[]> inputs,
      Map<String, TensorData> folded,
      boolean int8,
      boolean half,
      KernelPlanner kernels) {
    ShapeInference.Result shapes = ShapeInference.infer(ir, from, to, inputs, folded);
    PlanningPass pass = new PlanningPass(ir, shapes, kernels, int8, half);
    for (IrNode n : ir.nodes().subList(from, to)) {
      if (n.output().isEmpty() || shapes.constants().containsKey(n.output())) {
        continue; // folded on the host
      }
      try {
        pass.visit(n);
      } catch (IllegalArgumentException | ArithmeticException e) {
        // A node the kernels do not take: the lowering reports it (or runs it otherwise).
      }
    }
    return pass.plan;
  }

  private TensorData constant(String value) {
    TensorData t = shapes.constants().get(value);
    return t != null ? t : ir.constant(value);
  }

  private Function<String, TensorData> constants() {
    return this::constant;
  }

  private void visit(IrNode n) {
    long[] xs = n.inputs().isEmpty() ? null : shapes.shape(n.input(0));
    if (xs == null) {
      return;
    }
    Layout x = held.get(n.input(0));
    switch (n.op()) {
      case CONV:
        floatConv(n, xs, constant(n.input(1)), half && x == null);
        return;
      case QCONV:
        if (int8 && !n.activation().hardSwish()) {
          int8Conv(n, xs);
        } else {
          floatConv(n, xs, constant(n.input(3)), false);
        }
        return;
      default:
        break;
    }
    if (!int8) {
      return;
    }
    switch (n.op()) {
      case QUANTIZE:
        if (x == null && (xs.length == 4 || xs.length == 2)) {
          long[] s = xs.length == 4 ? xs : new long[] {xs[0], xs[1], 1, 1};
          Layout l = rule.produced(n.output(), s, quant(n, 1, 2));
          plan.putLayout(n.output(), l);
          held.put(n.output(), l);
          if (xs.length == 4 && l == Layout.INT8_4W4C) {
            floatQuantized.add(n.output());
          }
        }
        return;
      case QADD:
      case QMUL:
        {
          long[] bs = shapes.shape(n.input(3));
          boolean act = n.activation().hardSwish() || (n.op() == Op.QMUL && n.activation().clamp());
          if (bs == null || act) {
            return;
          }
          if (Arrays.equals(xs, bs)) {
            Layout b = held.get(n.input(3));
            Layout l =
                x != null ? x : b != null ? b : rule.produced(n.input(0), xs, quant(n, 1, 2));
            held.put(n.output(), l);
            return;
          }
          // A constant operand broadcast onto the run-time one takes the run-time one's layout.
          boolean aConstant = constant(n.input(0)) != null;
          if (aConstant != (constant(n.input(3)) != null)) {
            Layout l = aConstant ? held.get(n.input(3)) : x;
            if (l != null
                && Int8OpLowering.broadcastConstant(aConstant ? xs : bs, aConstant ? bs : xs)) {
              held.put(n.output(), l);
            }
          }
          return;
        }
      case QGLOBAL_AVERAGE_POOL:
        if (xs.length != 4 || n.attrs().i("channels_last", 0) != 0) {
          return;
        }
        {
          // From 4W4C the pool writes 4C1W where its consumer reads that (a linear layer).
          Layout in = x != null ? x : rule.produced(n.input(0), xs, quant(n, 1, 2));
          Layout wanted =
              rule.produced(n.output(), new long[] {xs[0], xs[1], 1, 1}, quant(n, 3, 4));
          Layout l = QuantizedPoolOps.globalAvgPoolLayout(in, wanted);
          plan.putLayout(n.output(), l);
          held.put(n.output(), l);
          return;
        }
      case QAVERAGE_POOL:
        if (xs.length != 4 || n.attrs().i("channels_last", 0) != 0) {
          return;
        }
        held.put(n.output(), x != null ? x : rule.produced(n.input(0), xs, quant(n, 1, 2)));
        return;
      case QSIGMOID:
      case QLEAKY_RELU:
        held.put(n.output(), x != null ? x : rule.produced(n.input(0), xs, quant(n, 1, 2)));
        return;
      case QCONCAT:
        {
          long axis = n.attrs().i("axis", Long.MIN_VALUE);
          long[] first = shapes.shape(n.input(2));
          if (first == null || (axis != 1 && axis != 1 - first.length)) {
            return;
          }
          int c4 = 0;
          int w4 = 0;
          for (int i = 2; i + 2 < n.inputs().size(); i += 3) {
            Layout l = held.get(n.input(i));
            c4 += l == Layout.INT8_4C1W ? 1 : 0;
            w4 += l == Layout.INT8_4W4C ? 1 : 0;
          }
          held.put(n.output(), w4 > c4 ? Layout.INT8_4W4C : Layout.INT8_4C1W);
          return;
        }
      case QGEMM:
        if (linear(n, xs)
            && n.attrs().i("transA", 0) == 0
            && n.attrs().f("alpha", 1f) == 1f
            && !n.input(7).isEmpty()) {
          held.put(n.output(), Layout.INT8_4C1W);
        }
        return;
      case QMAT_MUL:
        if (linear(n, xs)) {
          held.put(n.output(), Layout.INT8_4C1W);
        }
        return;
      default:
        if (x != null && passesCodes(n, xs)) {
          held.put(n.output(), x);
        }
    }
  }

  /** Whether a QGemm or QLinearMatMul has the 2-D operands and 8-bit B the int8 kernel takes. */
  private boolean linear(IrNode n, long[] xs) {
    TensorData b = constant(n.input(3));
    return b != null
        && xs.length == 2
        && b.rank() == 2
        && (b.type() == DataType.UINT8 || b.type() == DataType.INT8);
  }

  /** Whether a node of {@link Int8OpLowering#PASS_THROUGH} keeps int8 codes as they are. */
  private boolean passesCodes(IrNode n, long[] xs) {
    if (!Int8OpLowering.PASS_THROUGH.contains(n.op())) {
      return false;
    }
    switch (n.op()) {
      case MAX_POOL:
        return xs.length == 4 && (n.outputs().size() < 2 || n.outputs().get(1).isEmpty());
      case IDENTITY:
      case DROPOUT:
        return true;
      default:
        {
          long[] target = shapes.shape(n.output());
          return target != null
              && (Arrays.equals(target, xs)
                  || xs.length == 4
                      && xs[2] == 1
                      && xs[3] == 1
                      && target.length == 2
                      && target[0] == xs[0]
                      && target[1] == xs[1]);
        }
    }
  }

  private void floatConv(IrNode n, long[] xs, TensorData w, boolean mayBeHalf) {
    if (w == null || xs.length != 4) {
      return;
    }
    long[] ws = w.shape();
    Conv2dParams p = WindowAttributes.convParams(n, ws, (int) xs[2], (int) xs[3]);
    boolean f16 = mayBeHalf && HalfPrecision.takesHalf(n, constants());
    TensorSpec in = TensorSpec.of(f16 ? DType.F16 : DType.F32, Layout.NC4HW4, xs);
    plan.putConv(n, p, in, (int) ws[0], kernels.conv(n, p, in, (int) ws[0]));
  }

  private void int8Conv(IrNode n, long[] xs) {
    TensorData w = constant(n.input(3));
    if (w == null || w.rank() != 4 || xs.length != 4) {
      return;
    }
    long[] ws = w.shape();
    int oc = (int) ws[0];
    Conv2dParams p = WindowAttributes.convParams(n, ws, (int) xs[2], (int) xs[3]);
    QuantParams xq = quant(n, 1, 2);
    Layout in = rule.convInput(n, xs, xq);
    if (in == null) {
      // No int8 kernel takes this geometry: nothing to plan; the lowering decides (and names the
      // problem where the convolution cannot run).
      return;
    }
    plan.putConvInput(n, in);
    Layout x = held.get(n.input(0));
    TensorSpec spec = TensorSpec.quantized(x != null ? x : in, xq, xs);
    long[] ys = {xs[0], oc, p.outH((int) xs[2]), p.outW((int) xs[3])};
    Layout out = rule.produced(n.output(), ys, quant(n, 6, 7));
    plan.putLayout(n.output(), out);
    Optional<SpaceToDepthStem> stem = Optional.empty();
    if (floatQuantized.contains(n.input(0))) {
      // A float input the lowering may quantize for this convolution alone: into its
      // space-to-depth where the planner rewrites the stem.
      stem = kernels.spaceToDepthStem(p, xs);
      plan.putStem(n, stem);
    }
    Conv2dParams q = stem.map(SpaceToDepthStem::params).orElse(p);
    TensorSpec qin =
        stem.map(st -> TensorSpec.quantized(Layout.INT8_4W4C, xq, st.inputShape(xs))).orElse(spec);
    plan.putQConv(n, q, qin, oc, out, kernels.qconv(n, q, qin, oc, out));
    held.put(n.output(), out);
  }

  private QuantParams quant(IrNode n, int scale, int zero) {
    return Quant.read(n, scale, zero, constants()).int8();
  }
}
