package org.djlvulkan.backend.kernel;

import static org.lwjgl.vulkan.VK10.*;

import org.djlvulkan.shaders.KernelInfo;
import org.lwjgl.vulkan.VkDevice;

/**
 * One compute pipeline with its descriptor-set layout and pipeline layout. Created in batches by
 * {@link PipelineBuilder}; owned by the graph that uses it.
 */
public final class ComputePipeline implements AutoCloseable {
  private final VkDevice device;
  private final KernelInfo kernel;
  private final long setLayout;
  private final long pipelineLayout;
  private long pipeline;
  private PipelineStatistics statistics = PipelineStatistics.NONE;

  ComputePipeline(VkDevice device, KernelInfo kernel, long setLayout, long pipelineLayout) {
    this.device = device;
    this.kernel = kernel;
    this.setLayout = setLayout;
    this.pipelineLayout = pipelineLayout;
  }

  void setPipeline(long pipeline) {
    this.pipeline = pipeline;
  }

  void setStatistics(PipelineStatistics statistics) {
    this.statistics = statistics;
  }

  /**
   * Returns the driver's statistics of this pipeline: empty unless the device captures them ({@code
   * VulkanDevice#capturesPipelineStatistics()}).
   */
  public PipelineStatistics statistics() {
    return statistics;
  }

  /** Returns the kernel this pipeline runs. */
  public KernelInfo kernel() {
    return kernel;
  }

  /** Returns the descriptor-set layout (set 0). */
  public long setLayout() {
    return setLayout;
  }

  /** Returns the pipeline layout. */
  public long pipelineLayout() {
    return pipelineLayout;
  }

  /** Returns the {@code VkPipeline}. */
  public long handle() {
    return pipeline;
  }

  @Override
  public void close() {
    if (pipeline != 0) {
      vkDestroyPipeline(device, pipeline, null);
      pipeline = 0;
    }
    vkDestroyPipelineLayout(device, pipelineLayout, null);
    vkDestroyDescriptorSetLayout(device, setLayout, null);
  }
}
