package org.djlvulkan.backend.vk;

import static org.lwjgl.vulkan.VK10.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.djlvulkan.backend.memory.BufferKind;
import org.djlvulkan.backend.memory.DeviceBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkBufferCopy;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkMemoryBarrier;

/**
 * Moves bytes between the host and device-local buffers through a staging buffer and one submit
 * (constants at build time, device-resident tensors), and records buffer-to-buffer copies.
 */
public final class BufferTransfers {
  /**
   * One buffer to fill.
   *
   * @param target the device-local buffer
   * @param data its contents (at most the buffer's size; not consumed)
   */
  public record Upload(DeviceBuffer target, ByteBuffer data) {}

  private BufferTransfers() {}

  /**
   * Fills device-local buffers from host bytes and waits until the device has them; the kernels of
   * later submissions read them.
   *
   * @param device the device
   * @param uploads the buffers and their contents
   */
  public static void upload(VulkanDevice device, List<Upload> uploads) {
    if (uploads.isEmpty()) {
      return;
    }
    long total = 0;
    for (Upload u : uploads) {
      total += u.data().remaining();
    }
    try (DeviceBuffer staging =
        device.allocator().create("upload staging", BufferKind.UPLOAD, Math.max(16, total))) {
      long offset = 0;
      List<Long> offsets = new ArrayList<>();
      for (Upload u : uploads) {
        int n = u.data().remaining();
        staging.mapped(offset, n).put(u.data().duplicate());
        offsets.add(offset);
        offset += n;
      }
      staging.flush(0, Math.max(16, total));
      device.runOnce(
          cmd -> {
            for (int i = 0; i < uploads.size(); i++) {
              Upload u = uploads.get(i);
              if (u.data().remaining() > 0) {
                copy(cmd, staging, offsets.get(i), u.target(), 0, u.data().remaining());
              }
            }
            barrier(
                cmd,
                VK_PIPELINE_STAGE_TRANSFER_BIT,
                VK_ACCESS_TRANSFER_WRITE_BIT,
                VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT,
                VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_TRANSFER_READ_BIT);
          },
          "upload");
    }
  }

  /**
   * Reads the first bytes of a device buffer (written by earlier submissions) into host memory.
   *
   * @param device the device
   * @param source the buffer
   * @param bytes how many bytes, at most the buffer's size
   * @return a new little-endian heap buffer of {@code bytes} bytes
   */
  public static ByteBuffer download(VulkanDevice device, DeviceBuffer source, long bytes) {
    ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes == 0) {
      return out;
    }
    try (DeviceBuffer staging =
        device.allocator().create("download staging", BufferKind.READBACK, bytes)) {
      device.runOnce(
          cmd -> {
            // What earlier submissions wrote, visible to the copy.
            barrier(
                cmd,
                VK_PIPELINE_STAGE_ALL_COMMANDS_BIT,
                VK_ACCESS_MEMORY_WRITE_BIT,
                VK_PIPELINE_STAGE_TRANSFER_BIT,
                VK_ACCESS_TRANSFER_READ_BIT);
            copy(cmd, source, 0, staging, 0, bytes);
            barrier(
                cmd,
                VK_PIPELINE_STAGE_TRANSFER_BIT,
                VK_ACCESS_TRANSFER_WRITE_BIT,
                VK_PIPELINE_STAGE_HOST_BIT,
                VK_ACCESS_HOST_READ_BIT);
          },
          "download");
      staging.invalidate(0, bytes);
      out.put(staging.mapped(0, (int) bytes)).flip();
    }
    return out;
  }

  /**
   * Records a copy between two buffers.
   *
   * @param cmd the command buffer being recorded
   * @param source the buffer read
   * @param sourceOffset where the bytes start in it
   * @param target the buffer written
   * @param targetOffset where they go in it
   * @param bytes how many
   */
  public static void copy(
      VkCommandBuffer cmd,
      DeviceBuffer source,
      long sourceOffset,
      DeviceBuffer target,
      long targetOffset,
      long bytes) {
    try (MemoryStack stack = MemoryStack.stackPush()) {
      VkBufferCopy.Buffer region =
          VkBufferCopy.calloc(1, stack).srcOffset(sourceOffset).dstOffset(targetOffset).size(bytes);
      vkCmdCopyBuffer(cmd, source.handle(), target.handle(), region);
    }
  }

  /**
   * Records a global memory barrier.
   *
   * @param cmd the command buffer being recorded
   * @param sourceStages the stages whose work must finish first
   * @param sourceAccess the writes to make available
   * @param targetStages the stages that wait
   * @param targetAccess the accesses the writes become visible to
   */
  public static void barrier(
      VkCommandBuffer cmd, int sourceStages, int sourceAccess, int targetStages, int targetAccess) {
    try (MemoryStack stack = MemoryStack.stackPush()) {
      vkCmdPipelineBarrier(
          cmd,
          sourceStages,
          targetStages,
          0,
          VkMemoryBarrier.calloc(1, stack)
              .sType$Default()
              .srcAccessMask(sourceAccess)
              .dstAccessMask(targetAccess),
          null,
          null);
    }
  }
}
