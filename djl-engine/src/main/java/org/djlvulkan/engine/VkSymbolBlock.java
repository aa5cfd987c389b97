package org.djlvulkan.engine;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractSymbolBlock;
import ai.djl.nn.ParameterList;
import ai.djl.nn.SymbolBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.djlvulkan.backend.graph.DeviceMemoryTensor;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.ModelTensor;
import org.djlvulkan.backend.model.NodeTiming;
import org.djlvulkan.backend.model.TensorInfo;
import org.djlvulkan.engine.ndarray.HostTensors;
import org.djlvulkan.engine.ndarray.VkNDArray;

/**
 * A loaded model as a DJL {@link SymbolBlock}: {@code forward} copies the NDArrays into host
 * tensors, runs the model on its Vulkan device and returns the outputs as NDArrays. Safe to call
 * from many threads at once: each run uses a session no other thread is using (see {@link
 * SessionPool}). Closing it frees the model's device memory.
 */
public final class VkSymbolBlock extends AbstractSymbolBlock implements AutoCloseable {
  private final InferenceModel model;
  private final List<String> inputNames;
  private final SessionPool sessions;
  private final NDManager manager;
  private final VulkanDevices devices;
  private final BiConsumer<String, String> properties;
  private final boolean pixels;
  private final boolean outputsOnDevice;
  private boolean closed;

  /**
   * Wraps a loaded model; the block owns it from now on.
   *
   * @param model the model
   * @param manager the model's manager: the block is closed with it
   * @param devices the registry that closes the block at JVM shutdown if nobody did before
   * @param properties where the block reports its memory and profile after each run (the model's
   *     properties, see {@link VkModel#PEAK_ACTIVATION_BYTES} and {@link VkModel#PROFILE})
   * @param pixels whether the first input may come as 8-bit images {@code [N, H, W, 3]}, or as
   *     images at their own size (bytes and table, see {@code SourceImages}; the model was loaded
   *     with the option {@code pixelInput})
   * @param outputsOnDevice whether outputs stay in device memory where the device holds them as
   *     they are returned (the option {@code outputsOnDevice})
   */
  VkSymbolBlock(
      InferenceModel model,
      NDManager manager,
      VulkanDevices devices,
      BiConsumer<String, String> properties,
      boolean pixels,
      boolean outputsOnDevice) {
    this.pixels = pixels;
    this.outputsOnDevice = outputsOnDevice;
    this.model = model;
    this.inputNames = model.inputs().stream().map(TensorInfo::name).toList();
    this.sessions = new SessionPool(model);
    this.manager = manager;
    this.devices = devices;
    this.properties = properties;
    manager.attachInternal(NDManager.nextUid(), this);
    devices.register(this);
  }

  /**
   * Runs the model. Inputs map to the model's inputs by name when every array is named after one,
   * else by position. The outputs belong to the first input's manager and carry the outputs' names.
   *
   * @throws EngineException naming the input when the count, a type or a shape does not fit (as
   *     DJL's OnnxRuntime engine reports such mistakes)
   * @throws UnsupportedOperationException when training is asked for
   */
  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    if (training) {
      throw new UnsupportedOperationException(
          "forward(training=true): the Vulkan engine only infers");
    }
    List<TensorInfo> expected = model.inputs();
    List<ModelTensor> outputs;
    long start = System.nanoTime();
    long ran;
    try {
      // Images at their own size come as two arrays (bytes and table) in place of the first input.
      boolean sourceImages = pixels && HostTensors.isSourceImages(inputs, expected.size());
      List<NDArray> ordered = sourceImages ? inputs.subList(1, inputs.size()) : order(inputs);
      List<ModelTensor> host = new ArrayList<>();
      for (int i = 0; i < expected.size(); i++) {
        NDArray array = ordered.get(i);
        DeviceMemoryTensor resident = array instanceof VkNDArray vk ? vk.deviceTensor() : null;
        boolean images = i == 0 && pixels && HostTensors.isImages(array);
        if (resident != null && (images || resident.type() == expected.get(i).type())) {
          // In device memory already (VkNDManager.toDeviceMemory): the run copies it there.
          host.add(resident);
        } else if (i == 0 && sourceImages) {
          host.add(HostTensors.raw(inputs.get(0)));
          host.add(HostTensors.raw(array));
        } else if (images) {
          host.add(HostTensors.images(array));
        } else {
          host.add(HostTensors.toHost(array, expected.get(i)));
        }
      }
      ran = System.nanoTime();
      outputs = sessions.run(host, outputsOnDevice);
    } catch (IllegalArgumentException e) {
      throw new EngineException(e.getMessage(), e);
    }
    long done = System.nanoTime();
    NDList result = HostTensors.toNDList(outputs, model.outputs(), inputs.head().getManager());
    report(
        RunPhases.format(
            (ran - start) / 1e3, sessions.lastTiming(), (System.nanoTime() - done) / 1e3));
    return result;
  }

  private void report(String timing) {
    properties.accept(VkModel.TIMING, timing);
    properties.accept(VkModel.PEAK_ACTIVATION_BYTES, Long.toString(sessions.peakActivationBytes()));
    properties.accept(VkModel.HOST_NODES, String.join("\n", model.hostNodes()));
    List<NodeTiming> profile = sessions.lastProfile();
    if (!profile.isEmpty()) {
      StringBuilder sb = new StringBuilder();
      for (NodeTiming t : profile) {
        sb.append(t.index()).append(' ').append(t.op()).append(' ').append(t.kernel());
        sb.append('\t').append(t.micros()).append('\t').append(t.multiplyAdds()).append('\n');
      }
      properties.accept(VkModel.PROFILE, sb.toString());
    }
  }

  private List<NDArray> order(NDList inputs) {
    if (inputs.size() != inputNames.size()) {
      throw new IllegalArgumentException(
          "the model takes "
              + inputNames.size()
              + " input(s) "
              + inputNames
              + ", got "
              + inputs.size());
    }
    boolean byName =
        inputs.stream().allMatch(a -> a.getName() != null && inputNames.contains(a.getName()));
    if (!byName) {
      return inputs;
    }
    Map<String, NDArray> named =
        inputs.stream()
            .collect(Collectors.toMap(NDArray::getName, Function.identity(), (a, b) -> a));
    if (named.size() != inputNames.size()) {
      throw new IllegalArgumentException(
          "an input name repeats among " + inputs.stream().map(NDArray::getName).toList());
    }
    return inputNames.stream().map(named::get).toList();
  }

  /** Returns the per-node GPU times of the calling thread's last run (with profiling on). */
  public List<NodeTiming> lastProfile() {
    return sessions.lastProfile();
  }

  /** Returns how many sessions the model has opened (one per concurrent caller). */
  public int sessionCount() {
    return sessions.sessionCount();
  }

  /** Returns the inputs' names and shapes; {@code -1} marks a dynamic dimension. */
  @Override
  public PairList<String, Shape> describeInput() {
    return describe(model.inputs());
  }

  /** Returns the outputs' names and shapes; {@code -1} marks a dynamic dimension. */
  @Override
  public PairList<String, Shape> describeOutput() {
    return describe(model.outputs());
  }

  private static PairList<String, Shape> describe(List<TensorInfo> tensors) {
    PairList<String, Shape> result = new PairList<>();
    tensors.forEach(t -> result.add(t.name(), new Shape(t.shape())));
    return result;
  }

  /** Returns no parameters: the weights live on the device. */
  @Override
  public ParameterList getDirectParameters() {
    return new ParameterList();
  }

  /** Closes the sessions and frees the model's device memory. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    sessions.close();
    model.close();
    devices.unregister(this);
  }
}
