package org.djlvulkan.backend.lower;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.djlvulkan.backend.frontend.onnx.proto.DataType;
import org.djlvulkan.backend.frontend.onnx.proto.TensorData;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Attributes;
import org.djlvulkan.backend.ir.GraphInput;
import org.djlvulkan.backend.ir.GraphOutput;
import org.djlvulkan.backend.ir.IrGraph;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.model.ElementType;
import org.djlvulkan.backend.model.ModelException;
import org.djlvulkan.backend.model.Precision;
import org.djlvulkan.backend.model.UnsupportedModelException;
import org.djlvulkan.backend.ops.Activation;
import org.djlvulkan.backend.ops.Float16Ops;
import org.djlvulkan.backend.ops.LayoutOps;
import org.djlvulkan.backend.ops.QuantizedLayoutOps;
import org.djlvulkan.backend.passes.ConstantEvaluator;
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

  private VariantLowering(IrGraph ir, GraphBuilder g, boolean int8) {
    this.ir = ir;
    this.cx = new LoweringContext(ir, g, int8);
    this.floats = new FloatOpLowering(cx);
    this.int8 = new Int8OpLowering(cx, floats);
    this.quants = new QuantOpLowering(cx, floats, this.int8);
    this.integers = new IntegerOpLowering(cx, floats);
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
   *     run there; {@link Precision#FP32}: all in fp32
   * @return how each output comes back to the host, in graph order
   * @throws UnsupportedModelException when a node's attributes or shapes are not supported
   */
  public static List<OutputInfo> lower(
      IrGraph ir, GraphBuilder g, Map<String, long[]> shapes, Precision precision) {
    VariantLowering l = new VariantLowering(ir, g, precision == Precision.AUTO);
    List<OutputInfo> out = l.run(shapes);
    if (l.quants.fp32Nodes() > 0) {
      LOG.info(
          "{}: {} quantized nodes run in fp32 (see the lines above for why)",
          ir.source(),
          l.quants.fp32Nodes());
    }
    return out;
  }

  private List<OutputInfo> run(Map<String, long[]> shapes) {
    GraphBuilder g = cx.builder();
    for (GraphInput in : ir.inputs()) {
      long[] shape = shapes.get(in.name());
      DType dtype = in.type() == DataType.FLOAT16 ? DType.F16 : DType.F32;
      if (!INPUT_TYPES.contains(in.type())) {
        throw new UnsupportedModelException(
            ir.source(),
            "graph input '"
                + in.name()
                + "' of type "
                + in.type()
                + " (float, 8-bit and bool only)");
      }
      if (shape.length > LoweringContext.MAX_RANK) {
        throw new UnsupportedModelException(
            ir.source(),
            "graph input '"
                + in.name()
                + "' has rank "
                + shape.length
                + " (max "
                + LoweringContext.MAX_RANK
                + ")");
      }
      checkInputShape(in.name(), shape);
      long[] specShape =
          shape.length == 0
              ? new long[] {1}
              : shape.length > 4 ? LoweringContext.merged(shape) : shape;
      try {
        if (in.type() == DataType.BOOL) {
          IntegerInputs.addBool(cx, in.name(), shape);
          continue;
        }
        if (IntegerInputs.handles(in.type())) {
          IntegerInputs.add(cx, in.name(), in.type(), shape);
          continue;
        }
        Value v = g.input(in.name(), TensorSpec.of(dtype, Layout.NCHW, specShape));
        Value packed = dtype == DType.F16 ? Float16Ops.toNc4hw4(g, v) : LayoutOps.toNc4hw4(g, v);
        cx.put(in.name(), new DeviceTensor(packed, shape, null));
      } catch (IllegalArgumentException e) {
        throw new UnsupportedModelException(
            ir.source(), null, null, "graph input '" + in.name() + "': " + e.getMessage(), e);
      }
    }
    for (IrNode n : ir.nodes()) {
      try {
        lowerNode(n);
      } catch (ModelException e) {
        throw e;
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw new UnsupportedModelException(ir.source(), n.name(), n.label(), e.getMessage(), e);
      }
    }
    List<OutputInfo> infos = new ArrayList<>();
    for (GraphOutput o : ir.outputs()) {
      infos.add(output(o));
    }
    return infos;
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
      cx.putConstant(n.output(), ConstantEvaluator.evaluate(ir.source(), n, ins, ir.opset()));
      return;
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

  private OutputInfo output(GraphOutput o) {
    GraphBuilder g = cx.builder();
    DataType declared = o.declared().type();
    boolean bytes = declared == DataType.UINT8 || declared == DataType.INT8;
    if (bytes && cx.isRuntime(o.value())) {
      DeviceTensor codes = cx.stored(outputNode(o), 0);
      if (codes.int8() && codes.quant().type() == declared) {
        g.output(
            o.name(),
            QuantizedLayoutOps.toBytes(g, codes.value(), IntegerInputs.byteType(declared)));
        ElementType type = ElementType.fromOnnx(declared.code());
        return new OutputInfo(o.name(), type, codes.shape(), null);
      }
    }
    Value int32 = cx.isRuntime(o.value()) ? cx.int32OrNull(o.value()) : null;
    if (declared == DataType.INT32 && int32 != null) {
      g.output(o.name(), int32);
      return new OutputInfo(o.name(), ElementType.INT32, int32.spec().shape(), null);
    }
    DeviceTensor t;
    if (cx.isRuntime(o.value())) {
      t = cx.tensor(outputNode(o), 0);
    } else {
      TensorData c = cx.constantOrNull(o.value());
      IrNode n = outputNode(o);
      t = cx.materialize(n, o.value(), c, c.shape());
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
        out = LayoutOps.toNchw(g, t.value());
        type = ElementType.FLOAT32;
        break;
      case BOOL:
        if (!holdsBooleans(o.value())) {
          throw new UnsupportedModelException(
              ir.source(),
              "graph output '"
                  + o.name()
                  + "' of type BOOL is not the result of a comparison or logical operator (the"
                  + " bool results that run)");
        }
        out = LayoutOps.toNchw(g, t.value());
        type = ElementType.BOOL;
        break;
      case INT64:
        if (!holdsIndices(o.value())) {
          throw new UnsupportedModelException(
              ir.source(),
              "graph output '"
                  + o.name()
                  + "' of type INT64 is not the result of ArgMax/ArgMin or TopK's indices (the"
                  + " int64 results that run)");
        }
        out = LayoutOps.toNchw(g, t.value());
        type = ElementType.INT64;
        break;
      case UINT8:
      case INT8:
        if (t.quant() == null || t.quant().type() != declared) {
          throw new UnsupportedModelException(
              ir.source(),
              "graph output '" + o.name() + "' of type " + declared + " is not a quantized result");
        }
        out = LayoutOps.toNchw(g, t.value());
        type = ElementType.fromOnnx(declared.code());
        quant = t.quant();
        break;
      default:
        throw new UnsupportedModelException(
            ir.source(),
            "graph output '" + o.name() + "' of type " + declared + " is not supported");
    }
    g.output(o.name(), out);
    return new OutputInfo(o.name(), type, t.shape(), quant);
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
  private static IrNode outputNode(GraphOutput o) {
    return new IrNode(
        "graph output " + o.name(),
        Op.IDENTITY,
        "Output",
        List.of(o.value()),
        List.of(),
        Attributes.NONE,
        Activation.NONE);
  }
}
