package org.djlvulkan.backend.memory;

import static org.lwjgl.util.vma.Vma.*;
import static org.lwjgl.vulkan.VK10.*;

import java.util.concurrent.atomic.AtomicInteger;
import org.djlvulkan.backend.vk.errors.OutOfDeviceMemoryException;
import org.djlvulkan.backend.vk.errors.VkResults;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.util.vma.VmaAllocationCreateInfo;
import org.lwjgl.util.vma.VmaAllocationInfo;
import org.lwjgl.util.vma.VmaAllocatorCreateInfo;
import org.lwjgl.util.vma.VmaTotalStatistics;
import org.lwjgl.util.vma.VmaVulkanFunctions;
import org.lwjgl.vulkan.VkBufferCreateInfo;
import org.lwjgl.vulkan.VkDevice;
import org.lwjgl.vulkan.VkInstance;
import org.lwjgl.vulkan.VkPhysicalDevice;
import org.lwjgl.vulkan.VkPhysicalDeviceMemoryProperties;

/** The device's Vulkan Memory Allocator: creates buffers and reports statistics. */
public final class MemoryAllocator implements AutoCloseable {
  private static final int USAGE =
      VK_BUFFER_USAGE_STORAGE_BUFFER_BIT
          | VK_BUFFER_USAGE_TRANSFER_SRC_BIT
          | VK_BUFFER_USAGE_TRANSFER_DST_BIT;

  private final String deviceName;
  private final long allocator;
  private final AtomicInteger liveBuffers = new AtomicInteger();

  /**
   * Creates the allocator for a device (the device object creates its own: {@code
   * VulkanDevice.allocator()}).
   *
   * @param instance the Vulkan instance
   * @param apiVersion the Vulkan version the instance was created with
   * @param physicalDevice the physical device
   * @param device the logical device
   * @param deviceName names the device in messages
   * @param heapLimitBytes a cap applied to every memory heap, 0 for none
   */
  public MemoryAllocator(
      VkInstance instance,
      int apiVersion,
      VkPhysicalDevice physicalDevice,
      VkDevice device,
      String deviceName,
      long heapLimitBytes) {
    this.deviceName = deviceName;
    try (MemoryStack stack = MemoryStack.stackPush()) {
      VmaVulkanFunctions functions = VmaVulkanFunctions.calloc(stack).set(instance, device);
      VmaAllocatorCreateInfo info =
          VmaAllocatorCreateInfo.calloc(stack)
              .physicalDevice(physicalDevice)
              .device(device)
              .instance(instance)
              .pVulkanFunctions(functions)
              .vulkanApiVersion(apiVersion);
      if (heapLimitBytes > 0) {
        VkPhysicalDeviceMemoryProperties mem = VkPhysicalDeviceMemoryProperties.malloc(stack);
        vkGetPhysicalDeviceMemoryProperties(physicalDevice, mem);
        var limits = stack.mallocLong(mem.memoryHeapCount());
        for (int i = 0; i < mem.memoryHeapCount(); i++) {
          limits.put(i, Math.min(heapLimitBytes, mem.memoryHeaps(i).size()));
        }
        info.pHeapSizeLimit(limits);
      }
      PointerBuffer p = stack.mallocPointer(1);
      VkResults.check(vmaCreateAllocator(info, p), "vmaCreateAllocator");
      this.allocator = p.get(0);
    }
  }

  /**
   * Creates a buffer.
   *
   * @param name names the buffer in messages
   * @param kind device-local, upload or readback
   * @param size bytes, at least 1
   * @return the buffer; close it to free the memory
   * @throws OutOfDeviceMemoryException when the memory is not available
   */
  public DeviceBuffer create(String name, BufferKind kind, long size) {
    if (size <= 0) {
      throw new IllegalArgumentException("buffer '" + name + "' needs a positive size: " + size);
    }
    try (MemoryStack stack = MemoryStack.stackPush()) {
      VkBufferCreateInfo bufferInfo =
          VkBufferCreateInfo.calloc(stack)
              .sType$Default()
              .size(size)
              .usage(USAGE)
              .sharingMode(VK_SHARING_MODE_EXCLUSIVE);
      VmaAllocationCreateInfo allocInfo = VmaAllocationCreateInfo.calloc(stack);
      switch (kind) {
        case DEVICE_LOCAL:
          allocInfo.usage(VMA_MEMORY_USAGE_AUTO_PREFER_DEVICE);
          break;
        case UPLOAD:
          allocInfo
              .usage(VMA_MEMORY_USAGE_AUTO)
              .flags(
                  VMA_ALLOCATION_CREATE_HOST_ACCESS_SEQUENTIAL_WRITE_BIT
                      | VMA_ALLOCATION_CREATE_MAPPED_BIT);
          break;
        case READBACK:
          allocInfo
              .usage(VMA_MEMORY_USAGE_AUTO)
              .flags(
                  VMA_ALLOCATION_CREATE_HOST_ACCESS_RANDOM_BIT | VMA_ALLOCATION_CREATE_MAPPED_BIT);
          break;
        default:
          throw new IllegalArgumentException("unknown buffer kind " + kind);
      }
      var pBuffer = stack.mallocLong(1);
      PointerBuffer pAllocation = stack.mallocPointer(1);
      VmaAllocationInfo result = VmaAllocationInfo.calloc(stack);
      int status = vmaCreateBuffer(allocator, bufferInfo, allocInfo, pBuffer, pAllocation, result);
      if (status == VK_ERROR_OUT_OF_DEVICE_MEMORY || status == VK_ERROR_OUT_OF_HOST_MEMORY) {
        throw new OutOfDeviceMemoryException(
            "out of device memory: buffer '"
                + name
                + "' of "
                + size
                + " bytes ("
                + kind
                + ") could not be allocated on "
                + deviceName
                + "; in use: "
                + stats().allocationBytes()
                + " bytes",
            status);
      }
      VkResults.check(status, "vmaCreateBuffer '" + name + "' (" + size + " bytes)");
      var typeFlags = stack.mallocInt(1);
      vmaGetMemoryTypeProperties(allocator, result.memoryType(), typeFlags);
      boolean coherent = (typeFlags.get(0) & VK_MEMORY_PROPERTY_HOST_COHERENT_BIT) != 0;
      liveBuffers.incrementAndGet();
      return new DeviceBuffer(
          this,
          name,
          kind,
          pBuffer.get(0),
          pAllocation.get(0),
          size,
          kind == BufferKind.DEVICE_LOCAL ? 0 : result.pMappedData(),
          coherent,
          (typeFlags.get(0) & VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT) != 0);
    }
  }

  void destroy(DeviceBuffer buffer, long handle, long allocation) {
    vmaDestroyBuffer(allocator, handle, allocation);
    liveBuffers.decrementAndGet();
  }

  /** Returns the allocator's current totals. */
  public MemoryStats stats() {
    try (MemoryStack stack = MemoryStack.stackPush()) {
      VmaTotalStatistics total = VmaTotalStatistics.calloc(stack);
      vmaCalculateStatistics(allocator, total);
      var s = total.total().statistics();
      return new MemoryStats(
          liveBuffers.get(),
          s.allocationCount(),
          s.allocationBytes(),
          s.blockCount(),
          s.blockBytes());
    }
  }

  long handle() {
    return allocator;
  }

  @Override
  public void close() {
    vmaDestroyAllocator(allocator);
  }
}
