package org.djlvulkan.backend.graph;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.djlvulkan.backend.memory.BufferKind;
import org.djlvulkan.backend.memory.DeviceBuffer;
import org.djlvulkan.backend.model.ElementType;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.ModelTensor;
import org.djlvulkan.backend.vk.BufferTransfers;
import org.djlvulkan.backend.vk.VulkanDevice;

/**
 * A dense row-major tensor in a device-local buffer of one Vulkan device, fed to a model on that
 * device without passing through host memory on each run (the run copies it on the device into the
 * graph's input). Owns its buffer: {@link #close()} frees it, deferred while a run is reading it.
 * Thread-safe.
 */
public final class DeviceMemoryTensor implements ModelTensor, AutoCloseable {
  private final VulkanDevice device;
  private final ElementType type;
  private final long[] shape;
  private final long bytes;
  private DeviceBuffer buffer;
  private int readers;
  private boolean closed;

  private DeviceMemoryTensor(
      VulkanDevice device, ElementType type, long[] shape, DeviceBuffer buffer) {
    this.device = device;
    this.type = type;
    this.shape = shape.clone();
    this.bytes = HostTensor.elementCount(shape) * type.bytes();
    this.buffer = buffer;
  }

  /**
   * Allocates a tensor whose elements a later copy on the device fills (a run's output).
   *
   * @param device the device the tensor lives on
   * @param type the element type
   * @param shape the dimensions
   * @return the tensor, its elements undefined until written; the caller closes it
   * @throws org.djlvulkan.backend.vk.errors.OutOfDeviceMemoryException when the device has no room
   */
  public static DeviceMemoryTensor allocate(VulkanDevice device, ElementType type, long[] shape) {
    long bytes = HostTensor.elementCount(shape) * type.bytes();
    DeviceBuffer buffer =
        device
            .allocator()
            .create(
                "device tensor " + type + Arrays.toString(shape),
                BufferKind.DEVICE_LOCAL,
                Math.max(16, bytes));
    return new DeviceMemoryTensor(device, type, shape, buffer);
  }

  /**
   * Copies a host tensor into a new device-local buffer.
   *
   * @param device the device the tensor lives on
   * @param host the elements
   * @return the tensor; the caller closes it
   * @throws org.djlvulkan.backend.vk.errors.OutOfDeviceMemoryException when the device has no room
   */
  public static DeviceMemoryTensor upload(VulkanDevice device, HostTensor host) {
    DeviceMemoryTensor t = allocate(device, host.type(), host.shape());
    try {
      BufferTransfers.upload(device, List.of(new BufferTransfers.Upload(t.buffer, host.data())));
    } catch (RuntimeException e) {
      t.close();
      throw e;
    }
    return t;
  }

  /** Returns the elements downloaded into host memory ({@link #download()}). */
  @Override
  public HostTensor toHost() {
    return download();
  }

  /**
   * Copies the elements back into host memory.
   *
   * @return a new host tensor
   * @throws IllegalStateException when the tensor is closed
   */
  public HostTensor download() {
    DeviceBuffer b = acquire();
    try {
      ByteBuffer data = BufferTransfers.download(device, b, bytes);
      return new HostTensor(type, shape, data);
    } finally {
      release();
    }
  }

  /**
   * Holds the buffer for a reader (a run that copies from it); {@link #close()} waits to free it
   * until every reader has {@link #release() released} it.
   *
   * @return the buffer
   * @throws IllegalStateException when the tensor is closed
   */
  public synchronized DeviceBuffer acquire() {
    if (closed) {
      throw new IllegalStateException("device tensor " + this + " is closed");
    }
    readers++;
    return buffer;
  }

  /** Ends a reader's hold taken by {@link #acquire()}. */
  public synchronized void release() {
    if (readers == 0) {
      throw new IllegalStateException("device tensor " + this + " released more than acquired");
    }
    readers--;
    if (closed && readers == 0) {
      free();
    }
  }

  /** Returns the device the elements live on. */
  public VulkanDevice device() {
    return device;
  }

  @Override
  public ElementType type() {
    return type;
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Returns the bytes the elements take (the buffer may be larger). */
  public long byteSize() {
    return bytes;
  }

  /** Returns whether {@link #close()} was called. */
  public synchronized boolean isClosed() {
    return closed;
  }

  /** Frees the device buffer (after the last reader releases it). Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (readers == 0) {
      free();
    }
  }

  private void free() {
    if (buffer != null) {
      buffer.close();
      buffer = null;
    }
  }

  @Override
  public String toString() {
    return type + Arrays.toString(shape) + " on " + device.info().name();
  }
}
