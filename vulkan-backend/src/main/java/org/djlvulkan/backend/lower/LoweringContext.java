package org.djlvulkan.backend.lower;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.IrGraph;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.model.ModelFormatException;
import org.djlvulkan.backend.model.UnsupportedModelException;
import org.djlvulkan.backend.ops.LayoutOps;
import org.djlvulkan.backend.ops.ResidualFusion;
import org.djlvulkan.backend.ops.ShapeOps;
import org.djlvulkan.backend.ops.fp.FloatStorage;
import org.djlvulkan.backend.plan.KernelPlanner;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;

/**
 * The state of one lowering: the graph being built, the runtime tensors and constants by IR value
 * name, and the helpers the op lowerings share (operand access, constant materialization, ONNX
 * shapes on device values, error messages that name the node).
 */
final class LoweringContext {
  private final IrGraph ir;
  private final GraphBuilder g;
  private final Map<String, DeviceTensor> tensors = new HashMap<>();
  private final Map<String, TensorData> constants;
  private final Map<String, DeviceTensor> materialized = new HashMap<>();
  private final Map<String, DeviceTensor> dequantized = new HashMap<>();
  private final Map<String, List<IrNode>> consumers = new HashMap<>();
  private final Map<String, Value> bytes = new HashMap<>();

  /**
   * Quantized values held as the float NCHW values their per-tensor quantization reads (not yet
   * codes), by name, with the packed layout of the codes they stand for ({@link #holdUnquantized}).
   */
  private final Map<String, Layout> unquantized = new HashMap<>();

  private final boolean int8;
  private final boolean half;
  private final KernelPlanner kernels;
  private final VariantPlan plan;
  private final Set<IrNode> graphNodes = Collections.newSetFromMap(new IdentityHashMap<>());
  private final WindowAttributes windows = new WindowAttributes(this);
  private final ViewShapes views = new ViewShapes(this);

  LoweringContext(
      IrGraph ir,
      GraphBuilder g,
      boolean int8,
      boolean half,
      KernelPlanner kernels,
      VariantPlan plan) {
    this.ir = ir;
    this.plan = plan;
    this.g = g;
    this.kernels = kernels;
    this.constants = new HashMap<>(ir.constants());
    this.int8 = int8;
    this.half = half;
    graphNodes.addAll(ir.nodes());
    for (IrNode n : ir.nodes()) {
      for (String in : n.inputs()) {
        if (!in.isEmpty()) {
          consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
        }
      }
    }
  }

  /** Returns what the planning pass chose for this segment, which the lowerings read. */
  VariantPlan plan() {
    return plan;
  }

  /** Returns the model's kernel plans, which the convolutions' lowerings read. */
  KernelPlanner kernels() {
    return kernels;
  }

  /** Returns whether quantized operators run on the int8 kernels (precision AUTO). */
  boolean int8() {
    return int8;
  }

  /** Returns whether float activations are stored in fp16 where an operator takes them. */
  boolean half() {
    return half;
  }

  /**
   * Returns whether a node reads fp16 activations: a node of the model (not one that a lowering
   * makes up to run part of another operator, such as the float steps of a per-axis
   * DequantizeLinear) whose operator has fp16 kernels, in the fp16 mode.
   */
  boolean takesHalf(IrNode n) {
    return half && graphNodes.contains(n) && HalfPrecision.takesHalf(n, this::constantOrNull);
  }

  /** Returns what the int8 layout rule reads about the values lowered so far. */
  Int8Layouts.Facts int8Facts() {
    return new Int8Layouts.Facts() {
      @Override
      public List<IrNode> consumers(String value) {
        return LoweringContext.this.consumers(value);
      }

      @Override
      public TensorData constantOrNull(String value) {
        return LoweringContext.this.constantOrNull(value);
      }

      @Override
      public Layout int8Layout(String value) {
        DeviceTensor t = tensors.get(value);
        return t != null && t.int8() ? t.value().spec().layout() : null;
      }
    };
  }

  /** Returns the nodes that read a value, in graph order. */
  List<IrNode> consumers(String name) {
    return consumers.getOrDefault(name, List.of());
  }

  GraphBuilder builder() {
    return g;
  }

  IrGraph ir() {
    return ir;
  }

  /** Returns the error for a node that breaks the operator's specification (no fallback helps). */
  ModelFormatException malformed(IrNode n, String problem) {
    return new ModelFormatException(ir.source(), n.name(), n.label(), problem, null);
  }

  /** Returns the shape rules of the view operators. */
  ViewShapes views() {
    return views;
  }

  /** Returns the reader of convolution and pooling geometry. */
  WindowAttributes windows() {
    return windows;
  }

  UnsupportedModelException unsupported(IrNode n, String problem) {
    return new UnsupportedModelException(ir.source(), n.name(), n.label(), problem, null);
  }

  /** Returns the shape of every value lowered or folded so far, by name. */
  Map<String, long[]> valueShapes() {
    Map<String, long[]> out = new HashMap<>();
    constants.forEach((name, t) -> out.put(name, t.shape()));
    tensors.forEach((name, t) -> out.put(name, t.shape()));
    return out;
  }

  boolean isConstant(String name) {
    return constants.containsKey(name);
  }

  TensorData constantOrNull(String name) {
    return constants.get(name);
  }

  void putConstant(String name, TensorData t) {
    constants.put(name, t);
  }

  void put(String name, DeviceTensor t) {
    if (!name.isEmpty()) {
      tensors.put(name, t);
      if (!soleReader(name)) {
        // An add may run in the passes that made a value only when nothing else reads it.
        ResidualFusion.forget(g, t.value());
      }
    }
  }

  /** Returns whether exactly one node reads a value, once, and the graph does not output it. */
  boolean soleReader(String name) {
    return consumers(name).size() == 1
        && ir.outputs().stream().noneMatch(o -> o.value().equals(name));
  }

  /**
   * Records the raw 8-bit NCHW value of an integer graph input, for the operators that read the
   * integers themselves ({@link IntegerOpLowering}).
   */
  void putBytes(String name, Value v) {
    bytes.put(name, v);
  }

  /** Returns the raw U8/I8 NCHW value of an integer graph input, or null. */
  Value bytesOrNull(String name) {
    return bytes.get(name);
  }

  /** Returns the int32 NCHW value of a runtime tensor (an {@link IntegerOpLowering} result). */
  Value int32OrNull(String name) {
    DeviceTensor t = tensors.get(name);
    return t != null && t.value().spec().dtype() == DType.I32 ? t.value() : null;
  }

  /** Returns a runtime tensor as its producer left it (any storage), or null. */
  DeviceTensor heldOrNull(String name) {
    return quantizedNow(name);
  }

  /**
   * Marks a quantization's result, stored as the float NCHW values it reads (with the quantization
   * in the tensor), as not yet quantized: the convolution that reads it alone may quantize the
   * values itself ({@link #unquantizedOrNull}, {@link #quantizedByReader}); any other read ({@link
   * #stored}, {@link #tensor}, {@link #heldOrNull}, so also a later step's hand-over) quantizes
   * them first, into codes in {@code layout}.
   *
   * @param name the quantization's output
   * @param layout the packed layout its codes take
   */
  void holdUnquantized(String name, Layout layout) {
    unquantized.put(name, layout);
  }

  /**
   * The float values of a quantization's result not yet quantized ({@link #holdUnquantized}).
   *
   * @param values the float NCHW values, with their quantization
   * @param codes the packed layout of the codes they stand for
   */
  record Unquantized(DeviceTensor values, Layout codes) {}

  /** Returns a value held unquantized, without quantizing it, or null. */
  Unquantized unquantizedOrNull(String name) {
    Layout codes = unquantized.get(name);
    return codes == null ? null : new Unquantized(tensors.get(name), codes);
  }

  /** Records that the value's reader quantized its float values itself: no codes are made. */
  void quantizedByReader(String name) {
    unquantized.remove(name);
  }

  /** Returns a runtime tensor, quantizing it first where it is held unquantized, or null. */
  private DeviceTensor quantizedNow(String name) {
    DeviceTensor t = tensors.get(name);
    Layout codes = unquantized.remove(name);
    if (codes != null) {
      t =
          new DeviceTensor(
              LayoutOps.quantize(g, t.value(), t.quant().int8(), codes), t.shape(), t.quant());
      tensors.put(name, t);
    }
    return t;
  }

  /**
   * Returns a node's first input, which must be 4-D {@code [N, C, H, W]} (the 2-D window and
   * convolution operators).
   *
   * @throws UnsupportedModelException naming the node and the input's shape otherwise
   */
  DeviceTensor tensor4(IrNode n) {
    DeviceTensor x = tensor(n, 0);
    if (x.rank() != 4) {
      throw unsupported(
          n, "input " + Arrays.toString(x.shape()) + " must be 4-D [N, C, H, W] (2-D op)");
    }
    return x;
  }

  /** Returns whether a value is a runtime tensor (not a constant). */
  boolean isRuntime(String name) {
    return tensors.containsKey(name);
  }

  /**
   * Returns input {@code i} of a node as a constant.
   *
   * @throws UnsupportedModelException when it is a runtime value or missing
   */
  TensorData constant(IrNode n, int i, String what) {
    String name = n.input(i);
    TensorData t = constants.get(name);
    if (t == null) {
      throw unsupported(
          n,
          what
              + (name.isEmpty()
                  ? " is missing"
                  : " ('" + name + "') must be a constant, it is computed at run time"));
    }
    return t;
  }

  /** Returns input {@code i} as a constant, or null when the input is absent. */
  TensorData optionalConstant(IrNode n, int i, String what) {
    return n.input(i).isEmpty() ? null : constant(n, i, what);
  }

  /**
   * Returns input {@code i} of a node as an F32 NC4HW4 runtime tensor: a constant is uploaded as
   * one, and int8 codes are dequantized once (the result keeps the quantization: it holds exactly
   * the values of the codes).
   *
   * @throws UnsupportedModelException when it is missing
   */
  DeviceTensor tensor(IrNode n, int i) {
    DeviceTensor t = stored(n, i);
    if (!t.int8()) {
      return t;
    }
    return inStorage(n, dequantized(n, i, t));
  }

  private DeviceTensor dequantized(IrNode n, int i, DeviceTensor t) {
    String name = n.input(i);
    DeviceTensor f = dequantized.get(name);
    if (f == null) {
      Value real = LayoutOps.toNc4hw4(g, LayoutOps.dequantize(g, t.value()));
      f = shaped(n, real, t.shape(), t.quant());
      dequantized.put(name, f);
    }
    return f;
  }

  /**
   * Returns input {@code i} of a node as it is held: float NC4HW4 (F16 when the node takes fp16
   * activations in the fp16 precision mode, else F32), or int8 codes on the int8 path; a constant
   * is uploaded as F32 (and converted like the others).
   *
   * @throws UnsupportedModelException when it is missing
   */
  DeviceTensor stored(IrNode n, int i) {
    String name = n.input(i);
    DeviceTensor t = quantizedNow(name);
    if (t != null) {
      if (t.value().spec().dtype() == DType.I32) {
        throw unsupported(
            n, "input '" + name + "' is an int32 result, which only a graph output may read");
      }
      return inStorage(n, t);
    }
    TensorData c = constants.get(name);
    if (c == null) {
      throw unsupported(n, "input " + i + " is missing");
    }
    return inStorage(n, materialize(n, name, c, c.shape()));
  }

  /**
   * A float NC4HW4 tensor in the storage a node reads: F16 where the fp16 precision mode is on and
   * the node's operator has fp16 kernels ({@link HalfPrecision#takesHalf}), else F32. A conversion
   * is added once per value and storage; int8 codes and other values are returned as they are.
   */
  private DeviceTensor inStorage(IrNode n, DeviceTensor t) {
    Value v = t.value();
    if (!FloatStorage.isFloatBlocked(v)) {
      return t;
    }
    // The real values of int8 codes (a tensor with a quantization) are exact in F32 only: they
    // stay F32, so that the int8 path keeps its exact results in the fp16 mode.
    DType want = t.quant() == null && takesHalf(n) ? DType.F16 : DType.F32;
    if (v.spec().dtype() == want) {
      return t;
    }
    return new DeviceTensor(FloatStorage.as(g, v, want), t.shape(), t.quant());
  }

  /**
   * Uploads a constant as an F32 NC4HW4 device constant under a given (same-count) shape.
   *
   * @param n the node, for messages
   * @param name the constant's value name
   * @param c its data
   * @param shape the shape to give it (rank at most 4)
   * @return the tensor
   */
  DeviceTensor materialize(IrNode n, String name, TensorData c, long[] shape) {
    String key = name + Arrays.toString(shape);
    DeviceTensor t = materialized.get(key);
    if (t != null) {
      return t;
    }
    requireRank(n, shape, "constant '" + name + "'", MAX_RANK);
    // Ranks 5 and 6 are held as their 4-D view (the trailing dimensions merged), as run-time
    // values.
    long[] spec = shape.length == 0 ? new long[] {1} : shape.length > 4 ? merged(shape) : shape;
    TensorSpec s = TensorSpec.of(DType.F32, Layout.NC4HW4, spec);
    Value v = g.constant(name, s, HostPacking.nc4hw4(c.toFloats(), s));
    t = new DeviceTensor(v, shape, null);
    materialized.put(key, t);
    return t;
  }

  /** The highest rank a value may have; above 4 only the layout operators take it. */
  static final int MAX_RANK = 6;

  /** Throws when a shape has rank above 4 or a zero dimension (the kernels' limits). */
  void requireRank(IrNode n, long[] shape, String what) {
    requireRank(n, shape, what, 4);
  }

  /** Throws when a shape has rank above {@code maxRank} or a zero dimension. */
  void requireRank(IrNode n, long[] shape, String what, int maxRank) {
    if (shape.length > maxRank) {
      throw unsupported(
          n,
          what
              + " "
              + Arrays.toString(shape)
              + " has rank "
              + shape.length
              + ", at most "
              + maxRank);
    }
    for (long d : shape) {
      if (d <= 0) {
        throw unsupported(n, what + " " + Arrays.toString(shape) + " has an empty dimension");
      }
    }
  }

  /**
   * Returns a device value under an ONNX shape with the same elements: the value itself when its
   * shape is that already, else a view (or a copy where the layout needs one).
   *
   * @param n the node, for messages
   * @param v the value
   * @param shape the ONNX shape
   * @param quant the quantization to record, or null
   * @return the tensor
   */
  DeviceTensor shaped(IrNode n, Value v, long[] shape, Quant quant) {
    requireRank(n, shape, "result", MAX_RANK);
    if (shape.length > 4) {
      // Ranks 5 and 6 live on the device as a 4-D view with the same row-major element order;
      // only the layout operators take them (FloatOpLowering.HIGH_RANK_OPS).
      return new DeviceTensor(ShapeOps.view(g, v, merged(shape)), shape, quant);
    }
    long[] target = shape.length == 0 ? new long[] {1} : shape;
    Value out = Arrays.equals(v.spec().shape(), target) ? v : ShapeOps.view(g, v, target);
    return new DeviceTensor(out, shape, quant);
  }

  /** A shape of rank above 4 as the 4-D shape of its device value: the last dimensions merged. */
  static long[] merged(long[] shape) {
    long[] four = Arrays.copyOf(shape, 4);
    for (int i = 4; i < shape.length; i++) {
      four[3] *= shape[i];
    }
    return four;
  }

  /**
   * Returns a constant's single value as a float.
   *
   * @throws UnsupportedModelException when it does not hold exactly one element
   */
  float scalar(IrNode n, int i, String what) {
    TensorData t = constant(n, i, what);
    if (t.count() != 1) {
      throw unsupported(n, what + " must be a single value, is " + t);
    }
    return (float) t.getDouble(0);
  }

  /**
   * Reads the quantization given by a node's scale and zero-point inputs (per tensor).
   *
   * @param n the node
   * @param scaleInput the scale's input index
   * @param zeroInput the zero point's input index (may be absent: uint8, zero)
   * @return the quantization
   */
  Quant quant(IrNode n, int scaleInput, int zeroInput) {
    constant(n, scaleInput, "scale");
    optionalConstant(n, zeroInput, "zero point");
    try {
      return Quant.read(n, scaleInput, zeroInput, this::constantOrNull);
    } catch (IllegalArgumentException e) {
      throw unsupported(n, e.getMessage());
    }
  }
}
