package org.djlvulkan.backend.graph;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.djlvulkan.backend.config.KernelPolicy;
import org.djlvulkan.backend.kernel.PipelineKey;
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
    int root = aliasOf.getOrDefault(base.id(), base.id());
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
    int storage = aliasOf.getOrDefault(value.id(), value.id());
    if (roles.get(storage) != ValueRole.INTERMEDIATE) {
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
   */
  public void dispatch(
      String op, PipelineKey pipeline, List<Binding> bindings, byte[] pushConstants, Grid grid) {
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
    nodes.add(new DispatchNode(op, pipeline, List.copyOf(bindings), pushConstants.clone(), grid));
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
        device, index, values, roles, aliasOf, nodes, inputs, outputs, constants, pool);
  }
}
