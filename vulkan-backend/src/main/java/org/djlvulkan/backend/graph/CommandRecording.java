package org.djlvulkan.backend.graph;

import static org.lwjgl.vulkan.VK10.*;

import java.nio.ByteBuffer;
import java.util.List;
import org.djlvulkan.backend.kernel.ComputePipeline;
import org.djlvulkan.backend.vk.BufferTransfers;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.djlvulkan.backend.vk.errors.VkResults;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkCommandBufferBeginInfo;
import org.lwjgl.vulkan.VkMemoryBarrier;

/**
 * The command buffer of one execution context, recorded once and replayed by every run: each node's
 * pipeline, descriptor set, push constants and dispatch, a barrier where the graph placed one, the
 * copies of outputs written in device memory into the host-visible buffers (where the context keeps
 * them there), the run's timestamps, and a barrier that makes the results visible to the host.
 */
final class CommandRecording implements AutoCloseable {
  private final VulkanDevice device;
  private long commandPool;
  private VkCommandBuffer commandBuffer;

  /**
   * Records the commands.
   *
   * @param device the device
   * @param graph the graph to run
   * @param sets the nodes' descriptor sets
   * @param timestamps where the run's timestamps are written
   * @param outputCopies copies from the outputs' device buffers into their staging buffers, after
   *     the last dispatch (empty where the kernels write the staging buffers)
   */
  CommandRecording(
      VulkanDevice device,
      ComputeGraph graph,
      DescriptorSets sets,
      RunTimestamps timestamps,
      List<BufferCopies.Copy> outputCopies) {
    this.device = device;
    try {
      List<DispatchNode> nodes = graph.nodes();
      commandPool = device.createCommandPool(0);
      commandBuffer = device.allocateCommandBuffer(commandPool);
      try (MemoryStack stack = MemoryStack.stackPush()) {
        VkResults.check(
            vkBeginCommandBuffer(
                commandBuffer, VkCommandBufferBeginInfo.calloc(stack).sType$Default()),
            "vkBeginCommandBuffer");
        VkMemoryBarrier.Buffer shaderBarrier =
            VkMemoryBarrier.calloc(1, stack)
                .sType$Default()
                .srcAccessMask(VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_SHADER_READ_BIT)
                .dstAccessMask(VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT);
        timestamps.recordStart(commandBuffer);
        long boundPipeline = 0;
        for (int n = 0; n < nodes.size(); n++) {
          DispatchNode node = nodes.get(n);
          ComputePipeline pipeline = graph.pipeline(node.pipeline());
          if (graph.barrierBefore(n)) {
            vkCmdPipelineBarrier(
                commandBuffer,
                VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
                VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
                0,
                shaderBarrier,
                null,
                null);
          }
          if (pipeline.handle() != boundPipeline) {
            vkCmdBindPipeline(commandBuffer, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline.handle());
            boundPipeline = pipeline.handle();
          }
          vkCmdBindDescriptorSets(
              commandBuffer,
              VK_PIPELINE_BIND_POINT_COMPUTE,
              pipeline.pipelineLayout(),
              0,
              stack.longs(sets.set(n)),
              null);
          if (node.pushConstants().length > 0) {
            ByteBuffer push = stack.malloc(node.pushConstants().length).put(node.pushConstants());
            push.flip();
            vkCmdPushConstants(
                commandBuffer, pipeline.pipelineLayout(), VK_SHADER_STAGE_COMPUTE_BIT, 0, push);
          }
          vkCmdDispatch(commandBuffer, node.grid().x(), node.grid().y(), node.grid().z());
          timestamps.recordAfter(commandBuffer, n);
        }
        if (!outputCopies.isEmpty()) {
          BufferTransfers.barrier(
              commandBuffer,
              VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
              VK_ACCESS_SHADER_WRITE_BIT,
              VK_PIPELINE_STAGE_TRANSFER_BIT,
              VK_ACCESS_TRANSFER_READ_BIT);
          for (BufferCopies.Copy c : outputCopies) {
            BufferTransfers.copy(commandBuffer, c.source(), 0, c.target(), 0, c.bytes());
          }
        }
        timestamps.recordEnd(commandBuffer);
        vkCmdPipelineBarrier(
            commandBuffer,
            VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT,
            VK_PIPELINE_STAGE_HOST_BIT,
            0,
            VkMemoryBarrier.calloc(1, stack)
                .sType$Default()
                .srcAccessMask(VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT)
                .dstAccessMask(VK_ACCESS_HOST_READ_BIT),
            null,
            null);
        VkResults.check(vkEndCommandBuffer(commandBuffer), "vkEndCommandBuffer");
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Returns the recorded command buffer. */
  VkCommandBuffer buffer() {
    return commandBuffer;
  }

  @Override
  public void close() {
    if (commandPool != 0) {
      vkDestroyCommandPool(device.handle(), commandPool, null);
      commandPool = 0;
    }
  }
}
