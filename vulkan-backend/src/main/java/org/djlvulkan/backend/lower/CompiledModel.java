package org.djlvulkan.backend.lower;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import org.djlvulkan.backend.graph.ConstantPool;
import org.djlvulkan.backend.graph.DeviceMemoryTensor;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.GraphInput;
import org.djlvulkan.backend.ir.GraphOutput;
import org.djlvulkan.backend.ir.IrGraph;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.lower.VariantLowering.SegmentInput;
import org.djlvulkan.backend.model.ElementType;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.InferenceSession;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.model.ModelTensor;
import org.djlvulkan.backend.model.Precision;
import org.djlvulkan.backend.model.TensorInfo;
import org.djlvulkan.backend.model.UnsupportedModelException;
import org.djlvulkan.backend.passes.Passes;
import org.djlvulkan.backend.plan.KernelPlanner;
import org.djlvulkan.backend.plan.NodePlan;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model on a device, from any front end: the prepared IR, a pool of packed weights shared by all
 * its variants, and a bounded least-recently-used cache of recorded variants, one per set of input
 * shapes. A new input shape builds (once) a variant; when the cache is full the least recently used
 * one goes. Thread-safe.
 */
public final class CompiledModel implements InferenceModel {
  private static final Logger LOG = LoggerFactory.getLogger(CompiledModel.class);

  /** Element types a graph output may have. */
  private static final Set<DataType> OUTPUT_TYPES =
      Set.of(
          DataType.FLOAT,
          DataType.FLOAT16,
          DataType.UINT8,
          DataType.INT8,
          DataType.INT32,
          DataType.INT64,
          DataType.BOOL,
          DataType.INT16,
          DataType.DOUBLE,
          DataType.UINT16,
          DataType.UINT32,
          DataType.UINT64);

  /** Element types of graph inputs that only nodes run on the host read as they are. */
  private static final Set<DataType> HOST_TYPES =
      Set.of(
          DataType.INT16,
          DataType.INT32,
          DataType.INT64,
          DataType.DOUBLE,
          DataType.UINT16,
          DataType.UINT32,
          DataType.UINT64);

  private final VulkanDevice device;
  private final ModelOptions options;
  private final IrGraph imported;
  private final List<TensorInfo> inputs;
  private final List<TensorInfo> outputs;
  private final ConstantPool pool;
  private final KernelPlanner kernelPlanner;
  private final LinkedHashMap<FedInputs.Key, Variant> variants =
      new LinkedHashMap<>(16, 0.75f, true);
  private final Set<String> hostNodes = new ConcurrentSkipListSet<>();
  private IrGraph prepared;
  private volatile Set<String> quantizedInputs = Set.of();
  private List<HostTensor> frozen;
  private boolean closed;

  private CompiledModel(VulkanDevice device, IrGraph imported, ModelOptions options) {
    this.device = device;
    this.options = options;
    this.imported = imported;
    this.inputs = infos(imported.inputs());
    List<GraphInput> outs = new ArrayList<>();
    for (GraphOutput o : imported.outputs()) {
      outs.add(o.declared());
    }
    this.outputs = infos(outs);
    this.pool = new ConstantPool(device);
    this.kernelPlanner = KernelPlanner.forDevice(device);
  }

  /**
   * Prepares an imported graph on a device: runs the passes, checks that every operator is
   * implemented (listing all that are not), and builds the variant for the declared shapes when
   * only the batch dimension is dynamic (taking it as 1).
   *
   * @param device the device
   * @param imported the imported graph
   * @param options load options
   * @return the model
   * @throws UnsupportedModelException when the model cannot run here
   */
  public static CompiledModel create(VulkanDevice device, IrGraph imported, ModelOptions options) {
    // Frozen inputs become constants, which may have any type; only the fed ones are checked.
    List<GraphInput> fed =
        options.freezeInputsAfterFirst()
            ? imported.inputs().subList(0, Math.min(1, imported.inputs().size()))
            : imported.inputs();
    for (GraphInput in : fed) {
      if (!VariantLowering.INPUT_TYPES.contains(in.type()) && !HOST_TYPES.contains(in.type())) {
        throw new UnsupportedModelException(
            imported.source(),
            "graph input '"
                + in.name()
                + "' has type "
                + in.type()
                + " (float, float16, uint8, int8 and bool run on the device; other integers and"
                + " double on the host)");
      }
    }
    for (GraphOutput o : imported.outputs()) {
      if (!OUTPUT_TYPES.contains(o.declared().type())) {
        throw new UnsupportedModelException(
            imported.source(),
            "graph output '"
                + o.name()
                + "' has type "
                + o.declared().type()
                + " (float, float16, double, bool and 8- to 64-bit integers run)");
      }
    }
    CompiledModel m = new CompiledModel(device, imported, options);
    try {
      if (!options.freezeInputsAfterFirst()) {
        m.prepared = m.prepare(imported);
        long[][] shapes = defaultShapes(imported.inputs());
        if (shapes != null) {
          m.variant(new FedInputs.Key(shapes, FedInputs.First.AS_DECLARED, 0)).release();
        }
      }
      return m;
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  /**
   * Returns the graph inputs whose values the model quantizes to 8 bits first: NaN and infinity
   * have no 8-bit code there.
   */
  Set<String> quantizedInputs() {
    return quantizedInputs;
  }

  private IrGraph prepare(IrGraph g) {
    IrGraph p = Passes.prepare(g);
    List<String> missing = new ArrayList<>();
    int quantized = 0;
    for (IrNode n : p.nodes()) {
      if (!VariantLowering.implemented(n)) {
        missing.add(n.describe());
      }
      quantized +=
          n.op().family() == Op.Family.QUANTIZED && n.op() != Op.QUANTIZE && n.op() != Op.DEQUANTIZE
              ? 1
              : 0;
    }
    if (!missing.isEmpty()) {
      throw new UnsupportedModelException(p.source(), missing);
    }
    Set<String> quantizedIn = new HashSet<>();
    for (IrNode n : p.nodes()) {
      if (n.op() == Op.QUANTIZE || n.op() == Op.QCONV) {
        quantizedIn.add(n.input(0));
      }
    }
    quantizedIn.retainAll(p.inputs().stream().map(GraphInput::name).toList());
    quantizedInputs = Set.copyOf(quantizedIn);
    if (quantized > 0) {
      LOG.info(
          "{}: {} quantized operators, precision {}: {}",
          p.source(),
          quantized,
          options.precision(),
          options.precision() != Precision.FP32
              ? "int8 kernels where they can run"
              : "fp32 with outputs rounded to their int8 grids");
    }
    return p;
  }

  /**
   * Shapes with dynamic dimensions taken as 1, or null when a dimension other than the first is
   * dynamic.
   */
  private static long[][] defaultShapes(List<GraphInput> ins) {
    long[][] shapes = new long[ins.size()][];
    for (int k = 0; k < shapes.length; k++) {
      long[] d = ins.get(k).dims();
      for (int i = 0; i < d.length; i++) {
        if (d[i] < 0) {
          if (i > 0) {
            return null;
          }
          d[i] = 1;
        }
      }
      shapes[k] = d;
    }
    return shapes;
  }

  private static List<TensorInfo> infos(List<GraphInput> list) {
    List<TensorInfo> out = new ArrayList<>();
    for (GraphInput i : list) {
      out.add(new TensorInfo(i.name(), ElementType.fromOnnx(i.type().code()), i.dims()));
    }
    return List.copyOf(out);
  }

  @Override
  public List<TensorInfo> inputs() {
    return inputs;
  }

  @Override
  public List<TensorInfo> outputs() {
    return outputs;
  }

  @Override
  public long weightBytes() {
    return pool.bytes();
  }

  /** Returns the number of recorded variants the cache holds now. */
  public synchronized int cachedVariants() {
    return variants.size();
  }

  ModelOptions options() {
    return options;
  }

  @Override
  public InferenceSession newSession() {
    synchronized (this) {
      checkOpen();
    }
    return new OnnxSession(this);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("model " + imported.source() + " is closed");
    }
  }

  /** Returns the device the model runs on. */
  VulkanDevice device() {
    return device;
  }

  /**
   * Checks run inputs against the declaration.
   *
   * @throws IllegalArgumentException naming the input and the expected shape
   */
  FedInputs check(List<? extends ModelTensor> values) {
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) instanceof DeviceMemoryTensor t) {
        String input = i < inputs.size() ? "input '" + inputs.get(i).name() + "'" : "input " + i;
        if (t.device() != device) {
          throw new IllegalArgumentException(
              imported.source()
                  + ": "
                  + input
                  + " is a device tensor on "
                  + t.device().info().name()
                  + ", but the model runs on another device ("
                  + device.info().name()
                  + "); download it or upload it to the model's device");
        }
        if (t.isClosed()) {
          throw new IllegalArgumentException(
              imported.source() + ": " + input + " is a closed device tensor");
        }
      }
    }
    return FedInputCheck.check(values, inputs, options.pixelInput(), imported.source());
  }

  /**
   * Returns the variant for the given input values (building it if needed), held for the caller,
   * who must {@link Variant#release()} it. With frozen inputs, the first call binds the values of
   * every input after the first as constants; later calls must pass the same values.
   */
  synchronized Variant acquire(FedInputs fed) {
    checkOpen();
    long[][] shapes = fed.shapes();
    if (options.freezeInputsAfterFirst()) {
      freeze(fed.tensors().stream().map(ModelTensor::toHost).toList());
      shapes = Arrays.copyOf(shapes, Math.min(1, shapes.length));
    }
    return variant(new FedInputs.Key(shapes, fed.first(), fed.imageBytes()));
  }

  private void freeze(List<HostTensor> values) {
    if (frozen == null) {
      Map<String, TensorData> constants = new LinkedHashMap<>(imported.constants());
      for (int i = 1; i < values.size(); i++) {
        HostTensor t = values.get(i);
        DataType type = DataType.fromCode(t.type().onnxCode());
        constants.put(inputs.get(i).name(), new TensorData(type, t.shape(), t.data().duplicate()));
      }
      List<GraphInput> runtime = imported.inputs().subList(0, Math.min(1, inputs.size()));
      IrGraph bound =
          new IrGraph(
              imported.source(),
              Map.of("", imported.opset()),
              runtime,
              constants,
              imported.nodes(),
              imported.outputs());
      prepared = prepare(bound);
      frozen = List.copyOf(values.subList(Math.min(1, values.size()), values.size()));
      return;
    }
    for (int i = 1; i < values.size(); i++) {
      if (!values.get(i).data().equals(frozen.get(i - 1).data())) {
        throw new IllegalArgumentException(
            "input '"
                + inputs.get(i).name()
                + "' is frozen at the value of the first run (freezeInputsAfterFirst)");
      }
    }
  }

  /** Returns the variant for the shapes of the fed inputs (in declaration order), held. */
  private Variant variant(FedInputs.Key key) {
    Variant v = variants.get(key);
    if (v == null) {
      v = build(key);
      variants.put(key, v);
      Iterator<Map.Entry<FedInputs.Key, Variant>> it = variants.entrySet().iterator();
      while (variants.size() > options.maxCachedShapes()) {
        Variant old = it.next().getValue();
        it.remove();
        old.retire();
      }
    }
    v.hold();
    return v;
  }

  private Variant build(FedInputs.Key key) {
    long[][] fedShapes = key.shapes();
    List<SegmentInput> ins = new ArrayList<>();
    for (int i = 0; i < fedShapes.length; i++) {
      GraphInput in = prepared.inputs().get(i);
      ins.add(
          i == 0 && key.first() != FedInputs.First.AS_DECLARED
              ? new SegmentInput(
                  in.name(), DataType.UINT8, fedShapes[i], options.pixelInput(), key.imageBytes())
              : new SegmentInput(in.name(), in.type(), fedShapes[i]));
    }
    long start = System.nanoTime();
    StepPlanner planner =
        new StepPlanner(prepared, device, pool, options.precision(), kernelPlanner, hostNodes::add);
    Variant v = new Variant(planner, ins);
    if (LOG.isDebugEnabled() && v.first() instanceof DeviceStep d) {
      LOG.debug(
          "{}: built the variant for {} in {} ms: {} nodes, {} barriers{}",
          imported.source(),
          ins.stream().map(k -> k.name() + Arrays.toString(k.shape())).toList(),
          (System.nanoTime() - start) / 1_000_000,
          d.graph().nodeCount(),
          d.graph().barrierCount(),
          d.end() < planner.nodeCount() ? " (up to node " + d.end() + ")" : "");
    }
    return v;
  }

  /**
   * Returns the kernel plans of the convolutions kept for the variants built so far, per node and
   * input spec (at most {@link KernelPlanner#DEFAULT_CAPACITY}), least recently used first.
   *
   * @return the plans
   */
  public List<NodePlan> kernelPlans() {
    return kernelPlanner.plans();
  }

  /**
   * Returns the nodes that ran on the host (the CPU fallback) in the variants built so far, one
   * line each naming the node and why.
   */
  @Override
  public List<String> hostNodes() {
    return List.copyOf(hostNodes);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Variant v : variants.values()) {
      v.retire();
    }
    variants.clear();
    pool.close();
  }
}
