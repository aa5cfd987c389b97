package org.djlvulkan.backend.graph;

import static org.lwjgl.vulkan.VK10.*;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.djlvulkan.backend.kernel.ComputePipeline;
import org.djlvulkan.backend.memory.DeviceBuffer;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.djlvulkan.backend.vk.errors.VkResults;
import org.djlvulkan.shaders.BindingInfo;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkDescriptorBufferInfo;
import org.lwjgl.vulkan.VkDescriptorPoolCreateInfo;
import org.lwjgl.vulkan.VkDescriptorPoolSize;
import org.lwjgl.vulkan.VkDescriptorSetAllocateInfo;
import org.lwjgl.vulkan.VkWriteDescriptorSet;

/**
 * The descriptor sets of one execution context: one per dispatch node, written once with the
 * buffers and offsets of the values it binds, from a pool of their own.
 */
final class DescriptorSets implements AutoCloseable {
  private final VulkanDevice device;
  private final List<Long> sets = new ArrayList<>();
  private long pool;

  /**
   * Allocates and writes the sets.
   *
   * @param device the device
   * @param graph the graph whose nodes get a set each
   * @param bufferOf the buffer that holds a value (at {@code graph.offsetOf(value)})
   * @throws IllegalArgumentException when a value is larger than a storage buffer may be
   */
  DescriptorSets(VulkanDevice device, ComputeGraph graph, Function<Value, DeviceBuffer> bufferOf) {
    this.device = device;
    List<DispatchNode> nodes = graph.nodes();
    if (nodes.isEmpty()) {
      return;
    }
    try {
      pool = createPool(graph);
      for (DispatchNode node : nodes) {
        sets.add(write(node, graph, bufferOf));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Creates a pool with one set per node and a descriptor per binding the nodes declare. */
  private long createPool(ComputeGraph graph) {
    int storage = 0;
    int uniform = 0;
    for (DispatchNode node : graph.nodes()) {
      for (BindingInfo b : graph.pipeline(node.pipeline()).kernel().bindings()) {
        if (type(b) == VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER) {
          uniform++;
        } else {
          storage++;
        }
      }
    }
    try (MemoryStack stack = MemoryStack.stackPush()) {
      var sizes = VkDescriptorPoolSize.calloc(uniform > 0 ? 2 : 1, stack);
      sizes.get(0).type(VK_DESCRIPTOR_TYPE_STORAGE_BUFFER).descriptorCount(Math.max(1, storage));
      if (uniform > 0) {
        sizes.get(1).type(VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER).descriptorCount(uniform);
      }
      var p = stack.mallocLong(1);
      VkResults.check(
          vkCreateDescriptorPool(
              device.handle(),
              VkDescriptorPoolCreateInfo.calloc(stack)
                  .sType$Default()
                  .maxSets(graph.nodes().size())
                  .pPoolSizes(sizes),
              null,
              p),
          "vkCreateDescriptorPool");
      return p.get(0);
    }
  }

  /** Allocates a node's set and writes the buffer range of each value it binds. */
  private long write(
      DispatchNode node, ComputeGraph graph, Function<Value, DeviceBuffer> bufferOf) {
    ComputePipeline pipeline = graph.pipeline(node.pipeline());
    long maxRange = device.capabilities().maxStorageBufferRange();
    try (MemoryStack stack = MemoryStack.stackPush()) {
      var p = stack.mallocLong(1);
      VkResults.check(
          vkAllocateDescriptorSets(
              device.handle(),
              VkDescriptorSetAllocateInfo.calloc(stack)
                  .sType$Default()
                  .descriptorPool(pool)
                  .pSetLayouts(stack.longs(pipeline.setLayout())),
              p),
          "vkAllocateDescriptorSets");
      long set = p.get(0);
      List<BindingInfo> declared = pipeline.kernel().bindings();
      var writes = VkWriteDescriptorSet.calloc(declared.size(), stack);
      for (int i = 0; i < declared.size(); i++) {
        Value v = node.bindings().get(i).value();
        if (v.byteSize() > maxRange) {
          throw new IllegalArgumentException(
              node.op()
                  + ": '"
                  + v.name()
                  + "' "
                  + v.spec()
                  + " takes "
                  + v.byteSize()
                  + " bytes, more than the device's maxStorageBufferRange "
                  + maxRange);
        }
        writes
            .get(i)
            .sType$Default()
            .dstSet(set)
            .dstBinding(declared.get(i).binding())
            .descriptorCount(1)
            .descriptorType(type(declared.get(i)))
            .pBufferInfo(
                VkDescriptorBufferInfo.calloc(1, stack)
                    .buffer(bufferOf.apply(v).handle())
                    .offset(graph.offsetOf(v))
                    .range(v.byteSize()));
      }
      vkUpdateDescriptorSets(device.handle(), writes, null);
      return set;
    }
  }

  private static int type(BindingInfo b) {
    return b.kind() == BindingInfo.Kind.UNIFORM_BUFFER
        ? VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER
        : VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
  }

  /** Returns the set of dispatch node {@code n}. */
  long set(int n) {
    return sets.get(n);
  }

  @Override
  public void close() {
    if (pool != 0) {
      vkDestroyDescriptorPool(device.handle(), pool, null);
      pool = 0;
    }
  }
}
