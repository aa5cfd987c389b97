package org.djlvulkan.backend.graph;

import static org.lwjgl.vulkan.VK10.*;

import java.util.List;
import org.djlvulkan.backend.memory.DeviceBuffer;
import org.djlvulkan.backend.vk.BufferTransfers;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.djlvulkan.backend.vk.errors.VkResults;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkCommandBufferBeginInfo;

/**
 * An execution context's command buffer that copies device-resident inputs into the graph's input
 * buffers before the recorded run, re-recorded for each run that has such inputs (a few copies).
 */
final class InputCopies implements AutoCloseable {
  /**
   * One input's copy.
   *
   * @param source the device buffer holding the input's bytes
   * @param target the graph input's buffer
   * @param bytes how many bytes
   */
  record Copy(DeviceBuffer source, DeviceBuffer target, long bytes) {}

  private final VulkanDevice device;
  private final long pool;
  private final VkCommandBuffer buffer;

  InputCopies(VulkanDevice device) {
    this.device = device;
    this.pool = device.createCommandPool(VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT);
    this.buffer = device.allocateCommandBuffer(pool);
  }

  /**
   * Records the copies, between a barrier after earlier submissions' writes and one before the
   * kernels' reads.
   *
   * @param copies the inputs' copies
   * @return the command buffer, to submit ahead of the run's
   */
  VkCommandBuffer record(List<Copy> copies) {
    try (MemoryStack stack = MemoryStack.stackPush()) {
      VkResults.check(
          vkBeginCommandBuffer(
              buffer,
              VkCommandBufferBeginInfo.calloc(stack)
                  .sType$Default()
                  .flags(VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT)),
          "vkBeginCommandBuffer (input copies)");
    }
    BufferTransfers.afterEarlierWrites(buffer);
    for (Copy c : copies) {
      if (c.bytes() > 0) {
        BufferTransfers.copy(buffer, c.source(), 0, c.target(), 0, c.bytes());
      }
    }
    BufferTransfers.barrier(
        buffer,
        VK_PIPELINE_STAGE_TRANSFER_BIT,
        VK_ACCESS_TRANSFER_WRITE_BIT,
        VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT,
        VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_TRANSFER_READ_BIT);
    VkResults.check(vkEndCommandBuffer(buffer), "vkEndCommandBuffer (input copies)");
    return buffer;
  }

  @Override
  public void close() {
    vkDestroyCommandPool(device.handle(), pool, null);
  }
}
