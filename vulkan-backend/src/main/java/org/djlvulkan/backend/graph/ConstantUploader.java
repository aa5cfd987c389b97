package org.djlvulkan.backend.graph;

import static org.lwjgl.vulkan.VK10.*;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.djlvulkan.backend.memory.BufferKind;
import org.djlvulkan.backend.memory.DeviceBuffer;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkBufferCopy;
import org.lwjgl.vulkan.VkMemoryBarrier;

/** Copies constant data into device-local buffers through one staging buffer and one submit. */
final class ConstantUploader {
  /**
   * One buffer to fill.
   *
   * @param target the device-local buffer
   * @param data its contents (at most the buffer's size; not consumed)
   */
  record Upload(DeviceBuffer target, ByteBuffer data) {}

  private ConstantUploader() {}

  static void upload(VulkanDevice device, List<Upload> uploads) {
    if (uploads.isEmpty()) {
      return;
    }
    long total = 0;
    for (Upload u : uploads) {
      total += u.data().remaining();
    }
    try (DeviceBuffer staging =
        device.allocator().create("constant upload", BufferKind.UPLOAD, Math.max(16, total))) {
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
            try (MemoryStack stack = MemoryStack.stackPush()) {
              for (int i = 0; i < uploads.size(); i++) {
                Upload u = uploads.get(i);
                if (u.data().remaining() == 0) {
                  continue;
                }
                VkBufferCopy.Buffer region =
                    VkBufferCopy.calloc(1, stack)
                        .srcOffset(offsets.get(i))
                        .dstOffset(0)
                        .size(u.data().remaining());
                vkCmdCopyBuffer(cmd, staging.handle(), u.target().handle(), region);
              }
              vkCmdPipelineBarrier(
                  cmd,
                  VK_PIPELINE_STAGE_TRANSFER_BIT,
                  VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
                  0,
                  VkMemoryBarrier.calloc(1, stack)
                      .sType$Default()
                      .srcAccessMask(VK_ACCESS_TRANSFER_WRITE_BIT)
                      .dstAccessMask(VK_ACCESS_SHADER_READ_BIT),
                  null,
                  null);
            }
          },
          "constant upload");
    }
  }
}
