package org.djlvulkan.engine.ndarray;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.RandomUtils;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.util.function.DoubleSupplier;
import org.djlvulkan.backend.graph.DeviceMemoryTensor;
import org.djlvulkan.engine.VkEngine;
import org.djlvulkan.engine.VulkanDevices;

/**
 * The Vulkan engine's {@link NDManager}: its arrays live in Java heap memory (little-endian) and
 * their operations run in Java. Only a model's {@code forward} runs on the Vulkan device.
 */
public class VkNDManager extends UnsupportedNDManagerOps {
  private static final class Holder {
    private static final VkNDManager SYSTEM = new SystemManager();
  }

  private VkNDManager(NDManager parent, Device device) {
    super(parent, device);
    if (alternativeManager == null) {
      alternativeManager = Unsupported.alternativeManager();
    }
  }

  /** Returns the root manager of which all others are children; it is never closed. */
  public static VkNDManager getSystemManager() {
    return Holder.SYSTEM;
  }

  @Override
  public ByteBuffer allocateDirect(int capacity) {
    return ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
  }

  /**
   * Draws uniformly from {@code [low, high)} with DJL's shared generator ({@code
   * RandomUtils.RANDOM}, which {@code Engine.setRandomSeed} seeds).
   */
  @Override
  public NDArray randomUniform(float low, float high, Shape shape, DataType dataType) {
    return random(shape, dataType, () -> low + (high - low) * RandomUtils.RANDOM.nextDouble());
  }

  /**
   * Draws from a normal distribution with DJL's shared generator ({@code RandomUtils.RANDOM}, which
   * {@code Engine.setRandomSeed} seeds).
   */
  @Override
  public NDArray randomNormal(float loc, float scale, Shape shape, DataType dataType) {
    return random(shape, dataType, () -> loc + scale * RandomUtils.RANDOM.nextGaussian());
  }

  private NDArray random(Shape shape, DataType dataType, DoubleSupplier draw) {
    if (!DataTypes.isFloating(dataType)) {
      throw new IllegalArgumentException("random arrays are floating point, not " + dataType);
    }
    int count = Math.toIntExact(shape.size());
    ByteBuffer out = Elements.allocate(dataType, count);
    for (int i = 0; i < count; i++) {
      Elements.putDouble(out, dataType, i, draw.getAsDouble());
    }
    return wrap(out, shape, dataType);
  }

  /**
   * Returns the array itself when it is a Vulkan engine array, else a copy of it in this manager.
   */
  @Override
  public VkNDArray from(NDArray array) {
    if (array == null || array instanceof VkNDArray) {
      return (VkNDArray) array;
    }
    VkNDArray copy = create(array.toByteBuffer(), array.getShape(), array.getDataType());
    copy.setName(array.getName());
    return copy;
  }

  /**
   * Creates an array holding a copy of the buffer's remaining elements. A {@link ByteBuffer} is
   * read as raw bytes in the platform's byte order (DJL's convention); typed buffers are read
   * element by element.
   */
  @Override
  public VkNDArray create(Buffer data, Shape shape, DataType dataType) {
    DataTypes.check(dataType);
    int count = Math.toIntExact(shape.size());
    Buffer source = data.duplicate();
    BaseNDManager.validateBuffer(source, dataType, count);
    ByteBuffer target = Elements.allocate(dataType, count);
    BaseNDManager.copyBuffer(source, target);
    return wrap(target, shape, dataType);
  }

  @Override
  public NDArray create(String[] data, Charset charset, Shape shape) {
    throw Unsupported.operation("NDManager.create(String[])");
  }

  @Override
  public NDArray full(Shape shape, float value, DataType dataType) {
    DataTypes.check(dataType);
    int count = Math.toIntExact(shape.size());
    ByteBuffer data = Elements.allocate(dataType, count);
    for (int i = 0; i < count; i++) {
      Elements.putDouble(data, dataType, i, value);
    }
    return wrap(data, shape, dataType);
  }

  /** Returns {@code start, start + step, ...} below {@code stop} (above it for a negative step). */
  @Override
  public NDArray arange(float start, float stop, float step, DataType dataType) {
    DataTypes.check(dataType);
    if (step == 0) {
      throw new IllegalArgumentException("arange: step must not be 0");
    }
    int count = (int) Math.max(0, Math.ceil((stop - start) / (double) step));
    ByteBuffer data = Elements.allocate(dataType, count);
    for (int i = 0; i < count; i++) {
      Elements.putDouble(data, dataType, i, start + (double) i * step);
    }
    return wrap(data, new Shape(count), dataType);
  }

  /**
   * Wraps a buffer without copying it.
   *
   * @param data exactly {@code shape.size()} little-endian elements of {@code dataType}
   * @param shape the shape
   * @param dataType the element type
   * @return the new array, attached to this manager
   */
  VkNDArray wrap(ByteBuffer data, Shape shape, DataType dataType) {
    return new VkNDArray(this, alternativeManager, data, shape, dataType);
  }

  /**
   * Returns a copy of an array whose elements live in the memory of this manager's Vulkan device
   * ({@link #getDevice()}): a model on that device reads them there on every run, with no host copy
   * or upload per run (an input fed many times, or images already decoded into an array once).
   * Reading the copy's elements on the host downloads them once; changing them drops the device
   * copy; closing the array (or this manager) frees its device memory.
   *
   * @param array the elements to copy
   * @return the new array, attached to this manager
   * @throws IllegalArgumentException when this manager's device is not a Vulkan device
   * @throws org.djlvulkan.backend.vk.errors.OutOfDeviceMemoryException when the device has no room
   */
  public VkNDArray toDeviceMemory(NDArray array) {
    VkNDArray copy =
        adopt(DeviceMemoryTensor.upload(devices().open(getDevice()), HostTensors.raw(array)));
    copy.setName(array.getName());
    return copy;
  }

  /**
   * Wraps a tensor in device memory as an array of this manager, which owns it from now on.
   *
   * @param tensor the tensor (closed here when the wrapping fails)
   * @return the array; closing it frees the tensor
   */
  VkNDArray adopt(DeviceMemoryTensor tensor) {
    try {
      devices().register(tensor);
    } catch (RuntimeException e) {
      tensor.close();
      throw e;
    }
    return new VkNDArray(
        this,
        alternativeManager,
        tensor,
        new Shape(tensor.shape()),
        DataTypes.fromElementType(tensor.type()));
  }

  /** Frees a tensor that {@link #adopt} registered with the engine's devices. */
  static void free(DeviceMemoryTensor tensor) {
    tensor.close();
    devices().unregister(tensor);
  }

  /** The Vulkan engine's devices, which free device memory tensors before themselves. */
  private static VulkanDevices devices() {
    return ((VkEngine) Engine.getEngine(VkEngine.ENGINE_NAME)).devices();
  }

  @Override
  public VkNDManager newSubManager(Device device) {
    VkNDManager manager = new VkNDManager(this, device);
    attachInternal(manager.uid, manager);
    return manager;
  }

  @Override
  public final Engine getEngine() {
    return Engine.getEngine(VkEngine.ENGINE_NAME);
  }

  @Override
  public void close() {
    super.close();
    if (alternativeManager != null && !Unsupported.isStandIn(alternativeManager)) {
      alternativeManager.close();
    }
    alternativeManager = null;
  }

  /** The root manager; it lives as long as the JVM. */
  private static final class SystemManager extends VkNDManager implements SystemNDManager {
    SystemManager() {
      super(null, null);
    }

    @Override
    public void close() {}
  }
}
