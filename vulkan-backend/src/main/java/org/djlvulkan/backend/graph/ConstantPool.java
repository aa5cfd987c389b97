package org.djlvulkan.backend.graph;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.djlvulkan.backend.memory.BufferKind;
import org.djlvulkan.backend.memory.DeviceBuffer;
import org.djlvulkan.backend.vk.BufferTransfers;
import org.djlvulkan.backend.vk.VulkanDevice;

/**
 * Device buffers of graph constants shared by several graphs, keyed by content (SHA-256 of the
 * bytes): a model that builds one graph per input shape packs its weights for each, but uploads
 * each distinct packed weight once. Graphs built with a pool ({@link GraphBuilder#GraphBuilder(
 * VulkanDevice, ConstantPool)}) do not free these buffers; the pool's owner closes it after them.
 * Thread-safe.
 */
public final class ConstantPool implements AutoCloseable {
  private final VulkanDevice device;
  private final Map<ByteBuffer, DeviceBuffer> buffers = new HashMap<>();
  private long bytes;
  private boolean closed;

  /**
   * Creates an empty pool.
   *
   * @param device the device its buffers live on
   */
  public ConstantPool(VulkanDevice device) {
    this.device = device;
  }

  /** Returns the device. */
  public VulkanDevice device() {
    return device;
  }

  /**
   * Returns a buffer per constant, uploading those the pool does not hold yet in one submit.
   *
   * @param constants contents by key (the key only orders and names the result)
   * @param names names for the buffers, by the same keys
   * @return the buffers by the same keys
   */
  synchronized Map<Integer, DeviceBuffer> acquire(
      Map<Integer, ByteBuffer> constants, Map<Integer, String> names) {
    if (closed) {
      throw new IllegalStateException("constant pool is closed");
    }
    Map<Integer, DeviceBuffer> result = new LinkedHashMap<>();
    Map<ByteBuffer, DeviceBuffer> fresh = new HashMap<>();
    List<BufferTransfers.Upload> uploads = new ArrayList<>();
    try {
      for (Map.Entry<Integer, ByteBuffer> e : constants.entrySet()) {
        ByteBuffer key = digest(e.getValue());
        DeviceBuffer b = buffers.get(key);
        if (b == null) {
          b = fresh.get(key);
        }
        if (b == null) {
          b =
              device
                  .allocator()
                  .create(
                      "constant " + names.get(e.getKey()),
                      BufferKind.DEVICE_LOCAL,
                      Math.max(16, e.getValue().remaining()));
          fresh.put(key, b);
          uploads.add(new BufferTransfers.Upload(b, e.getValue()));
        }
        result.put(e.getKey(), b);
      }
      BufferTransfers.upload(device, uploads);
    } catch (RuntimeException e) {
      fresh.values().forEach(DeviceBuffer::close);
      throw e;
    }
    for (Map.Entry<ByteBuffer, DeviceBuffer> e : fresh.entrySet()) {
      buffers.put(e.getKey(), e.getValue());
      bytes += e.getValue().size();
    }
    return result;
  }

  private static ByteBuffer digest(ByteBuffer data) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(data.duplicate());
      ByteBuffer size = ByteBuffer.allocate(8).putLong(0, data.remaining());
      md.update(size);
      return ByteBuffer.wrap(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Returns the bytes of device memory the pool holds. */
  public synchronized long bytes() {
    return bytes;
  }

  /** Frees every buffer; close the graphs that use them first. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    buffers.values().forEach(DeviceBuffer::close);
    buffers.clear();
    bytes = 0;
  }
}
