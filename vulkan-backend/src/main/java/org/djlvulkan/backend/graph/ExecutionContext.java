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
import org.djlvulkan.backend.memory.BufferKind;
import org.djlvulkan.backend.memory.DeviceBuffer;
import org.djlvulkan.backend.memory.ParallelCopy;
import org.djlvulkan.backend.model.NodeTiming;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.djlvulkan.backend.vk.errors.DeviceLostException;
import org.djlvulkan.backend.vk.errors.VulkanException;
import org.lwjgl.vulkan.VkCommandBuffer;

/**
 * What one user of a graph owns: the arena of intermediates, the state memory, mapped staging for
 * inputs and outputs ({@link #write}, {@link #read}), descriptor sets written once ({@link
 * DescriptorSets}), and a command buffer recorded once ({@link CommandRecording}) and replayed by
 * every {@link #run()}, timed by {@link RunTimestamps}. One context per thread; a context is not
 * itself thread-safe.
 */
public final class ExecutionContext implements AutoCloseable {
  private final ComputeGraph graph;
  private final VulkanDevice device;
  private final boolean profiling;

  /**
   * The smallest output that {@code DJL_VULKAN_OUTPUT_MEMORY=auto} writes in device memory where
   * the readback buffer is not device-local.
   */
  static final long DEVICE_OUTPUT_MIN_BYTES = 64 << 10;

  private final Map<Integer, DeviceBuffer> staging = new HashMap<>();

  /**
   * The outputs' device-memory buffers where the kernels write them ({@link
   * Settings#outputsInDeviceMemory(boolean)}; empty otherwise), by storage value: the run's command
   * buffer copies each into its staging buffer at its end.
   */
  private final Map<Integer, DeviceBuffer> outputsOnDevice = new HashMap<>();

  private final Map<String, Port> inputPorts = new HashMap<>();
  private final Map<String, Port> outputPorts = new HashMap<>();
  private DeviceBuffer arena;

  /**
   * The state values' memory (null without any): zeroed when the context is made, and left zero by
   * the dispatches that use it.
   */
  private DeviceBuffer state;

  private DescriptorSets descriptors;
  private CommandRecording commands;
  private long fence;
  private RunTimestamps timestamps;

  /** Record the copies of inputs from, and outputs to, device buffers (made on first use). */
  private BufferCopies inputCopies;

  private BufferCopies outputCopies;

  private String unusableReason;
  private boolean inFlight;
  private boolean closed;

  ExecutionContext(ComputeGraph graph, boolean profiling) {
    this.graph = graph;
    this.device = graph.device();
    this.profiling = profiling && device.supportsTimestamps();
    try {
      allocateBuffers();
      descriptors = new DescriptorSets(device, graph, this::bufferOf);
      timestamps =
          new RunTimestamps(
              device,
              graph.nodes(),
              this.profiling,
              device.supportsTimestamps() && Settings.gpuSpanEnabled());
      commands = new CommandRecording(device, graph, descriptors, timestamps, outputCopies());
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
      // Zeroed once: every dispatch that uses state memory leaves it zero again, so each run
      // finds it zero without a fill of its own.
      long handle = state.handle();
      device.runOnce(
          cmd -> vkCmdFillBuffer(cmd, handle, 0, VK_WHOLE_SIZE, 0), "zeroing the state memory");
    }
    for (Value v : graph.inputs().values()) {
      staging.put(
          v.id(), device.allocator().create("input " + v.name(), BufferKind.UPLOAD, v.byteSize()));
    }
    for (Value v : graph.outputs().values()) {
      Value s = graph.storage(v);
      DeviceBuffer readback =
          device.allocator().create("output " + v.name(), BufferKind.READBACK, s.byteSize());
      staging.put(s.id(), readback);
      if (Settings.outputsInDeviceMemory(deviceMemoryUnderAuto(readback))
          && graph.role(s) == ValueRole.OUTPUT
          && !outputsOnDevice.containsKey(s.id())) {
        outputsOnDevice.put(
            s.id(),
            device
                .allocator()
                .create("output " + v.name() + " (device)", BufferKind.DEVICE_LOCAL, s.byteSize()));
      }
    }
    // Resolved once here so that write/read cost one lookup by name, not three.
    graph.inputs().forEach((name, v) -> inputPorts.put(name, new Port(v, staging.get(v.id()))));
    graph
        .outputs()
        .forEach(
            (name, v) -> outputPorts.put(name, new Port(v, staging.get(graph.storage(v).id()))));
  }

  /**
   * Under {@code DJL_VULKAN_OUTPUT_MEMORY=auto}, whether an output goes to device memory: where its
   * readback buffer is not device-local (a discrete GPU's host memory across the bus) and it has at
   * least {@link #DEVICE_OUTPUT_MIN_BYTES}. On an H100 (session 31) device memory took ResNet50
   * int8's classifier at batch 256 from 331 to 241 us and MobileNetV2 int8's span at batch 32 from
   * 1.46 to 1.40 ms, while at batch 1 (4 KB of logits) the copy's barrier made the span 1 to 3 us
   * longer.
   */
  private static boolean deviceMemoryUnderAuto(DeviceBuffer readback) {
    return !readback.deviceLocal() && readback.size() >= DEVICE_OUTPUT_MIN_BYTES;
  }

  /**
   * The copies of the outputs written in device memory into their staging buffers (both made with
   * the output's size).
   */
  private List<BufferCopies.Copy> outputCopies() {
    List<BufferCopies.Copy> copies = new ArrayList<>();
    outputsOnDevice.forEach(
        (id, buffer) -> copies.add(new BufferCopies.Copy(buffer, staging.get(id), buffer.size())));
    return copies;
  }

  private DeviceBuffer bufferOf(Value view) {
    Value v = graph.storage(view);
    switch (graph.role(v)) {
      case OUTPUT:
        return outputsOnDevice.getOrDefault(v.id(), staging.get(v.id()));
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
    submit(List.of(commands.buffer()));
  }

  /**
   * Runs once with some inputs taken from device memory tensors instead of {@link #write}, and some
   * outputs copied into device memory tensors instead of only read back: short command buffers,
   * recorded for this run and submitted with the recorded one, copy them on the device (the inputs
   * into the inputs' buffers before the kernels, the outputs from the outputs' buffers after them).
   * The tensors are held for the submit ({@link DeviceMemoryTensor#acquire}). The other inputs are
   * those last written.
   *
   * @param fromDevice input name to the tensor whose bytes are its data (in the input's layout and
   *     type, {@link org.djlvulkan.backend.tensor.TensorSpec#dataBytes()} of them)
   * @param toDevice output name to the tensor its data bytes are copied to
   * @throws IllegalArgumentException naming an unknown input or output, or a tensor too small
   * @throws IllegalStateException when a tensor is closed
   */
  public synchronized void run(
      Map<String, DeviceMemoryTensor> fromDevice, Map<String, DeviceMemoryTensor> toDevice) {
    if (fromDevice.isEmpty() && toDevice.isEmpty()) {
      run();
      return;
    }
    checkUsable();
    List<DeviceMemoryTensor> held = new ArrayList<>();
    try {
      List<BufferCopies.Copy> in = new ArrayList<>();
      fromDevice.forEach(
          (name, t) ->
              in.add(
                  new BufferCopies.Copy(
                      hold(t, held), input(name).buffer(), bytes(input(name), t))));
      List<BufferCopies.Copy> out = new ArrayList<>();
      toDevice.forEach(
          (name, t) ->
              out.add(
                  new BufferCopies.Copy(
                      output(name).buffer(), hold(t, held), bytes(output(name), t))));
      List<VkCommandBuffer> buffers = new ArrayList<>();
      if (!in.isEmpty()) {
        if (inputCopies == null) {
          inputCopies = new BufferCopies(device, BufferCopies.INPUTS);
        }
        buffers.add(inputCopies.record(in));
      }
      buffers.add(commands.buffer());
      if (!out.isEmpty()) {
        if (outputCopies == null) {
          outputCopies = new BufferCopies(device, BufferCopies.OUTPUTS);
        }
        buffers.add(outputCopies.record(out));
      }
      submit(buffers);
    } finally {
      held.forEach(DeviceMemoryTensor::release);
    }
  }

  /** Holds a tensor for this run and returns its buffer. */
  private static DeviceBuffer hold(DeviceMemoryTensor t, List<DeviceMemoryTensor> held) {
    DeviceBuffer b = t.acquire();
    held.add(t);
    return b;
  }

  /** Returns the data bytes of a port, checking that a device tensor holds them. */
  private static long bytes(Port port, DeviceMemoryTensor t) {
    long bytes = port.value().spec().dataBytes();
    if (t.byteSize() < bytes) {
      throw new IllegalArgumentException(
          "'"
              + port.value().name()
              + "' is "
              + port.value().spec()
              + " ("
              + bytes
              + " bytes), the device tensor "
              + t
              + " has "
              + t.byteSize());
    }
    return bytes;
  }

  private void submit(List<VkCommandBuffer> buffers) {
    try {
      inFlight = true;
      device.submitAndWait(buffers, fence, "graph run");
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

  /**
   * Returns the bytes this context holds on the device: arena, state, staging and the outputs'
   * device buffers.
   */
  public long deviceBytes() {
    long n = (arena == null ? 0 : arena.size()) + (state == null ? 0 : state.size());
    for (DeviceBuffer b : staging.values()) {
      n += b.size();
    }
    for (DeviceBuffer b : outputsOnDevice.values()) {
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
    if (inputCopies != null) {
      inputCopies.close();
    }
    if (outputCopies != null) {
      outputCopies.close();
    }
    if (commands != null) {
      commands.close();
    }
    if (descriptors != null) {
      descriptors.close();
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
    outputsOnDevice.values().forEach(DeviceBuffer::close);
    outputsOnDevice.clear();
  }

  /** A graph input or output with the staging buffer that holds its bytes. */
  private record Port(Value value, DeviceBuffer buffer) {}
}
