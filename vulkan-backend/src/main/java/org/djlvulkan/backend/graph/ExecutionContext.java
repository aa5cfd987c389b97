package org.djlvulkan.backend.graph;

import static org.lwjgl.vulkan.VK10.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.djlvulkan.backend.config.Settings;
import org.djlvulkan.backend.kernel.ComputePipeline;
import org.djlvulkan.backend.memory.BufferKind;
import org.djlvulkan.backend.memory.DeviceBuffer;
import org.djlvulkan.backend.memory.ParallelCopy;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.vk.DeviceLostException;
import org.djlvulkan.backend.vk.VkResults;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.djlvulkan.backend.vk.VulkanException;
import org.djlvulkan.shaders.BindingInfo;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkCommandBufferBeginInfo;
import org.lwjgl.vulkan.VkDescriptorBufferInfo;
import org.lwjgl.vulkan.VkDescriptorPoolCreateInfo;
import org.lwjgl.vulkan.VkDescriptorPoolSize;
import org.lwjgl.vulkan.VkDescriptorSetAllocateInfo;
import org.lwjgl.vulkan.VkMemoryBarrier;
import org.lwjgl.vulkan.VkWriteDescriptorSet;

/**
 * What one user of a graph owns: the arena of intermediates, mapped staging for inputs and outputs,
 * descriptor sets written once, and a command buffer recorded once and replayed by every {@link
 * #run()}. One context per thread; a context is not itself thread-safe.
 */
public final class ExecutionContext implements AutoCloseable {
  private final ComputeGraph graph;
  private final VulkanDevice device;
  private final boolean profiling;

  private final Map<Integer, DeviceBuffer> staging = new HashMap<>();
  private final Map<String, Port> inputPorts = new HashMap<>();
  private final Map<String, Port> outputPorts = new HashMap<>();
  private DeviceBuffer arena;

  /** The state values' memory (null without any), zeroed at the start of each run. */
  private DeviceBuffer state;

  private long descriptorPool;
  private long commandPool;
  private VkCommandBuffer commandBuffer;
  private long fence;
  private RunTimestamps timestamps;
  private String unusableReason;
  private boolean inFlight;
  private boolean closed;

  ExecutionContext(ComputeGraph graph, boolean profiling) {
    this.graph = graph;
    this.device = graph.device();
    this.profiling = profiling && device.supportsTimestamps();
    try {
      allocateBuffers();
      List<Long> sets = writeDescriptors();
      record(sets);
      fence = device.createFence();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void allocateBuffers() {
    long arenaBytes = Math.max(16, graph.memoryPlan().plannedBytes());
    arena = device.allocator().create("activations", BufferKind.DEVICE_LOCAL, arenaBytes);
    if (graph.stateBytes() > 0) {
      state = device.allocator().create("state", BufferKind.DEVICE_LOCAL, graph.stateBytes());
    }
    for (Value v : graph.inputs().values()) {
      staging.put(
          v.id(), device.allocator().create("input " + v.name(), BufferKind.UPLOAD, v.byteSize()));
    }
    for (Value v : graph.outputs().values()) {
      Value s = graph.storage(v);
      staging.put(
          s.id(),
          device.allocator().create("output " + v.name(), BufferKind.READBACK, s.byteSize()));
    }
    // Resolved once here so that write/read cost one lookup by name, not three.
    graph.inputs().forEach((name, v) -> inputPorts.put(name, new Port(v, staging.get(v.id()))));
    graph
        .outputs()
        .forEach(
            (name, v) -> outputPorts.put(name, new Port(v, staging.get(graph.storage(v).id()))));
  }

  private DeviceBuffer bufferOf(Value view) {
    Value v = graph.storage(view);
    switch (graph.role(v)) {
      case INTERMEDIATE:
        return arena;
      case STATE:
        return state;
      case CONSTANT:
        return graph.constantBuffer(v);
      default:
        return staging.get(v.id());
    }
  }

  private List<Long> writeDescriptors() {
    List<DispatchNode> nodes = graph.nodes();
    int storage = 0;
    int uniform = 0;
    for (DispatchNode node : nodes) {
      for (BindingInfo b : graph.pipeline(node.pipeline()).kernel().bindings()) {
        if (b.kind() == BindingInfo.Kind.UNIFORM_BUFFER) {
          uniform++;
        } else {
          storage++;
        }
      }
    }
    List<Long> sets = new ArrayList<>();
    if (nodes.isEmpty()) {
      return sets;
    }
    long maxRange = device.capabilities().maxStorageBufferRange();
    try (MemoryStack stack = MemoryStack.stackPush()) {
      var sizes = VkDescriptorPoolSize.calloc(uniform > 0 ? 2 : 1, stack);
      sizes.get(0).type(VK_DESCRIPTOR_TYPE_STORAGE_BUFFER).descriptorCount(Math.max(1, storage));
      if (uniform > 0) {
        sizes.get(1).type(VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER).descriptorCount(uniform);
      }
      var p = stack.mallocLong(1);
      VkResults.check(
          vkCreateDescriptorPool(
              device.handle(),
              VkDescriptorPoolCreateInfo.calloc(stack)
                  .sType$Default()
                  .maxSets(nodes.size())
                  .pPoolSizes(sizes),
              null,
              p),
          "vkCreateDescriptorPool");
      descriptorPool = p.get(0);
    }
    for (int n = 0; n < nodes.size(); n++) {
      DispatchNode node = nodes.get(n);
      ComputePipeline pipeline = graph.pipeline(node.pipeline());
      try (MemoryStack stack = MemoryStack.stackPush()) {
        var p = stack.mallocLong(1);
        VkResults.check(
            vkAllocateDescriptorSets(
                device.handle(),
                VkDescriptorSetAllocateInfo.calloc(stack)
                    .sType$Default()
                    .descriptorPool(descriptorPool)
                    .pSetLayouts(stack.longs(pipeline.setLayout())),
                p),
            "vkAllocateDescriptorSets");
        long set = p.get(0);
        sets.add(set);
        List<BindingInfo> declared = pipeline.kernel().bindings();
        var writes = VkWriteDescriptorSet.calloc(declared.size(), stack);
        for (int i = 0; i < declared.size(); i++) {
          Value v = node.bindings().get(i).value();
          if (v.byteSize() > maxRange) {
            throw new IllegalArgumentException(
                node.op()
                    + ": '"
                    + v.name()
                    + "' "
                    + v.spec()
                    + " takes "
                    + v.byteSize()
                    + " bytes, more than the device's maxStorageBufferRange "
                    + maxRange);
          }
          var info =
              VkDescriptorBufferInfo.calloc(1, stack)
                  .buffer(bufferOf(v).handle())
                  .offset(graph.offsetOf(v))
                  .range(v.byteSize());
          writes
              .get(i)
              .sType$Default()
              .dstSet(set)
              .dstBinding(declared.get(i).binding())
              .descriptorCount(1)
              .descriptorType(
                  declared.get(i).kind() == BindingInfo.Kind.UNIFORM_BUFFER
                      ? VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER
                      : VK_DESCRIPTOR_TYPE_STORAGE_BUFFER)
              .pBufferInfo(info);
        }
        vkUpdateDescriptorSets(device.handle(), writes, null);
      }
    }
    return sets;
  }

  private void record(List<Long> sets) {
    List<DispatchNode> nodes = graph.nodes();
    commandPool = device.createCommandPool(0);
    commandBuffer = device.allocateCommandBuffer(commandPool);
    try (MemoryStack stack = MemoryStack.stackPush()) {
      timestamps =
          new RunTimestamps(
              device, nodes, profiling, device.supportsTimestamps() && Settings.gpuSpanEnabled());
      VkResults.check(
          vkBeginCommandBuffer(
              commandBuffer, VkCommandBufferBeginInfo.calloc(stack).sType$Default()),
          "vkBeginCommandBuffer");
      VkMemoryBarrier.Buffer shaderBarrier =
          VkMemoryBarrier.calloc(1, stack)
              .sType$Default()
              .srcAccessMask(VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_SHADER_READ_BIT)
              .dstAccessMask(VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT);
      timestamps.recordStart(commandBuffer);
      if (state != null) {
        vkCmdFillBuffer(commandBuffer, state.handle(), 0, VK_WHOLE_SIZE, 0);
        vkCmdPipelineBarrier(
            commandBuffer,
            VK_PIPELINE_STAGE_TRANSFER_BIT,
            VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
            0,
            VkMemoryBarrier.calloc(1, stack)
                .sType$Default()
                .srcAccessMask(VK_ACCESS_TRANSFER_WRITE_BIT)
                .dstAccessMask(VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT),
            null,
            null);
      }
      long boundPipeline = 0;
      for (int n = 0; n < nodes.size(); n++) {
        DispatchNode node = nodes.get(n);
        ComputePipeline pipeline = graph.pipeline(node.pipeline());
        if (graph.barrierBefore(n)) {
          vkCmdPipelineBarrier(
              commandBuffer,
              VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
              VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
              0,
              shaderBarrier,
              null,
              null);
        }
        if (pipeline.handle() != boundPipeline) {
          vkCmdBindPipeline(commandBuffer, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline.handle());
          boundPipeline = pipeline.handle();
        }
        vkCmdBindDescriptorSets(
            commandBuffer,
            VK_PIPELINE_BIND_POINT_COMPUTE,
            pipeline.pipelineLayout(),
            0,
            stack.longs(sets.get(n)),
            null);
        if (node.pushConstants().length > 0) {
          ByteBuffer push = stack.malloc(node.pushConstants().length).put(node.pushConstants());
          push.flip();
          vkCmdPushConstants(
              commandBuffer, pipeline.pipelineLayout(), VK_SHADER_STAGE_COMPUTE_BIT, 0, push);
        }
        vkCmdDispatch(commandBuffer, node.grid().x(), node.grid().y(), node.grid().z());
        timestamps.recordAfter(commandBuffer, n);
      }
      timestamps.recordEnd(commandBuffer);
      vkCmdPipelineBarrier(
          commandBuffer,
          VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
          VK_PIPELINE_STAGE_HOST_BIT,
          0,
          VkMemoryBarrier.calloc(1, stack)
              .sType$Default()
              .srcAccessMask(VK_ACCESS_SHADER_WRITE_BIT)
              .dstAccessMask(VK_ACCESS_HOST_READ_BIT),
          null,
          null);
      VkResults.check(vkEndCommandBuffer(commandBuffer), "vkEndCommandBuffer");
    }
  }

  private static IllegalArgumentException wrongSize(
      String name, Value v, String expected, String got) {
    return new IllegalArgumentException(
        "input '" + name + "' expects " + v.spec() + " (" + expected + "), got " + got);
  }

  private Port input(String name) {
    return port(inputPorts, name, "input", graph.inputs().keySet());
  }

  private Port output(String name) {
    return port(outputPorts, name, "output", graph.outputs().keySet());
  }

  private static Port port(Map<String, Port> ports, String name, String kind, Set<String> names) {
    Port v = ports.get(name);
    if (v == null) {
      throw new IllegalArgumentException(
          "graph has no " + kind + " '" + name + "'; " + kind + "s: " + names);
    }
    return v;
  }

  /**
   * Copies an input's bytes (its layout and type, usually F32 NCHW) into its staging buffer.
   *
   * @param name the input
   * @param data exactly the input's {@link org.djlvulkan.backend.tensor.TensorSpec#dataBytes()}
   */
  public void write(String name, ByteBuffer data) {
    checkUsable();
    Port port = input(name);
    Value v = port.value();
    long bytes = v.spec().dataBytes();
    if (data.remaining() != bytes) {
      throw wrongSize(name, v, bytes + " bytes", data.remaining() + " bytes");
    }
    DeviceBuffer buf = port.buffer();
    ParallelCopy.copy(buf.mapped(0, (int) bytes), data);
    buf.flush(0, v.byteSize());
  }

  /**
   * Copies float data into an F32 input.
   *
   * @param name the input
   * @param data exactly the input's element count
   */
  public void write(String name, float[] data) {
    Port port = input(name);
    Value v = port.value();
    if (v.spec().dtype() != DType.F32 || data.length != v.spec().elementCount()) {
      throw wrongSize(name, v, v.spec().elementCount() + " elements", data.length + " floats");
    }
    checkUsable();
    // Straight into the mapped staging buffer: no per-inference host allocation.
    DeviceBuffer buf = port.buffer();
    buf.mapped(0, 4 * data.length).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(data);
    buf.flush(0, v.byteSize());
  }

  /**
   * Returns a read-only view of an output's bytes from the last run.
   *
   * @param name the output
   * @return a little-endian view of the mapped buffer
   */
  public ByteBuffer read(String name) {
    checkUsable();
    Port port = output(name);
    Value v = port.value();
    DeviceBuffer buf = port.buffer();
    buf.invalidate(0, v.byteSize());
    return buf.mapped(0, (int) v.spec().dataBytes())
        .asReadOnlyBuffer()
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Returns an F32 output as a new array.
   *
   * @param name the output
   * @return the values
   */
  public float[] readFloats(String name) {
    Value v = output(name).value();
    if (v.spec().dtype() != DType.F32) {
      throw new IllegalArgumentException("output '" + name + "' is " + v.spec() + ", not F32");
    }
    FloatBuffer fb = read(name).asFloatBuffer();
    float[] out = new float[fb.remaining()];
    fb.get(out);
    return out;
  }

  /** Replays the recorded command buffer once and waits for it. */
  public synchronized void run() {
    checkUsable();
    try {
      inFlight = true;
      device.submitAndWait(commandBuffer, fence, "graph run");
      inFlight = false;
    } catch (DeviceLostException e) {
      unusableReason = "the device was lost";
      throw e;
    } catch (VulkanException e) {
      unusableReason = e.getMessage();
      throw e;
    }
    timestamps.read();
  }

  /**
   * Returns the device time of the last run from its first to its last command, from timestamps;
   * NaN when the device has no timestamps, the span is turned off, or before the first run.
   */
  public double lastGpuSpanMicros() {
    return timestamps == null ? Double.NaN : timestamps.lastSpanMicros();
  }

  /** Returns per-node GPU times of the last run (empty unless profiling is on). */
  public List<NodeTiming> lastProfile() {
    return timestamps == null ? List.of() : timestamps.lastProfile();
  }

  /** Returns whether per-node timestamps are recorded. */
  public boolean profiling() {
    return profiling;
  }

  /** Returns the graph this context runs. */
  public ComputeGraph graph() {
    return graph;
  }

  /** Returns the bytes this context holds on the device: arena, state and staging. */
  public long deviceBytes() {
    long n = (arena == null ? 0 : arena.size()) + (state == null ? 0 : state.size());
    for (DeviceBuffer b : staging.values()) {
      n += b.size();
    }
    return n;
  }

  private void checkUsable() {
    if (closed) {
      throw new IllegalStateException("execution context is closed");
    }
    if (unusableReason != null) {
      throw new IllegalStateException("execution context is unusable: " + unusableReason);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    graph.forget(this);
    var vkDevice = device.handle();
    if (fence != 0) {
      if (inFlight) {
        // A run that timed out may still be executing: wait before freeing what it uses.
        vkWaitForFences(vkDevice, new long[] {fence}, true, Long.MAX_VALUE);
      }
      vkDestroyFence(vkDevice, fence, null);
    }
    if (timestamps != null) {
      timestamps.close();
    }
    if (commandPool != 0) {
      vkDestroyCommandPool(vkDevice, commandPool, null);
    }
    if (descriptorPool != 0) {
      vkDestroyDescriptorPool(vkDevice, descriptorPool, null);
    }
    if (state != null) {
      state.close();
      state = null;
    }
    if (arena != null) {
      arena.close();
    }
    staging.values().forEach(DeviceBuffer::close);
    staging.clear();
  }

  /** A graph input or output with the staging buffer that holds its bytes. */
  private record Port(Value value, DeviceBuffer buffer) {}
}
