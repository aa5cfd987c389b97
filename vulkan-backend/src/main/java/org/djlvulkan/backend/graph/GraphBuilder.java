package org.djlvulkan.backend.graph;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.djlvulkan.backend.config.KernelPolicy;
import org.djlvulkan.backend.kernel.PipelineKey;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.vk.DeviceCapabilities;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.djlvulkan.shaders.BindingInfo;
import org.djlvulkan.shaders.KernelIndex;
import org.djlvulkan.shaders.KernelInfo;

/**
 * Collects values and dispatch nodes; {@link #build()} turns them into a {@link ComputeGraph}. Op
 * builders in {@code org.djlvulkan.backend.ops} add nodes through {@link #dispatch}. Not
 * thread-safe.
 */
public final class GraphBuilder {
  private final VulkanDevice device;
  private final KernelIndex index;
  private final List<Value> values = new ArrayList<>();
  private final List<ValueRole> roles = new ArrayList<>();
  private final List<DispatchNode> nodes = new ArrayList<>();
  private final Map<String, Value> inputs = new LinkedHashMap<>();
  private final Map<String, Value> outputs = new LinkedHashMap<>();
  private final Map<Integer, ByteBuffer> constants = new LinkedHashMap<>();
  private final Map<Integer, Integer> aliasOf = new LinkedHashMap<>();
  private final Map<Value, List<Value>> sameData = new HashMap<>();
  private final Map<Value, Object> attachments = new HashMap<>();
  private final ConstantPool pool;
  private boolean built;

  /**
   * Starts an empty graph on a device; the graph owns its constants.
   *
   * @param device the device the graph will run on
   */
  public GraphBuilder(VulkanDevice device) {
    this(device, null);
  }

  /**
   * Starts an empty graph whose constants come from a shared pool: constants with the same bytes as
   * one the pool holds reuse its buffer, new ones are added to it.
   *
   * @param device the device the graph will run on
   * @param pool the pool (on the same device), or null for constants owned by the graph
   */
  public GraphBuilder(VulkanDevice device, ConstantPool pool) {
    if (pool != null && pool.device() != device) {
      throw new IllegalArgumentException("the constant pool belongs to another device");
    }
    this.device = device;
    this.index = KernelIndex.shared();
    this.pool = pool;
  }

  /**
   * Returns the dispatches added so far, in order (for inspection: plans compared in tests).
   *
   * @return an unmodifiable view
   */
  public List<DispatchNode> dispatches() {
    return Collections.unmodifiableList(nodes);
  }

  /** Returns the device. */
  public VulkanDevice device() {
    return device;
  }

  /** Returns the choices that steer kernel selection (the device's, read once when it opened). */
  public KernelPolicy kernelPolicy() {
    return device.kernelPolicy();
  }

  /** Returns the device's capabilities, for choosing kernels and grids. */
  public DeviceCapabilities capabilities() {
    return device.capabilities();
  }

  private Value add(String name, TensorSpec spec, ValueRole role) {
    checkOpen();
    Value v = new Value(values.size(), role == ValueRole.INPUT ? name : bounded(name), spec);
    values.add(v);
    roles.add(role);
    return v;
  }

  /** Longest value name kept as it is; op builders name values after their inputs' names. */
  static final int MAX_NAME = 160;

  /**
   * Returns a name of at most about {@link #MAX_NAME} characters: a longer one keeps its start and
   * a 64-bit hash of the whole, so names stay distinct and the same for the same graph. Without the
   * bound, names that embed their inputs' names grow with the depth of the network (a DenseNet
   * concatenation names every earlier layer).
   */
  static String bounded(String name) {
    if (name.length() <= MAX_NAME) {
      return name;
    }
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < name.length(); i++) {
      h = (h ^ name.charAt(i)) * 0x100000001b3L;
    }
    return name.substring(0, MAX_NAME - 20) + "..#" + Long.toHexString(h);
  }

  /**
   * Declares a graph input, written by the host before each run.
   *
   * @param name unique input name
   * @param spec its description (usually F32 NCHW)
   * @return the value
   */
  public Value input(String name, TensorSpec spec) {
    if (inputs.containsKey(name)) {
      throw new IllegalArgumentException("duplicate graph input '" + name + "'");
    }
    Value v = add(name, spec, ValueRole.INPUT);
    inputs.put(name, v);
    return v;
  }

  /**
   * Declares a constant uploaded once at build and shared by all execution contexts.
   *
   * @param name name for messages
   * @param spec its description
   * @param data exactly {@code spec.dataBytes()} bytes (copied; NCHW word padding is zero-filled)
   * @return the value
   */
  public Value constant(String name, TensorSpec spec, ByteBuffer data) {
    if (data.remaining() != spec.dataBytes()) {
      throw new IllegalArgumentException(
          "constant '"
              + name
              + "' "
              + spec
              + " needs "
              + spec.dataBytes()
              + " bytes, got "
              + data.remaining());
    }
    Value v = add(name, spec, ValueRole.CONSTANT);
    ByteBuffer copy = ByteBuffer.allocate(Math.toIntExact(spec.byteSize()));
    copy.put(data.duplicate()).rewind();
    constants.put(v.id(), copy);
    return v;
  }

  /**
   * Declares an intermediate value that nodes produce and consume.
   *
   * @param name name for messages
   * @param spec its description
   * @return the value
   */
  public Value intermediate(String name, TensorSpec spec) {
    return add(name, spec, ValueRole.INTERMEDIATE);
  }

  /**
   * Declares a state value: memory of each execution context that no other value shares, zero when
   * the context is made, for the counters and sums one dispatch's workgroups coordinate through.
   * The dispatches that use it must leave it zero, so that the next run finds it zero.
   *
   * @param name name for messages
   * @param spec its description
   * @return the value
   */
  public Value state(String name, TensorSpec spec) {
    return add(name, spec, ValueRole.STATE);
  }

  /**
   * Declares a view of another value's memory under another description, without a node or a copy:
   * for example an NC4HW4 {@code [N, C, 1, 1]} seen as {@code [N, C]}. Nodes that bind the view
   * read and write the viewed value's memory; hazard tracking and the memory plan treat them as
   * accesses of that value. The caller (an op builder) is responsible for the two descriptions
   * mapping elements to the same bytes.
   *
   * @param name name for messages
   * @param base the value to view (itself possibly a view: views of views see the same memory)
   * @param spec the view's description; its region may not be larger than the base's
   * @return the view
   */
  public Value alias(String name, Value base, TensorSpec spec) {
    checkOwned(base);
    int root = storageOf(base);
    Value storage = values.get(root);
    if (spec.byteSize() > storage.byteSize()) {
      throw new IllegalArgumentException(
          "view '"
              + name
              + "' "
              + spec
              + " needs "
              + spec.byteSize()
              + " bytes, more than the "
              + storage.byteSize()
              + " of '"
              + storage.name()
              + "' "
              + storage.spec());
    }
    Value v = add(name, spec, ValueRole.ALIAS);
    aliasOf.put(v.id(), root);
    return v;
  }

  /**
   * Marks a node-produced value as a graph output, read back by the host after each run.
   *
   * @param name unique output name
   * @param value an intermediate value, or a view of one (then the viewed value's memory is the
   *     output's, and the host reads it under the view's description)
   */
  public void output(String name, Value value) {
    checkOwned(value);
    if (outputs.containsKey(name)) {
      throw new IllegalArgumentException("duplicate graph output '" + name + "'");
    }
    int storage = storageOf(value);
    if (!canBeOutput(value)) {
      throw new IllegalArgumentException(
          "graph output '"
              + name
              + "' must be produced by a node, '"
              + value.name()
              + "' is "
              + (storage == value.id()
                  ? roles.get(storage)
                  : "a view of " + roles.get(storage) + " '" + values.get(storage).name() + "'"));
    }
    roles.set(storage, ValueRole.OUTPUT);
    outputs.put(name, value);
  }

  /**
   * Adds a dispatch node after checking it against the kernel's index entry.
   *
   * @param op the operator name (ExecuTorch's where one corresponds)
   * @param pipeline kernel and spec constants
   * @param bindings one per descriptor binding, in binding order
   * @param pushConstants exactly the kernel's push-constant size
   * @param grid workgroups
   * @return the node
   */
  public DispatchNode dispatch(
      String op, PipelineKey pipeline, List<Binding> bindings, byte[] pushConstants, Grid grid) {
    return dispatch(op, pipeline, bindings, pushConstants, grid, 0);
  }

  /**
   * Adds a dispatch node that computes products (a convolution's or GEMM's), noting their
   * multiply-adds for the profile's throughput figures.
   *
   * @param op the operator name (ExecuTorch's where one corresponds)
   * @param pipeline kernel and spec constants
   * @param bindings one per descriptor binding, in binding order
   * @param pushConstants exactly the kernel's push-constant size
   * @param grid workgroups
   * @param multiplyAdds the multiply-adds the dispatch computes (0: not counted)
   * @return the node
   */
  public DispatchNode dispatch(
      String op,
      PipelineKey pipeline,
      List<Binding> bindings,
      byte[] pushConstants,
      Grid grid,
      long multiplyAdds) {
    checkOpen();
    KernelInfo kernel = index.get(pipeline.kernel());
    List<BindingInfo> declared = kernel.bindings();
    if (declared.size() != bindings.size()) {
      throw new IllegalArgumentException(
          op
              + ": kernel '"
              + kernel.name()
              + "' has "
              + declared.size()
              + " bindings, "
              + bindings.size()
              + " values given");
    }
    for (int i = 0; i < bindings.size(); i++) {
      Binding b = bindings.get(i);
      checkOwned(b.value());
      if (declared.get(i).readOnly() && b.access().writes()) {
        throw new IllegalArgumentException(
            op
                + ": binding "
                + i
                + " of kernel '"
                + kernel.name()
                + "' is read-only, but '"
                + b.value().name()
                + "' is bound for writing");
      }
    }
    if (pushConstants.length != kernel.pushConstantBytes()) {
      throw new IllegalArgumentException(
          op
              + ": kernel '"
              + kernel.name()
              + "' takes "
              + kernel.pushConstantBytes()
              + " push-constant bytes, "
              + pushConstants.length
              + " given");
    }
    DispatchNode node =
        new DispatchNode(
            op, pipeline, List.copyOf(bindings), pushConstants.clone(), grid, multiplyAdds);
    nodes.add(node);
    return node;
  }

  private void checkOwned(Value v) {
    if (v.id() >= values.size() || values.get(v.id()) != v) {
      throw new IllegalArgumentException("value '" + v.name() + "' belongs to another graph");
    }
  }

  private void checkOpen() {
    if (built) {
      throw new IllegalStateException("graph already built");
    }
  }

  /**
   * Notes that two values hold the same elements in different layouts or types (one was converted
   * from the other and neither is written again), so a later conversion between them can reuse the
   * one that exists instead of dispatching again.
   *
   * @param a one value
   * @param b the other
   */
  public void noteSameData(Value a, Value b) {
    checkOwned(a);
    checkOwned(b);
    sameData.computeIfAbsent(a, k -> new ArrayList<>()).add(b);
    sameData.computeIfAbsent(b, k -> new ArrayList<>()).add(a);
  }

  /**
   * Returns a value noted to hold the same elements as {@code v} in a type and layout.
   *
   * @param v the value
   * @param dtype the element type wanted
   * @param layout the layout wanted
   * @return the value, or null when none was noted
   */
  public Value sameDataAs(Value v, DType dtype, Layout layout) {
    for (Value other : sameData.getOrDefault(v, List.of())) {
      if (other.spec().dtype() == dtype && other.spec().layout() == layout) {
        return other;
      }
    }
    return null;
  }

  /**
   * Attaches what an op builder knows of how it produced a value, for a later op builder that can
   * use it (the split-K sums a residual add can be fused into, say). One attachment per value.
   *
   * @param v the value
   * @param info the information
   */
  public void attach(Value v, Object info) {
    checkOwned(v);
    attachments.put(v, info);
  }

  /**
   * Removes a value's attachment, if it has one.
   *
   * @param v the value
   */
  public void detach(Value v) {
    checkOwned(v);
    attachments.remove(v);
  }

  /**
   * Returns a value's attachment of a type.
   *
   * @param v the value
   * @param type the attachment's class
   * @param <T> its type
   * @return the attachment, or null when the value has none of that type
   */
  public <T> T attachment(Value v, Class<T> type) {
    Object info = attachments.get(v);
    return type.isInstance(info) ? type.cast(info) : null;
  }

  /**
   * Returns whether a value may be marked as a graph output: it is produced by a node and is not an
   * output already.
   *
   * @param v the value
   * @return true when {@link #output} takes it
   */
  public boolean canBeOutput(Value v) {
    checkOwned(v);
    return roles.get(storageOf(v)) == ValueRole.INTERMEDIATE;
  }

  /**
   * Returns whether a node added at or after an index writes a value's memory.
   *
   * @param v the value
   * @param fromNode the first node to look at (a {@link #nodeCount()} taken earlier)
   * @return true when one does
   */
  public boolean writtenSince(Value v, int fromNode) {
    checkOwned(v);
    int storage = storageOf(v);
    for (int n = fromNode; n < nodes.size(); n++) {
      for (Binding b : nodes.get(n).bindings()) {
        if (b.access().writes() && storageOf(b.value()) == storage) {
          return true;
        }
      }
    }
    return false;
  }

  /** Returns the number of nodes added so far. */
  public int nodeCount() {
    return nodes.size();
  }

  /**
   * Builds the graph: checks it, plans memory and barriers, creates pipelines, uploads constants.
   *
   * @return the graph; close it to free its device memory and pipelines
   */
  public ComputeGraph build() {
    checkOpen();
    built = true;
    return new ComputeGraph(
        device, index, values, roles, aliasOf, liveNodes(), inputs, outputs, constants, pool);
  }

  /**
   * Returns the nodes whose writes reach a graph output, in order: a node whose results nothing
   * reads (a layout conversion made redundant by {@link #sameDataAs}) is dropped. Liveness is
   * tracked per storage (a view counts as its viewed value); a value written by several nodes stays
   * live for all of them.
   */
  private List<DispatchNode> liveNodes() {
    Set<Integer> live = new HashSet<>();
    for (Value v : outputs.values()) {
      live.add(storageOf(v));
    }
    boolean[] keep = new boolean[nodes.size()];
    for (int n = nodes.size() - 1; n >= 0; n--) {
      for (Binding b : nodes.get(n).bindings()) {
        if (b.access().writes() && live.contains(storageOf(b.value()))) {
          keep[n] = true;
        }
      }
      if (keep[n]) {
        for (Binding b : nodes.get(n).bindings()) {
          if (b.access().reads()) {
            live.add(storageOf(b.value()));
          }
        }
      }
    }
    List<DispatchNode> kept = new ArrayList<>();
    Set<Integer> touched = new HashSet<>();
    for (int n = 0; n < nodes.size(); n++) {
      if (keep[n]) {
        kept.add(nodes.get(n));
        nodes.get(n).bindings().forEach(b -> touched.add(storageOf(b.value())));
      }
    }
    if (kept.size() < nodes.size()) {
      for (int n = 0; n < nodes.size(); n++) {
        for (Binding b : nodes.get(n).bindings()) {
          int storage = storageOf(b.value());
          if (!keep[n] && !touched.contains(storage)) {
            roles.set(storage, ValueRole.UNUSED);
          }
        }
      }
    }
    return kept;
  }

  private int storageOf(Value v) {
    return aliasOf.getOrDefault(v.id(), v.id());
  }
}
