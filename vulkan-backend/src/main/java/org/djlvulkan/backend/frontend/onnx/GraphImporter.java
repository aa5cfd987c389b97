package org.djlvulkan.backend.frontend.onnx;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.djlvulkan.backend.frontend.onnx.proto.AttributeProto;
import org.djlvulkan.backend.frontend.onnx.proto.GraphProto;
import org.djlvulkan.backend.frontend.onnx.proto.ModelProto;
import org.djlvulkan.backend.frontend.onnx.proto.NodeProto;
import org.djlvulkan.backend.frontend.onnx.proto.OperatorSetId;
import org.djlvulkan.backend.frontend.onnx.proto.TensorProto;
import org.djlvulkan.backend.frontend.onnx.proto.TensorProtoData;
import org.djlvulkan.backend.frontend.onnx.proto.ValueInfo;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ir.AttributeValue;
import org.djlvulkan.backend.ir.Attributes;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.GraphInput;
import org.djlvulkan.backend.ir.GraphOutput;
import org.djlvulkan.backend.ir.IrGraph;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.model.ModelFormatException;
import org.djlvulkan.backend.model.UnsupportedModelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a decoded model into an {@link IrGraph}, checking it on the way: IR version 3 to 10, ONNX
 * operator sets 1 to 21 (below 7 read with their operator set 7 meaning), initializers (resolved,
 * external data included), inputs that are not initializers (old IR versions list initializers as
 * inputs too), {@code Constant} nodes as constants, one producer per value, no dangling inputs, no
 * cycles (the nodes are sorted topologically).
 */
public final class GraphImporter {
  private static final Logger LOG = LoggerFactory.getLogger(GraphImporter.class);
  private static final String CAST_LIKE = "CastLike";

  /** The lowest IR version accepted. */
  public static final long MIN_IR = 3;

  /** The highest IR version accepted. */
  public static final long MAX_IR = 10;

  /** The lowest ONNX operator set accepted; sets below 7 are upgraded ({@link LegacyOpsets}). */
  public static final long MIN_OPSET = 1;

  /** The highest ONNX operator set accepted. */
  public static final long MAX_OPSET = 21;

  private final String source;
  private final Path baseDir;

  private GraphImporter(String source, Path baseDir) {
    this.source = source;
    this.baseDir = baseDir;
  }

  /**
   * Imports a model.
   *
   * @param model the decoded model
   * @param source the model's file or display name, for messages
   * @param baseDir the model's folder (for external data), or null
   * @return the graph
   * @throws ModelFormatException for an invalid graph
   * @throws UnsupportedModelException for versions out of range and non-tensor inputs or outputs
   */
  public static IrGraph importModel(ModelProto model, String source, Path baseDir) {
    return new GraphImporter(source, baseDir).run(model);
  }

  private IrGraph run(ModelProto model) {
    if (model.irVersion() < MIN_IR || model.irVersion() > MAX_IR) {
      throw new UnsupportedModelException(
          source,
          "IR version "
              + model.irVersion()
              + " is not supported (supported: "
              + MIN_IR
              + " to "
              + MAX_IR
              + ")");
    }
    Map<String, Long> opsets = new HashMap<>();
    for (OperatorSetId o : model.opsets()) {
      String domain = o.domain().equals("ai.onnx") ? "" : o.domain();
      opsets.put(domain, o.version());
    }
    Long onnx = opsets.get("");
    if (onnx == null || onnx < MIN_OPSET || onnx > MAX_OPSET) {
      throw new UnsupportedModelException(
          source,
          (onnx == null ? "no ONNX operator set imported" : "ONNX operator set " + onnx)
              + " is not supported (supported: "
              + MIN_OPSET
              + " to "
              + MAX_OPSET
              + ")");
    }
    GraphProto g = model.graph();
    if (g.sparseInitializers() > 0) {
      throw new UnsupportedModelException(
          source, g.sparseInitializers() + " sparse initializer(s) are not supported");
    }
    Map<String, TensorData> constants = new LinkedHashMap<>();
    for (TensorProto t : g.initializers()) {
      if (t.name().isEmpty()) {
        throw new ModelFormatException(source, "an initializer has no name");
      }
      if (constants.put(t.name(), TensorProtoData.resolve(t, source, baseDir)) != null) {
        throw new ModelFormatException(source, "initializer '" + t.name() + "' appears twice");
      }
    }
    Set<String> defined = new HashSet<>(constants.keySet());
    List<GraphInput> inputs = new ArrayList<>();
    for (ValueInfo v : g.inputs()) {
      if (constants.containsKey(v.name())) {
        continue; // old IR: initializers are listed as inputs too
      }
      if (!defined.add(v.name())) {
        throw new ModelFormatException(source, "graph input '" + v.name() + "' appears twice");
      }
      inputs.add(declared(v, "input"));
    }
    List<IrNode> nodes = new ArrayList<>();
    List<NodeProto> protos = g.nodes();
    for (int i = 0; i < protos.size(); i++) {
      NodeProto p = protos.get(i);
      String name = p.name().isEmpty() ? "#" + i + firstOutput(p) : p.name();
      for (String out : p.outputs()) {
        if (!out.isEmpty() && !defined.add(out)) {
          throw new ModelFormatException(
              source, name, p.opType(), "value '" + out + "' has more than one producer", null);
        }
      }
      String domain = p.domain().equals("ai.onnx") ? "" : p.domain();
      if (p.opType().equals("Constant") && domain.isEmpty()) {
        if (p.outputs().size() != 1 || p.outputs().get(0).isEmpty()) {
          throw new ModelFormatException(source, name, "Constant", "needs one output", null);
        }
        constants.put(p.outputs().get(0), constantValue(p, name));
        continue;
      }
      IrNode node =
          p.opType().equals(CAST_LIKE) && domain.isEmpty()
              ? castLike(p, name, constants, inputs, g.valueInfo())
              : new IrNode(
                  name,
                  OnnxOperators.of(domain, p.opType()),
                  OnnxOperators.label(domain, p.opType()),
                  p.inputs(),
                  p.outputs(),
                  attributes(p),
                  Activation.NONE);
      if (domain.isEmpty() && onnx < LegacyOpsets.TARGET) {
        node = LegacyOpsets.upgrade(node, source, constants);
      }
      if (domain.isEmpty()) {
        node = OperandForms.canonical(node, onnx, constants);
        defined.addAll(constants.keySet());
      }
      nodes.add(node);
    }
    if (onnx < LegacyOpsets.TARGET) {
      LOG.info(
          "{}: ONNX operator set {} read with the meaning of operator set {}",
          source,
          onnx,
          LegacyOpsets.TARGET);
      opsets.put("", LegacyOpsets.TARGET);
    }
    for (IrNode n : nodes) {
      for (String in : n.inputs()) {
        if (!in.isEmpty() && !defined.contains(in)) {
          throw new ModelFormatException(
              source, n.name(), n.label(), "input '" + in + "' is not produced by anything", null);
        }
      }
    }
    List<GraphOutput> outputs = new ArrayList<>();
    Set<String> outputNames = new HashSet<>();
    for (ValueInfo v : g.outputs()) {
      if (!defined.contains(v.name())) {
        throw new ModelFormatException(
            source, "graph output '" + v.name() + "' is not produced by anything");
      }
      if (!outputNames.add(v.name())) {
        throw new ModelFormatException(source, "graph output '" + v.name() + "' appears twice");
      }
      outputs.add(new GraphOutput(v.name(), declared(v, "output")));
    }
    if (outputs.isEmpty()) {
      throw new ModelFormatException(source, "the graph has no outputs");
    }
    return new IrGraph(source, opsets, inputs, constants, sort(nodes), outputs);
  }

  /**
   * CastLike as a Cast to the type of its second input, which must be known when the graph is read:
   * a constant, a graph input, or a value with a type in the graph's value infos.
   */
  private IrNode castLike(
      NodeProto p,
      String name,
      Map<String, TensorData> constants,
      List<GraphInput> inputs,
      List<ValueInfo> valueInfo) {
    if (p.inputs().size() != 2 || p.outputs().size() != 1) {
      throw new ModelFormatException(
          source, name, CAST_LIKE, "needs two inputs and one output", null);
    }
    String like = p.inputs().get(1);
    DataType type =
        constants.containsKey(like)
            ? constants.get(like).type()
            : inputs.stream()
                .filter(in -> in.name().equals(like))
                .map(GraphInput::type)
                .findFirst()
                .orElseGet(
                    () ->
                        valueInfo.stream()
                            .filter(v -> v.name().equals(like) && v.tensor())
                            .map(v -> DataType.fromCode(v.elemType()))
                            .findFirst()
                            .orElse(null));
    if (type == null) {
      throw new UnsupportedModelException(
          source,
          name,
          CAST_LIKE,
          "the type of its second input '" + like + "' is not known when the graph is read",
          null);
    }
    return new IrNode(
        name,
        Op.CAST,
        CAST_LIKE,
        List.of(p.inputs().get(0)),
        p.outputs(),
        Attributes.builder().i("to", type.code()).build(),
        Activation.NONE);
  }

  private static String firstOutput(NodeProto p) {
    return p.outputs().isEmpty() ? "" : " -> " + p.outputs().get(0);
  }

  private GraphInput declared(ValueInfo v, String what) {
    if (!v.tensor()) {
      throw new UnsupportedModelException(
          source, "graph " + what + " '" + v.name() + "' is not a tensor");
    }
    DataType type = DataType.fromCode(v.elemType());
    if (type == null) {
      throw new UnsupportedModelException(
          source,
          "graph "
              + what
              + " '"
              + v.name()
              + "' has unsupported element type "
              + DataType.nameOf(v.elemType()));
    }
    if (v.dims() == null) {
      if (what.equals("input")) {
        throw new UnsupportedModelException(
            source, "graph input '" + v.name() + "' has no shape (unknown rank)");
      }
      return new GraphInput(v.name(), type, new long[0]);
    }
    long[] dims = new long[v.dims().size()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = v.dims().get(i).known() ? v.dims().get(i).value() : -1;
    }
    return new GraphInput(v.name(), type, dims);
  }

  /** The node's attributes in the IR's form; a tensor attribute is resolved here, once. */
  private Attributes attributes(NodeProto p) {
    Map<String, AttributeValue> values = new LinkedHashMap<>();
    for (AttributeProto a : p.attributes()) {
      TensorData t = a.t() == null ? null : TensorProtoData.resolve(a.t(), source, baseDir);
      values.put(
          a.name(), new AttributeValue(kind(a), a.f(), a.i(), a.s(), a.floats(), a.ints(), t));
    }
    return Attributes.of(values);
  }

  /** The IR's kinds of the ONNX attribute types it reads. */
  private static final Map<Integer, AttributeValue.Kind> KINDS =
      Map.of(
          AttributeProto.FLOAT, AttributeValue.Kind.FLOAT,
          AttributeProto.INT, AttributeValue.Kind.INT,
          AttributeProto.STRING, AttributeValue.Kind.STRING,
          AttributeProto.TENSOR, AttributeValue.Kind.TENSOR,
          AttributeProto.FLOATS, AttributeValue.Kind.FLOATS,
          AttributeProto.INTS, AttributeValue.Kind.INTS);

  private static AttributeValue.Kind kind(AttributeProto a) {
    return KINDS.getOrDefault(a.type(), AttributeValue.Kind.OTHER);
  }

  private TensorData constantValue(NodeProto p, String name) {
    if (p.attributes().size() != 1) {
      throw new ModelFormatException(
          source, name, "Constant", "needs exactly one value attribute", null);
    }
    AttributeProto a = p.attributes().get(0);
    switch (a.name()) {
      case "value":
        if (a.t() == null) {
          throw new ModelFormatException(source, name, "Constant", "value is not a tensor", null);
        }
        return TensorProtoData.resolve(a.t(), source, baseDir);
      case "value_float":
        return TensorData.ofFloats(new float[] {a.f()});
      case "value_floats":
        return TensorData.ofFloats(a.floats(), a.floats().length);
      case "value_int":
        return TensorData.ofLongs(new long[] {a.i()});
      case "value_ints":
        return TensorData.ofLongs(a.ints(), a.ints().length);
      default:
        throw new UnsupportedModelException(
            source, name, "Constant", "attribute '" + a.name() + "' is not supported", null);
    }
  }

  /** Sorts topologically (Kahn), keeping file order among ready nodes; rejects cycles. */
  private List<IrNode> sort(List<IrNode> nodes) {
    Map<String, Integer> producer = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      for (String out : nodes.get(i).outputs()) {
        if (!out.isEmpty()) {
          producer.put(out, i);
        }
      }
    }
    int[] pending = new int[nodes.size()];
    List<List<Integer>> readers = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      readers.add(new ArrayList<>());
    }
    for (int i = 0; i < nodes.size(); i++) {
      for (String in : new HashSet<>(nodes.get(i).inputs())) {
        Integer p = producer.get(in);
        if (p != null) {
          pending[i]++;
          readers.get(p).add(i);
        }
      }
    }
    Deque<Integer> ready = new ArrayDeque<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (pending[i] == 0) {
        ready.add(i);
      }
    }
    List<IrNode> sorted = new ArrayList<>(nodes.size());
    while (!ready.isEmpty()) {
      int i = ready.poll();
      sorted.add(nodes.get(i));
      for (int r : readers.get(i)) {
        if (--pending[r] == 0) {
          ready.add(r);
        }
      }
    }
    if (sorted.size() != nodes.size()) {
      for (int i = 0; i < nodes.size(); i++) {
        if (pending[i] > 0) {
          IrNode n = nodes.get(i);
          throw new ModelFormatException(
              source, n.name(), n.label(), "the graph has a cycle through this node", null);
        }
      }
    }
    return sorted;
  }
}
