package org.djlvulkan.backend.kernel;

import static org.lwjgl.vulkan.KHRPipelineExecutableProperties.VK_PIPELINE_CREATE_CAPTURE_STATISTICS_BIT_KHR;
import static org.lwjgl.vulkan.VK10.*;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.djlvulkan.backend.vk.DeviceCapabilities;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.djlvulkan.backend.vk.errors.MissingFeatureException;
import org.djlvulkan.backend.vk.errors.VkResults;
import org.djlvulkan.shaders.BindingInfo;
import org.djlvulkan.shaders.KernelFeature;
import org.djlvulkan.shaders.KernelIndex;
import org.djlvulkan.shaders.KernelInfo;
import org.djlvulkan.shaders.SpecConstantInfo;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;
import org.lwjgl.vulkan.VkComputePipelineCreateInfo;
import org.lwjgl.vulkan.VkDescriptorSetLayoutBinding;
import org.lwjgl.vulkan.VkDescriptorSetLayoutCreateInfo;
import org.lwjgl.vulkan.VkPipelineLayoutCreateInfo;
import org.lwjgl.vulkan.VkPushConstantRange;
import org.lwjgl.vulkan.VkShaderModuleCreateInfo;
import org.lwjgl.vulkan.VkSpecializationInfo;
import org.lwjgl.vulkan.VkSpecializationMapEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pipelines a graph needs in one {@code vkCreateComputePipelines} call through the
 * device's pipeline cache, after checking each kernel's required features. Where the device
 * captures pipeline statistics, each pipeline gets the driver's ({@link
 * ComputePipeline#statistics()}) and they are logged, one line per pipeline.
 */
public final class PipelineBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineBuilder.class);

  private PipelineBuilder() {}

  /**
   * Creates one pipeline per distinct key.
   *
   * @param device the device
   * @param keys the pipelines wanted (duplicates allowed)
   * @param index the shader index
   * @return the pipelines by key; the caller owns and closes them
   * @throws MissingFeatureException when a kernel needs a feature the device lacks
   */
  public static Map<PipelineKey, ComputePipeline> createAll(
      VulkanDevice device, Collection<PipelineKey> keys, KernelIndex index) {
    List<PipelineKey> unique = new ArrayList<>(new LinkedHashSet<>(keys));
    if (unique.isEmpty()) {
      // A graph without dispatches (every output a constant): Vulkan takes no empty batch.
      return new LinkedHashMap<>();
    }
    for (PipelineKey key : unique) {
      KernelInfo kernel = index.get(key.kernel());
      checkFeatures(
          kernel.name(), kernel.requiredFeatures(), device.capabilities(), device.info().name());
      if (key.specValues().size() != kernel.specConstants().size()) {
        throw new IllegalArgumentException(
            "kernel '"
                + kernel.name()
                + "' has "
                + kernel.specConstants().size()
                + " specialization constants, "
                + key.specValues().size()
                + " values given");
      }
    }
    Map<PipelineKey, ComputePipeline> result = new LinkedHashMap<>();
    Map<String, Long> modules = new HashMap<>();
    boolean statistics = device.capturesPipelineStatistics();
    try (MemoryStack stack = MemoryStack.stackPush()) {
      var infos = VkComputePipelineCreateInfo.calloc(unique.size(), stack);
      for (int i = 0; i < unique.size(); i++) {
        PipelineKey key = unique.get(i);
        KernelInfo kernel = index.get(key.kernel());
        long module = modules.computeIfAbsent(kernel.name(), n -> createModule(device, kernel));
        ComputePipeline pipeline = createLayouts(device, kernel, stack);
        result.put(key, pipeline);
        infos
            .get(i)
            .sType$Default()
            .flags(statistics ? VK_PIPELINE_CREATE_CAPTURE_STATISTICS_BIT_KHR : 0)
            .stage(
                s ->
                    s.sType$Default()
                        .stage(VK_SHADER_STAGE_COMPUTE_BIT)
                        .module(module)
                        .pName(stack.UTF8("main"))
                        .pSpecializationInfo(specialization(kernel, key, stack)))
            .layout(pipeline.pipelineLayout());
      }
      var handles = stack.mallocLong(unique.size());
      VkResults.check(
          vkCreateComputePipelines(
              device.handle(), device.pipelineCache().handle(), infos, null, handles),
          "vkCreateComputePipelines (" + unique.size() + " pipelines)");
      for (int i = 0; i < unique.size(); i++) {
        result.get(unique.get(i)).setPipeline(handles.get(i));
      }
      if (statistics) {
        result.forEach((key, pipeline) -> captureStatistics(device, key, pipeline));
      }
      return result;
    } catch (RuntimeException e) {
      result.values().forEach(ComputePipeline::close);
      throw e;
    } finally {
      modules.values().forEach(m -> vkDestroyShaderModule(device.handle(), m, null));
    }
  }

  private static void captureStatistics(
      VulkanDevice device, PipelineKey key, ComputePipeline pipeline) {
    String kernel = pipeline.kernel().name();
    PipelineStatistics stats = PipelineStatistics.read(device.handle(), pipeline.handle(), kernel);
    pipeline.setStatistics(stats);
    LOG.info("pipeline statistics: {} {}: {}", kernel, key.specValues(), stats.describe());
  }

  /**
   * Checks that a device has every feature a kernel requires.
   *
   * @param kernel the kernel's name
   * @param required the features its index entry lists
   * @param caps the device's capabilities
   * @param deviceName the device's name, for the message
   * @throws MissingFeatureException naming the kernel and the first missing feature
   */
  public static void checkFeatures(
      String kernel, Set<KernelFeature> required, DeviceCapabilities caps, String deviceName) {
    for (KernelFeature f : required) {
      if (!caps.supports(f)) {
        throw new MissingFeatureException(kernel, f.name(), deviceName);
      }
    }
  }

  private static long createModule(VulkanDevice device, KernelInfo kernel) {
    ByteBuffer code = kernel.spirv();
    try (MemoryStack stack = MemoryStack.stackPush()) {
      ByteBuffer copy =
          code.isDirect() ? code : MemoryUtil.memAlloc(code.remaining()).put(code).flip();
      try {
        var info = VkShaderModuleCreateInfo.calloc(stack).sType$Default().pCode(copy);
        var p = stack.mallocLong(1);
        VkResults.check(
            vkCreateShaderModule(device.handle(), info, null, p),
            "vkCreateShaderModule '" + kernel.name() + "'");
        return p.get(0);
      } finally {
        if (copy != code) {
          MemoryUtil.memFree(copy);
        }
      }
    }
  }

  private static ComputePipeline createLayouts(
      VulkanDevice device, KernelInfo kernel, MemoryStack stack) {
    List<BindingInfo> bindings = kernel.bindings();
    var layoutBindings = VkDescriptorSetLayoutBinding.calloc(bindings.size(), stack);
    for (int i = 0; i < bindings.size(); i++) {
      BindingInfo b = bindings.get(i);
      layoutBindings
          .get(i)
          .binding(b.binding())
          .descriptorType(
              b.kind() == BindingInfo.Kind.UNIFORM_BUFFER
                  ? VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER
                  : VK_DESCRIPTOR_TYPE_STORAGE_BUFFER)
          .descriptorCount(1)
          .stageFlags(VK_SHADER_STAGE_COMPUTE_BIT);
    }
    var p = stack.mallocLong(1);
    VkResults.check(
        vkCreateDescriptorSetLayout(
            device.handle(),
            VkDescriptorSetLayoutCreateInfo.calloc(stack).sType$Default().pBindings(layoutBindings),
            null,
            p),
        "vkCreateDescriptorSetLayout '" + kernel.name() + "'");
    long setLayout = p.get(0);
    var layoutInfo =
        VkPipelineLayoutCreateInfo.calloc(stack)
            .sType$Default()
            .pSetLayouts(stack.longs(setLayout));
    if (kernel.pushConstantBytes() > 0) {
      layoutInfo.pPushConstantRanges(
          VkPushConstantRange.calloc(1, stack)
              .stageFlags(VK_SHADER_STAGE_COMPUTE_BIT)
              .offset(0)
              .size(kernel.pushConstantBytes()));
    }
    int status = vkCreatePipelineLayout(device.handle(), layoutInfo, null, p);
    if (status != VK_SUCCESS) {
      vkDestroyDescriptorSetLayout(device.handle(), setLayout, null);
      VkResults.check(status, "vkCreatePipelineLayout '" + kernel.name() + "'");
    }
    return new ComputePipeline(device.handle(), kernel, setLayout, p.get(0));
  }

  private static VkSpecializationInfo specialization(
      KernelInfo kernel, PipelineKey key, MemoryStack stack) {
    List<SpecConstantInfo> specs = kernel.specConstants();
    if (specs.isEmpty()) {
      return null;
    }
    var entries = VkSpecializationMapEntry.calloc(specs.size(), stack);
    ByteBuffer data = stack.malloc(4 * specs.size());
    for (int i = 0; i < specs.size(); i++) {
      entries.get(i).constantID(specs.get(i).id()).offset(4 * i).size(4);
      data.putInt(4 * i, key.specValues().get(i));
    }
    return VkSpecializationInfo.calloc(stack).pMapEntries(entries).pData(data);
  }
}
