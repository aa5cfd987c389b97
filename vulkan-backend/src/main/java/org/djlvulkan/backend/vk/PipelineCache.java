package org.djlvulkan.backend.vk;

import static org.lwjgl.vulkan.VK10.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Optional;
import org.djlvulkan.backend.vk.errors.VkResults;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;
import org.lwjgl.vulkan.VkPhysicalDeviceProperties;
import org.lwjgl.vulkan.VkPipelineCacheCreateInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's {@code VkPipelineCache}, loaded from and saved to a file per device and driver in
 * the cache folder. A missing, foreign or unreadable file is ignored: the cache only saves time.
 */
public final class PipelineCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineCache.class);
  private static final int HEADER_BYTES = 32;

  private final VulkanDevice device;
  private final Optional<Path> file;
  private final byte[] expectedHeader;
  private final long handle;

  /**
   * Creates the cache, seeded from the file in {@code dir} when it matches this device.
   *
   * @param device the device
   * @param dir the cache folder; empty for an in-memory cache only
   */
  public PipelineCache(VulkanDevice device, Optional<Path> dir) {
    this.device = device;
    try (MemoryStack stack = MemoryStack.stackPush()) {
      VkPhysicalDeviceProperties props = VkPhysicalDeviceProperties.malloc(stack);
      vkGetPhysicalDeviceProperties(device.physicalDevice(), props);
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      header.putInt(HEADER_BYTES).putInt(VK_PIPELINE_CACHE_HEADER_VERSION_ONE);
      header.putInt(props.vendorID()).putInt(props.deviceID());
      for (int i = 0; i < VK_UUID_SIZE; i++) {
        header.put(props.pipelineCacheUUID(i));
      }
      this.expectedHeader = header.array();
      String uuid = HexFormat.of().formatHex(expectedHeader, 16, 32);
      this.file =
          dir.map(
              d ->
                  d.resolve(
                      String.format(
                          "pipelines-%04x-%04x-%s.bin", props.vendorID(), props.deviceID(), uuid)));
      byte[] initial = file.map(this::readIfValid).orElse(null);
      ByteBuffer data = null;
      try {
        VkPipelineCacheCreateInfo info = VkPipelineCacheCreateInfo.calloc(stack).sType$Default();
        if (initial != null) {
          data = MemoryUtil.memAlloc(initial.length).put(initial).flip();
          info.pInitialData(data);
        }
        var p = stack.mallocLong(1);
        VkResults.check(
            vkCreatePipelineCache(device.handle(), info, null, p), "vkCreatePipelineCache");
        this.handle = p.get(0);
      } finally {
        MemoryUtil.memFree(data);
      }
    }
  }

  private byte[] readIfValid(Path path) {
    try {
      if (!Files.isRegularFile(path)) {
        return null;
      }
      byte[] bytes = Files.readAllBytes(path);
      if (bytes.length < HEADER_BYTES) {
        return null;
      }
      for (int i = 0; i < HEADER_BYTES; i++) {
        if (bytes[i] != expectedHeader[i]) {
          LOG.debug("pipeline cache {} is for another device or driver; ignored", path);
          return null;
        }
      }
      return bytes;
    } catch (IOException e) {
      LOG.warn("cannot read pipeline cache {}: {}", path, e.toString());
      return null;
    }
  }

  /** Returns the {@code VkPipelineCache} handle. */
  public long handle() {
    return handle;
  }

  /** Returns the cache file, if the cache is persisted. */
  public Optional<Path> file() {
    return file;
  }

  /** Writes the cache's current contents to its file (atomically); failures are logged. */
  public synchronized void save() {
    if (file.isEmpty()) {
      return;
    }
    try (MemoryStack stack = MemoryStack.stackPush()) {
      var size = stack.mallocPointer(1);
      VkResults.check(
          vkGetPipelineCacheData(device.handle(), handle, size, null), "vkGetPipelineCacheData");
      ByteBuffer data = MemoryUtil.memAlloc((int) size.get(0));
      try {
        VkResults.check(
            vkGetPipelineCacheData(device.handle(), handle, size, data), "vkGetPipelineCacheData");
        byte[] bytes = new byte[(int) size.get(0)];
        data.get(bytes);
        Path target = file.get();
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "pipelines", ".tmp");
        Files.write(tmp, bytes);
        Files.move(
            tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        MemoryUtil.memFree(data);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot save pipeline cache {}: {}", file.get(), e.toString());
    }
  }

  @Override
  public void close() {
    save();
    vkDestroyPipelineCache(device.handle(), handle, null);
  }
}
