package org.djlvulkan.backend.memory;

import static org.lwjgl.util.vma.Vma.*;

import java.nio.ByteBuffer;
import org.lwjgl.system.MemoryUtil;

/**
 * One {@code VkBuffer} with its VMA allocation. Host-visible buffers are persistently mapped and
 * can be read and written directly; closing frees the memory.
 */
public final class DeviceBuffer implements AutoCloseable {
  private final MemoryAllocator allocator;
  private final String name;
  private final BufferKind kind;
  private final long handle;
  private final long allocation;
  private final long size;
  private final long mappedAddress;
  private final boolean coherent;
  private final boolean deviceLocal;
  private boolean closed;

  DeviceBuffer(
      MemoryAllocator allocator,
      String name,
      BufferKind kind,
      long handle,
      long allocation,
      long size,
      long mappedAddress,
      boolean coherent,
      boolean deviceLocal) {
    this.allocator = allocator;
    this.name = name;
    this.kind = kind;
    this.handle = handle;
    this.allocation = allocation;
    this.size = size;
    this.mappedAddress = mappedAddress;
    this.coherent = coherent;
    this.deviceLocal = deviceLocal;
  }

  /** Returns the {@code VkBuffer} handle. */
  public long handle() {
    return handle;
  }

  /** Returns the size in bytes. */
  public long size() {
    return size;
  }

  /** Returns the name given at creation, for messages and debugging. */
  public String name() {
    return name;
  }

  /**
   * Returns whether the memory type the allocator chose is device-local: always for {@link
   * BufferKind#DEVICE_LOCAL}; for a host-visible buffer it depends on the device (true on
   * integrated GPUs and on CPU drivers such as lavapipe; on a discrete GPU a readback buffer is
   * normally host memory across the bus).
   */
  public boolean deviceLocal() {
    return deviceLocal;
  }

  /** Returns the kind of memory. */
  public BufferKind kind() {
    return kind;
  }

  /**
   * Returns a view of the mapped memory ({@code offset .. offset + length}). After writing, call
   * {@link #flush}; before reading what a kernel wrote, call {@link #invalidate}.
   *
   * @param offset first byte
   * @param length number of bytes
   * @return a direct buffer over the mapped memory, native order not set
   */
  public ByteBuffer mapped(long offset, int length) {
    checkMapped();
    if (offset < 0 || length < 0 || offset + length > size) {
      throw new IndexOutOfBoundsException(
          "range " + offset + "+" + length + " outside buffer '" + name + "' of " + size + " B");
    }
    return MemoryUtil.memByteBuffer(mappedAddress + offset, length);
  }

  /**
   * Makes host writes visible to the device (no-op on coherent memory).
   *
   * @param offset first byte
   * @param length number of bytes
   */
  public void flush(long offset, long length) {
    checkMapped();
    if (!coherent) {
      vmaFlushAllocation(allocator.handle(), allocation, offset, length);
    }
  }

  /**
   * Makes device writes visible to the host (no-op on coherent memory).
   *
   * @param offset first byte
   * @param length number of bytes
   */
  public void invalidate(long offset, long length) {
    checkMapped();
    if (!coherent) {
      vmaInvalidateAllocation(allocator.handle(), allocation, offset, length);
    }
  }

  private void checkMapped() {
    if (closed) {
      throw new IllegalStateException("buffer '" + name + "' is closed");
    }
    if (mappedAddress == 0) {
      throw new IllegalStateException("buffer '" + name + "' (" + kind + ") is not host-visible");
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    allocator.destroy(this, handle, allocation);
  }
}
