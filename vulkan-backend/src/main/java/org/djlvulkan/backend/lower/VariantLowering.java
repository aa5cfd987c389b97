package org.djlvulkan.backend.lower;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ir.Attributes;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.GraphInput;
import org.djlvulkan.backend.ir.GraphOutput;
import org.djlvulkan.backend.ir.IrGraph;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.model.ElementType;
import org.djlvulkan.backend.model.ModelException;
import org.djlvulkan.backend.model.PixelInput;
import org.djlvulkan.backend.model.Precision;
import org.djlvulkan.backend.model.SourceImages;
import org.djlvulkan.backend.model.UnsupportedModelException;
import org.djlvulkan.backend.ops.LayoutOps;
import org.djlvulkan.backend.ops.fp.Float16Ops;
import org.djlvulkan.backend.ops.int8.QuantizedLayoutOps;
import org.djlvulkan.backend.passes.ConstantEvaluator;
import org.djlvulkan.backend.plan.KernelPlanner;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers a prepared IR graph for concrete input shapes into a {@link GraphBuilder}: graph inputs
 * are converted to NC4HW4 (float16 inputs widened), nodes are visited in order - a node whose
 * inputs are all known constants is evaluated on the host, {@code Shape} of a runtime tensor
 * becomes a constant, every other node becomes ops - and outputs are converted back to NCHW
 * (float16 where declared).
 */
public final class VariantLowering {
  private static final Logger LOG = LoggerFactory.getLogger(VariantLowering.class);

  /** Element types a graph input may have. */
  static final Set<DataType> INPUT_TYPES =
      Set.of(DataType.FLOAT, DataType.FLOAT16, DataType.UINT8, DataType.INT8, DataType.BOOL);

  /** The most elements a graph input may have. */
  static final long MAX_INPUT_ELEMENTS = 1L << 28;

  private final IrGraph ir;
  private final LoweringContext cx;
  private final FloatOpLowering floats;
  private final Int8OpLowering int8;
  private final QuantOpLowering quants;
  private final IntegerOpLowering integers;
  private Map<String, IrNode> producers;

  private VariantLowering(
      IrGraph ir, GraphBuilder g, Precision precision, KernelPlanner kernels, VariantPlan plan) {
    this.ir = ir;
    this.cx =
        new LoweringContext(
            ir, g, precision != Precision.FP32, precision == Precision.FP16, kernels, plan);
    this.floats = new FloatOpLowering(cx);
    this.int8 = new Int8OpLowering(cx);
    this.quants = new QuantOpLowering(cx, floats, this.int8);
    this.integers = new IntegerOpLowering(cx);
  }

  /**
   * Returns whether an operator can be lowered (or folded) at all; attributes and shapes are
   * checked when lowering.
   *
   * @param n the node
   * @return true when its operator is implemented
   */
  public static boolean implemented(IrNode n) {
    return n.op().runnable();
  }

  /**
   * Lowers the graph.
   *
   * @param ir the prepared graph
   * @param g the builder to add inputs, nodes and outputs to
   * @param shapes the concrete shape of each runtime input, by name
   * @param precision {@link Precision#AUTO}: quantized operators on the int8 kernels where they can
   *     run there; {@link Precision#FP32}: all in fp32; {@link Precision#FP16}: as AUTO, with float
   *     activations in fp16 where the operator has fp16 kernels
   * @return how each output comes back to the host, in graph order
   * @throws UnsupportedModelException when a node's attributes or shapes are not supported
   */
  public static List<OutputInfo> lower(
      IrGraph ir, GraphBuilder g, Map<String, long[]> shapes, Precision precision) {
    List<SegmentInput> ins = new ArrayList<>();
    for (GraphInput in : ir.inputs()) {
      ins.add(new SegmentInput(in.name(), in.type(), shapes.get(in.name())));
    }
    Segment whole = new Segment(ins, Map.of(), 0, ir.nodes().size(), false);
    return lowerSegment(ir, g, whole, precision, KernelPlanner.forDevice(g.device())).outputs();
  }

  /**
   * What lowering a graph for inspection gave: the shape of every value lowered or folded, and how
   * many choices the planning pass made and the lowering had to make itself.
   *
   * @param shapes the shape of every value lowered or folded, by name
   * @param planned the choices the planning pass made
   * @param unforeseen the choices the lowering made because the plan had not
   */
  record Inspection(Map<String, long[]> shapes, int planned, int unforeseen) {}

  /**
   * Lowers a graph as far as the device runs it (to its first node that only the host can run), for
   * tests: the shapes are the oracle that shape inference ({@link
   * org.djlvulkan.backend.passes.ShapeInference}) is tested against, and lowering without the
   * planning pass is the oracle of the pass (the dispatches the builder holds afterwards must be
   * the same).
   *
   * @param ir the prepared graph
   * @param g the builder (discard it afterwards)
   * @param shapes the concrete shape of each runtime input, by name
   * @param precision see {@link #lower}
   * @param planFirst whether the planning pass runs first (else every rule is applied as the
   *     lowering reaches it)
   * @return what the lowering gave
   */
  static Inspection inspect(
      IrGraph ir,
      GraphBuilder g,
      Map<String, long[]> shapes,
      Precision precision,
      boolean planFirst) {
    List<SegmentInput> ins = new ArrayList<>();
    for (GraphInput in : ir.inputs()) {
      ins.add(new SegmentInput(in.name(), in.type(), shapes.get(in.name())));
    }
    KernelPlanner kernels = KernelPlanner.forDevice(g.device());
    Segment whole = new Segment(ins, Map.of(), 0, ir.nodes().size(), true);
    VariantPlan plan = planFirst ? plan(ir, whole, precision, kernels) : VariantPlan.none();
    VariantLowering l = new VariantLowering(ir, g, precision, kernels, plan);
    try {
      l.run(whole);
    } catch (ModelException e) {
      // An output the device cannot give: the values before it were lowered all the same.
    }
    return new Inspection(l.cx.valueShapes(), plan.planned(), plan.unforeseen());
  }

  /**
   * A run-time value a segment reads: a graph input, or a value that an earlier step (a segment or
   * a node run on the host) computed.
   *
   * @param name the IR value's name
   * @param type its element type; one the device does not take (int64, int32, double...) is
   *     uploaded as float32, and host-evaluable nodes that read it stop the segment
   * @param shape its concrete shape ({@code [N, H, W, 3]} for 8-bit images)
   * @param pixels how 8-bit images become the model's float input, or null for a value as it is
   * @param imageBytes for images at their own size ({@link SourceImages}): the byte capacity of the
   *     batch, whose table comes as the value {@link #tableName}; 0 for images of the input's size
   */
  record SegmentInput(
      String name, DataType type, long[] shape, PixelInput pixels, long imageBytes) {
    /** A run-time value as it is (not 8-bit images to normalize). */
    SegmentInput(String name, DataType type, long[] shape) {
      this(name, type, shape, null, 0);
    }

    /** Returns the name of the table of an input that comes as images at their own size. */
    static String tableName(String input) {
      return input + ".images";
    }
  }

  /**
   * Nodes {@code [from, to)} of a prepared graph, to lower into one device graph.
   *
   * @param inputs the run-time values the nodes read
   * @param constants values an earlier step folded to constants
   * @param from first node
   * @param to end (exclusive); the graph outputs are lowered when it is the node count
   * @param stopAtUnsupported whether a node that cannot be lowered ends the segment (reported in
   *     the result) instead of throwing
   */
  record Segment(
      List<SegmentInput> inputs,
      Map<String, TensorData> constants,
      int from,
      int to,
      boolean stopAtUnsupported) {}

  /**
   * What lowering a segment gave.
   *
   * @param end the node the segment stopped before ({@code to} when it is complete)
   * @param stop why it stopped early, or null
   * @param outputs how the segment's results come back: graph outputs, and the values later steps
   *     read ({@link OutputInfo#irValue()})
   * @param constants values of the segment that folded to constants and later steps read
   */
  record SegmentResult(
      int end,
      UnsupportedModelException stop,
      List<OutputInfo> outputs,
      Map<String, TensorData> constants) {
    boolean complete() {
      return stop == null;
    }
  }

  /**
   * Lowers nodes {@code [from, to)} of a prepared graph.
   *
   * @param ir the prepared graph
   * @param g the builder (discard it when the result stopped early)
   * @param s the segment
   * @param precision see {@link #lower}
   * @param kernels the model's kernel plans
   * @return the result
   * @throws UnsupportedModelException when a node cannot be lowered and the segment does not stop
   */
  static SegmentResult lowerSegment(
      IrGraph ir, GraphBuilder g, Segment s, Precision precision, KernelPlanner kernels) {
    VariantLowering l =
        new VariantLowering(ir, g, precision, kernels, plan(ir, s, precision, kernels));
    SegmentResult out = l.run(s);
    if (l.quants.fp32Nodes() > 0 && out.complete()) {
      LOG.info(
          "{}: {} quantized nodes run in fp32 (see the lines above for why)",
          ir.source(),
          l.quants.fp32Nodes());
    }
    return out;
  }

  /**
   * Runs the planning pass over a segment: every convolution's kernel and every int8 value's
   * layout, from the shapes of the segment's inputs.
   */
  static VariantPlan plan(IrGraph ir, Segment s, Precision precision, KernelPlanner kernels) {
    Map<String, long[]> known = new HashMap<>();
    for (SegmentInput in : s.inputs()) {
      long[] d = in.shape();
      known.put(in.name(), in.pixels() != null ? new long[] {d[0], 3, d[1], d[2]} : d);
    }
    return PlanningPass.plan(
        ir,
        s.from(),
        s.to(),
        known,
        s.constants(),
        precision != Precision.FP32,
        precision == Precision.FP16,
        kernels);
  }

  private SegmentResult run(Segment s) {
    Map<String, DataType> hostOnly = new HashMap<>();
    // Inputs the device cannot take at all (empty, or 8-bit codes on a grid it cannot pack), with
    // why: a node that reads one stops the segment.
    Map<String, String> absent = new HashMap<>();
    for (SegmentInput in : s.inputs()) {
      DataType type = in.type();
      if (s.stopAtUnsupported() && Arrays.stream(in.shape()).anyMatch(d -> d == 0)) {
        absent.put(in.name(), Arrays.toString(in.shape()) + ", an empty tensor,");
        continue;
      }
      if (!INPUT_TYPES.contains(type) && s.stopAtUnsupported()) {
        hostOnly.put(in.name(), type);
        type = DataType.FLOAT;
      }
      try {
        if (in.pixels() != null) {
          addPixels(in);
          continue;
        }
        addInput(in.name(), type, in.shape());
      } catch (UnsupportedModelException e) {
        if (!s.stopAtUnsupported()) {
          throw e;
        }
        String why = e.getMessage().replace(ir.source() + ": ", "");
        absent.put(in.name(), "of type " + type + " (" + why + ")");
      }
    }
    s.constants().forEach(cx::putConstant);
    List<IrNode> nodes = ir.nodes();
    for (int k = s.from(); k < s.to(); k++) {
      IrNode n = nodes.get(k);
      UnsupportedModelException failure;
      try {
        for (String in : n.inputs()) {
          if (absent.containsKey(in)) {
            throw cx.unsupported(
                n, "reads '" + in + "' " + absent.get(in) + " which the device does not hold");
          }
        }
        String hostInput = hostOnlyInput(n, hostOnly.keySet());
        if (hostInput != null) {
          throw cx.unsupported(
              n,
              "reads '"
                  + hostInput
                  + "' of type "
                  + hostOnly.get(hostInput)
                  + ", which the device does not hold");
        }
        lowerNode(n);
        continue;
      } catch (UnsupportedModelException e) {
        failure = e;
      } catch (ModelException e) {
        throw e;
      } catch (IllegalArgumentException | ArithmeticException | IndexOutOfBoundsException e) {
        // An index out of bounds is a shape or attribute that a check missed: still the node's
        // problem, reported with its name (as the host evaluator does).
        failure =
            new UnsupportedModelException(ir.source(), n.name(), n.label(), e.getMessage(), e);
      }
      if (!s.stopAtUnsupported()) {
        throw failure;
      }
      return new SegmentResult(k, failure, List.of(), Map.of());
    }
    List<OutputInfo> infos = new ArrayList<>();
    Map<String, TensorData> constants = new LinkedHashMap<>();
    if (s.to() == nodes.size()) {
      for (GraphOutput o : ir.outputs()) {
        if (hostOnly.containsKey(o.value()) || absent.containsKey(o.value())) {
          continue;
        }
        TensorData constant = cx.isRuntime(o.value()) ? null : cx.constantOrNull(o.value());
        if (constant != null) {
          // A constant of the variant (an initializer, a folded Shape): the host hands it over.
          constants.put(o.value(), constant);
          continue;
        }
        try {
          infos.add(output(o.declared().name(), o.value(), o.declared().type(), null));
        } catch (UnsupportedModelException e) {
          // An output type the device cannot give (int32 of a float op, a double...): its
          // producer, when it is a node of this segment, may run on the host instead.
          IrNode made = producers().get(o.value());
          int producer = made == null ? -1 : nodes.indexOf(made);
          if (!s.stopAtUnsupported() || producer < s.from()) {
            throw e;
          }
          return new SegmentResult(producer, e, List.of(), Map.of());
        }
      }
    } else {
      for (String v : laterReads(s.from(), s.to())) {
        TensorData c = cx.constantOrNull(v);
        if (c != null) {
          constants.put(v, c);
        } else if (cx.isRuntime(v)) {
          infos.add(output(BOUNDARY + v, v, semanticType(v), v));
        }
      }
    }
    return new SegmentResult(s.to(), null, infos, constants);
  }

  /** Prefix of the device output that hands a value to a later step (graph outputs have none). */
  static final String BOUNDARY = "step-result:";

  /** Returns the first input of a host-evaluable node that only the host holds, or null. */
  private static String hostOnlyInput(IrNode n, Set<String> hostOnly) {
    if (hostOnly.isEmpty() || !n.op().hostEvaluable()) {
      return null;
    }
    for (String in : n.inputs()) {
      if (hostOnly.contains(in)) {
        return in;
      }
    }
    return null;
  }

  /**
   * Returns the values that nodes {@code [from, to)} produce and a later node or a graph output
   * reads, in production order.
   */
  private List<String> laterReads(int from, int to) {
    List<IrNode> nodes = ir.nodes();
    Set<String> read = new HashSet<>();
    for (int k = to; k < nodes.size(); k++) {
      read.addAll(nodes.get(k).inputs());
    }
    ir.outputs().forEach(o -> read.add(o.value()));
    List<String> out = new ArrayList<>();
    for (int k = from; k < to; k++) {
      for (String v : nodes.get(k).outputs()) {
        if (!v.isEmpty() && read.contains(v)) {
          out.add(v);
        }
      }
    }
    return out;
  }

  /**
   * The element type a run-time value has in the model, which the device may hold in another form:
   * booleans and indices are held as floats, 8-bit codes as their real values or packed codes.
   */
  private DataType semanticType(String value) {
    if (holdsBooleans(value)) {
      return DataType.BOOL;
    }
    if (holdsIndices(value)) {
      return DataType.INT64;
    }
    if (cx.int32OrNull(value) != null) {
      return DataType.INT32;
    }
    String v = value;
    IrNode p = producers().get(v);
    while (p != null && Int8OpLowering.PASS_THROUGH.contains(p.op())) {
      v = p.input(0);
      p = producers().get(v);
    }
    if (p != null && p.op().family() == Op.Family.QUANTIZED && p.op() != Op.DEQUANTIZE) {
      Quant q = cx.stored(outputNode(value), 0).quant();
      if (q != null) {
        return q.type();
      }
    }
    return DataType.FLOAT;
  }

  /**
   * Adds 8-bit images as a graph input (with their table, for images at their own size) and
   * normalizes them into the model's float input.
   */
  private void addPixels(SegmentInput in) {
    long[] s = in.shape();
    checkInputShape(in.name(), s);
    GraphBuilder g = cx.builder();
    Value packed;
    if (in.imageBytes() > 0) {
      Value bytes =
          g.input(in.name(), TensorSpec.of(DType.U8, Layout.NCHW, new long[] {in.imageBytes()}));
      Value table =
          g.input(
              SegmentInput.tableName(in.name()),
              TensorSpec.of(DType.U8, Layout.NCHW, new long[] {s[0], SourceImages.WORDS * 4L}));
      packed = LayoutOps.sourceImagesToNc4hw4(g, bytes, table, (int) s[1], (int) s[2], in.pixels());
    } else {
      Value bytes = g.input(in.name(), TensorSpec.of(DType.U8, Layout.NCHW, s));
      packed = LayoutOps.pixelsToNc4hw4(g, bytes, in.pixels());
    }
    cx.put(in.name(), new DeviceTensor(packed, new long[] {s[0], 3, s[1], s[2]}, null));
  }

  private void addInput(String name, DataType type, long[] shape) {
    GraphBuilder g = cx.builder();
    DType dtype = type == DataType.FLOAT16 ? DType.F16 : DType.F32;
    if (!INPUT_TYPES.contains(type)) {
      throw new UnsupportedModelException(
          ir.source(),
          "graph input '" + name + "' of type " + type + " (float, 8-bit and bool only)");
    }
    if (shape.length > LoweringContext.MAX_RANK) {
      throw new UnsupportedModelException(
          ir.source(),
          "graph input '"
              + name
              + "' has rank "
              + shape.length
              + " (max "
              + LoweringContext.MAX_RANK
              + ")");
    }
    checkInputShape(name, shape);
    long[] specShape =
        shape.length == 0
            ? new long[] {1}
            : shape.length > 4 ? LoweringContext.merged(shape) : shape;
    try {
      if (type == DataType.BOOL) {
        IntegerInputs.addBool(cx, name, shape);
        return;
      }
      if (IntegerInputs.handles(type)) {
        IntegerInputs.add(cx, name, type, shape);
        return;
      }
      Value v = g.input(name, TensorSpec.of(dtype, Layout.NCHW, specShape));
      // In the fp16 mode an input that only fp16 operators read is packed as fp16 (an fp32 one
      // rounded as it is packed).
      boolean half =
          !cx.consumers(name).isEmpty() && cx.consumers(name).stream().allMatch(cx::takesHalf);
      DType storage = half ? DType.F16 : DType.F32;
      Value packed =
          dtype == DType.F16
              ? Float16Ops.toNc4hw4(g, v, storage)
              : LayoutOps.toNc4hw4(g, v, storage);
      cx.put(name, new DeviceTensor(packed, shape, null));
    } catch (IllegalArgumentException e) {
      throw new UnsupportedModelException(
          ir.source(), null, null, "graph input '" + name + "': " + e.getMessage(), e);
    }
  }

  private void checkInputShape(String name, long[] shape) {
    long count = 1;
    for (long d : shape) {
      if (d <= 0 || d > MAX_INPUT_ELEMENTS) {
        throw new UnsupportedModelException(
            ir.source(),
            "graph input '" + name + "' " + Arrays.toString(shape) + " is empty or too large");
      }
      count *= d;
      if (count > MAX_INPUT_ELEMENTS) {
        throw new UnsupportedModelException(
            ir.source(), "graph input '" + name + "' " + Arrays.toString(shape) + " is too large");
      }
    }
  }

  private void lowerNode(IrNode n) {
    boolean allConstant = true;
    List<TensorData> ins = new ArrayList<>();
    for (String in : n.inputs()) {
      TensorData c = in.isEmpty() ? null : cx.constantOrNull(in);
      allConstant &= in.isEmpty() || c != null;
      ins.add(c);
    }
    if (n.op() == Op.SHAPE && cx.isRuntime(n.input(0))) {
      cx.putConstant(n.output(), ConstantEvaluator.shapeOf(cx.tensor(n, 0).shape(), n.attrs()));
      return;
    }
    if (allConstant && ConstantEvaluator.foldable(n)) {
      // Shape inference folded it already (before lowering); evaluated here only when it did not.
      List<TensorData> outs = cx.plan().folded(n);
      if (outs == null) {
        outs = ConstantEvaluator.evaluateAll(ir.source(), n, ins);
      }
      for (int k = 0; k < outs.size(); k++) {
        if (!n.outputs().get(k).isEmpty()) {
          cx.putConstant(n.outputs().get(k), outs.get(k));
        }
      }
      return;
    }
    if (n.op() == Op.DROPOUT) {
      dropoutMask(n);
    }
    DeviceTensor out = null;
    if (cx.int8()
        && Int8OpLowering.PASS_THROUGH.contains(n.op())
        && cx.isRuntime(n.input(0))
        && cx.stored(n, 0).int8()) {
      out = int8.passThrough(n);
    }
    if (out != null) {
      cx.put(n.output(), out);
      return;
    }
    switch (n.op().family()) {
      case FLOAT:
        out = floats.lower(n);
        break;
      case INTEGER:
        out = integers.lower(n);
        break;
      case QUANTIZED:
        out = quants.lower(n);
        break;
      case HOST:
      case SHAPE:
        throw cx.unsupported(
            n, "runs only on constant inputs (shape arithmetic), not on run-time tensors");
      default:
        throw cx.unsupported(n, "not implemented");
    }
    cx.put(n.output(), out);
  }

  /**
   * Gives Dropout's mask output, when the graph reads it, its inference value: all true, a constant
   * of the variant. Training mode (random masks) is not supported, but with a ratio of 0.
   */
  private void dropoutMask(IrNode n) {
    TensorData training = cx.optionalConstant(n, 2, "training_mode");
    TensorData ratio = cx.optionalConstant(n, 1, "ratio");
    boolean dropsNothing = ratio != null && ratio.count() > 0 && ratio.getDouble(0) == 0;
    if (training != null && training.count() > 0 && training.getDouble(0) != 0 && !dropsNothing) {
      throw cx.unsupported(n, "training_mode = true (random masks) is not supported");
    }
    String mask = n.outputs().size() > 1 ? n.outputs().get(1) : "";
    if (!mask.isEmpty()) {
      long[] shape =
          cx.isRuntime(n.input(0))
              ? cx.heldOrNull(n.input(0)).shape()
              : cx.constant(n, 0, "data").shape();
      double[] ones =
          new double[Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact))];
      Arrays.fill(ones, 1);
      cx.putConstant(mask, TensorData.ofDoubles(DataType.BOOL, ones, shape));
    }
  }

  private OutputInfo output(String name, String value, DataType declared, String irValue) {
    GraphBuilder g = cx.builder();
    boolean bytes = declared == DataType.UINT8 || declared == DataType.INT8;
    if (bytes && cx.isRuntime(value)) {
      DeviceTensor codes = cx.stored(outputNode(value), 0);
      if (codes.int8() && codes.quant().type() == declared) {
        g.output(
            name, QuantizedLayoutOps.toBytes(g, codes.value(), IntegerInputs.byteType(declared)));
        ElementType type = ElementType.fromOnnx(declared.code());
        return new OutputInfo(name, type, codes.shape(), null, irValue);
      }
    }
    Value int32 = cx.isRuntime(value) ? cx.int32OrNull(value) : null;
    if (declared == DataType.INT32 && int32 != null) {
      g.output(name, int32);
      return new OutputInfo(name, ElementType.INT32, int32.spec().shape(), null, irValue);
    }
    DeviceTensor t;
    DeviceTensor held = cx.heldOrNull(value);
    if ((declared == DataType.FLOAT || declared == DataType.FLOAT16)
        && held != null
        && held.value().spec().dtype() == DType.F16) {
      // An fp16 result becomes the float output in one conversion.
      t = held;
    } else {
      // A run-time value: the caller hands constants of the variant over on the host.
      t = cx.tensor(outputNode(value), 0);
    }
    Value out;
    ElementType type;
    Quant quant = null;
    switch (declared) {
      case FLOAT16:
        out = Float16Ops.toHalfNchw(g, t.value());
        type = ElementType.FLOAT16;
        break;
      case FLOAT:
        out = LayoutOps.toNchwOutput(g, t.value());
        type = ElementType.FLOAT32;
        break;
      case BOOL:
        if (!holdsBooleans(value)) {
          throw new UnsupportedModelException(
              ir.source(),
              "graph output '"
                  + name
                  + "' of type BOOL is not the result of a comparison or logical operator (the"
                  + " bool results that run)");
        }
        out = LayoutOps.toNchwOutput(g, t.value());
        type = ElementType.BOOL;
        break;
      case INT64:
        if (!holdsIndices(value)) {
          throw new UnsupportedModelException(
              ir.source(),
              "graph output '"
                  + name
                  + "' of type INT64 is not the result of ArgMax/ArgMin or TopK's indices (the"
                  + " int64 results that run)");
        }
        out = LayoutOps.toNchwOutput(g, t.value());
        type = ElementType.INT64;
        break;
      case UINT8:
      case INT8:
        if (t.quant() == null || t.quant().type() != declared) {
          throw new UnsupportedModelException(
              ir.source(),
              "graph output '" + name + "' of type " + declared + " is not a quantized result");
        }
        out = LayoutOps.toNchwOutput(g, t.value());
        type = ElementType.fromOnnx(declared.code());
        quant = t.quant();
        break;
      default:
        throw new UnsupportedModelException(
            ir.source(), "graph output '" + name + "' of type " + declared + " is not supported");
    }
    g.output(name, out);
    return new OutputInfo(name, type, t.shape(), quant, irValue);
  }

  /** Returns whether a run-time value holds 1.0/0.0 booleans: a comparison or logic result. */
  private boolean holdsBooleans(String value) {
    IrNode p = cx.isRuntime(value) ? origin(value) : null;
    return p != null && LOGICAL.contains(p.op());
  }

  /**
   * Returns whether a run-time value holds indices as floats: ArgMax/ArgMin's result or TopK's
   * second output.
   */
  private boolean holdsIndices(String value) {
    IrNode p = cx.isRuntime(value) ? origin(value) : null;
    if (p == null) {
      return false;
    }
    String first = viewSource(value);
    return INDICES.contains(p.op()) || (p.op() == Op.TOP_K && p.outputs().indexOf(first) == 1);
  }

  /**
   * The node that computes a value's elements, looking through views that keep them: how an int64
   * or bool output, held as floats on the device, is known to hold integers.
   */
  private IrNode origin(String value) {
    return producers().get(viewSource(value));
  }

  /** The value a chain of views starts from ({@code value} itself when no view produces it). */
  private String viewSource(String value) {
    String v = value;
    IrNode p = producers().get(v);
    while (p != null && VIEWS.contains(p.op())) {
      v = p.input(0);
      p = producers().get(v);
    }
    return v;
  }

  private Map<String, IrNode> producers() {
    if (producers == null) {
      producers = ir.producers();
    }
    return producers;
  }

  /** Operators whose results are indices (int64 outputs). */
  private static final Set<Op> INDICES = Set.of(Op.ARG_MAX, Op.ARG_MIN);

  /** Operators whose results are booleans, 1.0 or 0.0 (bool outputs). */
  private static final Set<Op> LOGICAL =
      Set.of(
          Op.EQUAL,
          Op.LESS,
          Op.GREATER,
          Op.LESS_OR_EQUAL,
          Op.GREATER_OR_EQUAL,
          Op.AND,
          Op.OR,
          Op.XOR,
          Op.NOT);

  /** Operators that pass their first input's elements on unchanged. */
  private static final Set<Op> VIEWS =
      Set.of(Op.RESHAPE, Op.FLATTEN, Op.SQUEEZE, Op.UNSQUEEZE, Op.IDENTITY);

  /** A stand-in node that reads an output's value, so that messages and lookups can name it. */
  private static IrNode outputNode(String value) {
    return new IrNode(
        "graph output " + value,
        Op.IDENTITY,
        "Output",
        List.of(value),
        List.of(),
        Attributes.NONE,
        Activation.NONE);
  }
}
