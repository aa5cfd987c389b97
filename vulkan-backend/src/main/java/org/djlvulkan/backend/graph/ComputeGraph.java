package org.djlvulkan.backend.graph;

import static org.lwjgl.vulkan.VK10.*;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.djlvulkan.backend.config.Settings;
import org.djlvulkan.backend.kernel.ComputePipeline;
import org.djlvulkan.backend.kernel.PipelineBuilder;
import org.djlvulkan.backend.kernel.PipelineKey;
import org.djlvulkan.backend.memory.BufferKind;
import org.djlvulkan.backend.memory.DeviceBuffer;
import org.djlvulkan.backend.vk.BufferTransfers;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.djlvulkan.shaders.KernelIndex;

/**
 * A built graph: what never changes between runs and is shared by all execution contexts -
 * pipelines, uploaded constants, the memory plan of intermediates and the barrier plan. Create one
 * {@link ExecutionContext} per thread to run it. Closing the graph closes its contexts too.
 */
public final class ComputeGraph implements AutoCloseable {
  /** Resource id of the arena in hazard tracking; other values use {@code 1 + value id}. */
  private static final long ARENA = 0;

  private final VulkanDevice device;
  private final List<Value> values;
  private final List<ValueRole> roles;
  private final Map<Integer, Integer> aliasOf;
  private final List<DispatchNode> nodes;
  private final Map<String, Value> inputs;
  private final Map<String, Value> outputs;
  private final Map<Integer, DeviceBuffer> constantBuffers = new HashMap<>();

  /** Whether the constant buffers belong to a shared pool (then the graph does not free them). */
  private final boolean pooledConstants;

  private final Map<PipelineKey, ComputePipeline> pipelines;
  private final MemoryPlan memoryPlan;
  private final Map<Integer, Long> stateOffsets = new HashMap<>();
  private final long stateBytes;
  private final boolean[] barrierBefore;
  private final Set<ExecutionContext> contexts = ConcurrentHashMap.newKeySet();
  private boolean closed;

  ComputeGraph(
      VulkanDevice device,
      KernelIndex index,
      List<Value> values,
      List<ValueRole> roles,
      Map<Integer, Integer> aliasOf,
      List<DispatchNode> nodes,
      Map<String, Value> inputs,
      Map<String, Value> outputs,
      Map<Integer, ByteBuffer> constants,
      ConstantPool pool) {
    this.device = device;
    this.values = List.copyOf(values);
    this.roles = List.copyOf(roles);
    this.aliasOf = Map.copyOf(aliasOf);
    DispatchLevels levels =
        Settings.dispatchesByLevel()
            ? DispatchLevels.of(nodes, v -> storage(v).id())
            : DispatchLevels.asBuilt(nodes);
    this.nodes = levels.order();
    this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    this.outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    this.pooledConstants = pool != null;
    int[][] lifetimes = checkDataFlow();
    long alignment = Math.max(16, device.capabilities().minStorageBufferOffsetAlignment());
    List<MemoryPlanner.Lifetime> needs = new ArrayList<>();
    for (Value v : this.values) {
      if (roles.get(v.id()) == ValueRole.INTERMEDIATE) {
        needs.add(
            new MemoryPlanner.Lifetime(
                v.id(),
                v.byteSize(),
                levels.levelStart(lifetimes[v.id()][0]),
                levels.levelEnd(lifetimes[v.id()][1])));
      }
    }
    this.memoryPlan = MemoryPlanner.plan(needs, alignment);
    long stateEnd = 0;
    for (Value v : this.values) {
      if (roles.get(v.id()) == ValueRole.STATE) {
        stateOffsets.put(v.id(), stateEnd);
        stateEnd += (v.byteSize() + alignment - 1) / alignment * alignment;
      }
    }
    this.stateBytes = stateEnd;
    this.barrierBefore = planBarriers();
    List<PipelineKey> keys = this.nodes.stream().map(DispatchNode::pipeline).toList();
    this.pipelines = PipelineBuilder.createAll(device, keys, index);
    try {
      if (pool != null) {
        Map<Integer, String> names = new HashMap<>();
        constants.keySet().forEach(id -> names.put(id, this.values.get(id).name()));
        constantBuffers.putAll(pool.acquire(constants, names));
      } else {
        uploadConstants(constants);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Checks that values are produced before use; returns [first, last] node per value. */
  private int[][] checkDataFlow() {
    int[][] life = new int[values.size()][];
    for (int n = 0; n < nodes.size(); n++) {
      DispatchNode node = nodes.get(n);
      for (Binding b : node.bindings()) {
        Value v = storage(b.value());
        ValueRole role = roles.get(v.id());
        if ((role == ValueRole.INPUT || role == ValueRole.CONSTANT) && b.access().writes()) {
          throw new IllegalArgumentException(
              "node " + n + " (" + node.op() + ") writes " + role + " '" + v.name() + "'");
        }
        if (life[v.id()] == null) {
          boolean produced =
              role == ValueRole.INPUT || role == ValueRole.CONSTANT || role == ValueRole.STATE;
          if (!produced && b.access() != Access.WRITE) {
            throw new IllegalArgumentException(
                "node "
                    + n
                    + " ("
                    + node.op()
                    + ") reads '"
                    + v.name()
                    + "' before any node writes it");
          }
          life[v.id()] = new int[] {n, n};
        } else {
          life[v.id()][1] = n;
        }
      }
    }
    for (Value v : values) {
      ValueRole role = roles.get(v.id());
      if ((role == ValueRole.OUTPUT || role == ValueRole.INTERMEDIATE) && life[v.id()] == null) {
        throw new IllegalArgumentException(
            (role == ValueRole.OUTPUT ? "graph output" : "value")
                + " '"
                + v.name()
                + "' is never written by any node");
      }
    }
    return life;
  }

  private boolean[] planBarriers() {
    HazardTracker tracker = new HazardTracker();
    boolean[] plan = new boolean[nodes.size()];
    for (int n = 0; n < nodes.size(); n++) {
      List<HazardTracker.Region> regions = new ArrayList<>();
      for (Binding b : nodes.get(n).bindings()) {
        regions.add(
            new HazardTracker.Region(
                resourceOf(storage(b.value())),
                offsetOf(b.value()),
                b.value().byteSize(),
                b.access().reads(),
                b.access().writes()));
      }
      plan[n] = tracker.access(regions);
    }
    return plan;
  }

  private long resourceOf(Value v) {
    return roles.get(v.id()) == ValueRole.INTERMEDIATE ? ARENA : 1L + v.id();
  }

  /**
   * Returns a value's offset in its buffer: the arena offset for intermediates, the offset in the
   * state buffer for state values, else 0.
   */
  long offsetOf(Value v) {
    Value s = storage(v);
    return switch (roles.get(s.id())) {
      case INTERMEDIATE -> memoryPlan.offsets().get(s.id());
      case STATE -> stateOffsets.get(s.id());
      default -> 0;
    };
  }

  /** Returns the bytes of each context's state buffer (0: the graph has no state values). */
  long stateBytes() {
    return stateBytes;
  }

  /** Returns the value that owns a value's memory: the viewed value for a view, else itself. */
  Value storage(Value v) {
    Integer root = aliasOf.get(v.id());
    return root == null ? v : values.get(root);
  }

  private void uploadConstants(Map<Integer, ByteBuffer> constants) {
    List<BufferTransfers.Upload> uploads = new ArrayList<>();
    for (Map.Entry<Integer, ByteBuffer> e : constants.entrySet()) {
      Value v = values.get(e.getKey());
      DeviceBuffer b =
          device.allocator().create("constant " + v.name(), BufferKind.DEVICE_LOCAL, v.byteSize());
      constantBuffers.put(v.id(), b);
      uploads.add(new BufferTransfers.Upload(b, e.getValue()));
    }
    BufferTransfers.upload(device, uploads);
  }

  /**
   * Creates an execution context: its own activations, staging buffers and recorded commands.
   *
   * @param profiling whether to write a timestamp after every node
   * @return the context; close it (or the graph) to free its memory
   */
  public ExecutionContext newContext(boolean profiling) {
    checkOpen();
    ExecutionContext ctx = new ExecutionContext(this, profiling);
    contexts.add(ctx);
    return ctx;
  }

  /** Creates an execution context without profiling. */
  public ExecutionContext newContext() {
    return newContext(false);
  }

  void forget(ExecutionContext ctx) {
    contexts.remove(ctx);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("graph is closed");
    }
  }

  VulkanDevice device() {
    return device;
  }

  List<DispatchNode> nodes() {
    return nodes;
  }

  List<Value> values() {
    return values;
  }

  ValueRole role(Value v) {
    return roles.get(v.id());
  }

  ComputePipeline pipeline(PipelineKey key) {
    return pipelines.get(key);
  }

  DeviceBuffer constantBuffer(Value v) {
    return constantBuffers.get(v.id());
  }

  boolean barrierBefore(int node) {
    return barrierBefore[node];
  }

  /** Returns the graph inputs by name, in declaration order. */
  public Map<String, Value> inputs() {
    return inputs;
  }

  /** Returns the graph outputs by name, in declaration order. */
  public Map<String, Value> outputs() {
    return outputs;
  }

  /** Returns the memory plan of the intermediates (planned vs unshared bytes). */
  public MemoryPlan memoryPlan() {
    return memoryPlan;
  }

  /** Returns the number of nodes. */
  public int nodeCount() {
    return nodes.size();
  }

  /** Returns the number of barriers the hazard tracker placed. */
  public int barrierCount() {
    int n = 0;
    for (boolean b : barrierBefore) {
      n += b ? 1 : 0;
    }
    return n;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (ExecutionContext ctx : List.copyOf(contexts)) {
      ctx.close();
    }
    if (pipelines != null) {
      pipelines.values().forEach(ComputePipeline::close);
    }
    if (!pooledConstants) {
      constantBuffers.values().forEach(DeviceBuffer::close);
    }
    constantBuffers.clear();
  }
}
