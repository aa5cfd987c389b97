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
 * A command buffer of an execution context that copies between its inputs or outputs and device
 * memory tensors around the recorded run, re-recorded for each run that has such copies (a few
 * commands): {@link #INPUTS} goes ahead of the run's command buffer, {@link #OUTPUTS} after it, in
 * the same submit.
 */
final class BufferCopies implements AutoCloseable {
  /**
   * One copy.
   *
   * @param source the buffer read
   * @param target the buffer written
   * @param bytes how many bytes, from offset 0 of both
   */
  record Copy(DeviceBuffer source, DeviceBuffer target, long bytes) {}

  /**
   * The barriers around the copies: which earlier work they wait for, and which later work waits
   * for them.
   *
   * @param waitStages the stages whose writes the copies read
   * @param waitAccess those writes
   * @param thenStages the stages that read what the copies wrote
   * @param thenAccess those reads
   */
  record Barriers(int waitStages, int waitAccess, int thenStages, int thenAccess) {}

  /** Inputs from device tensors: after any earlier write, before the kernels read them. */
  static final Barriers INPUTS =
      new Barriers(
          VK_PIPELINE_STAGE_ALL_COMMANDS_BIT,
          VK_ACCESS_MEMORY_WRITE_BIT,
          VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT,
          VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_TRANSFER_READ_BIT);

  /** Outputs into device tensors: after the kernels wrote them, before anything later. */
  static final Barriers OUTPUTS =
      new Barriers(
          VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT,
          VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT,
          VK_PIPELINE_STAGE_ALL_COMMANDS_BIT,
          VK_ACCESS_MEMORY_READ_BIT | VK_ACCESS_MEMORY_WRITE_BIT);

  private final VulkanDevice device;
  private final Barriers barriers;
  private final long pool;
  private final VkCommandBuffer buffer;

  BufferCopies(VulkanDevice device, Barriers barriers) {
    this.device = device;
    this.barriers = barriers;
    this.pool = device.createCommandPool(VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT);
    this.buffer = device.allocateCommandBuffer(pool);
  }

  /**
   * Records the copies between the two barriers.
   *
   * @param copies the copies
   * @return the command buffer, to submit beside the run's
   */
  VkCommandBuffer record(List<Copy> copies) {
    try (MemoryStack stack = MemoryStack.stackPush()) {
      VkResults.check(
          vkBeginCommandBuffer(
              buffer,
              VkCommandBufferBeginInfo.calloc(stack)
                  .sType$Default()
                  .flags(VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT)),
          "vkBeginCommandBuffer (copies)");
    }
    BufferTransfers.barrier(
        buffer,
        barriers.waitStages(),
        barriers.waitAccess(),
        VK_PIPELINE_STAGE_TRANSFER_BIT,
        VK_ACCESS_TRANSFER_READ_BIT | VK_ACCESS_TRANSFER_WRITE_BIT);
    for (Copy c : copies) {
      if (c.bytes() > 0) {
        BufferTransfers.copy(buffer, c.source(), 0, c.target(), 0, c.bytes());
      }
    }
    BufferTransfers.barrier(
        buffer,
        VK_PIPELINE_STAGE_TRANSFER_BIT,
        VK_ACCESS_TRANSFER_WRITE_BIT,
        barriers.thenStages(),
        barriers.thenAccess());
    VkResults.check(vkEndCommandBuffer(buffer), "vkEndCommandBuffer (copies)");
    return buffer;
  }

  @Override
  public void close() {
    vkDestroyCommandPool(device.handle(), pool, null);
  }
}
