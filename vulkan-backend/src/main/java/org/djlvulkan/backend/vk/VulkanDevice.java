package org.djlvulkan.backend.vk;

import static org.lwjgl.vulkan.KHRCooperativeMatrix.VK_KHR_COOPERATIVE_MATRIX_EXTENSION_NAME;
import static org.lwjgl.vulkan.KHRPipelineExecutableProperties.VK_KHR_PIPELINE_EXECUTABLE_PROPERTIES_EXTENSION_NAME;
import static org.lwjgl.vulkan.KHRShaderIntegerDotProduct.VK_KHR_SHADER_INTEGER_DOT_PRODUCT_EXTENSION_NAME;
import static org.lwjgl.vulkan.VK10.*;
import static org.lwjgl.vulkan.VK11.vkGetPhysicalDeviceFeatures2;
import static org.lwjgl.vulkan.VK13.VK_API_VERSION_1_3;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.djlvulkan.backend.config.FenceWait;
import org.djlvulkan.backend.config.KernelPolicy;
import org.djlvulkan.backend.memory.MemoryAllocator;
import org.djlvulkan.backend.vk.errors.DeviceLostException;
import org.djlvulkan.backend.vk.errors.VkResults;
import org.djlvulkan.backend.vk.errors.VulkanException;
import org.djlvulkan.backend.vk.errors.VulkanUnavailableException;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkCommandBufferAllocateInfo;
import org.lwjgl.vulkan.VkCommandBufferBeginInfo;
import org.lwjgl.vulkan.VkCommandPoolCreateInfo;
import org.lwjgl.vulkan.VkDevice;
import org.lwjgl.vulkan.VkDeviceCreateInfo;
import org.lwjgl.vulkan.VkDeviceQueueCreateInfo;
import org.lwjgl.vulkan.VkFenceCreateInfo;
import org.lwjgl.vulkan.VkPhysicalDevice;
import org.lwjgl.vulkan.VkPhysicalDeviceCooperativeMatrixFeaturesKHR;
import org.lwjgl.vulkan.VkPhysicalDeviceFeatures2;
import org.lwjgl.vulkan.VkPhysicalDevicePipelineExecutablePropertiesFeaturesKHR;
import org.lwjgl.vulkan.VkPhysicalDeviceShaderIntegerDotProductFeatures;
import org.lwjgl.vulkan.VkPhysicalDeviceVulkan11Features;
import org.lwjgl.vulkan.VkPhysicalDeviceVulkan12Features;
import org.lwjgl.vulkan.VkQueue;
import org.lwjgl.vulkan.VkQueueFamilyProperties;
import org.lwjgl.vulkan.VkSubmitInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An opened Vulkan device: the logical device with the optional features the kernels use, one
 * compute queue (submissions serialized), the memory allocator and the pipeline cache. Closing it
 * frees everything; graphs and contexts built on it must be closed first.
 */
public final class VulkanDevice implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VulkanDevice.class);
  private static final String PORTABILITY_SUBSET = "VK_KHR_portability_subset";

  private final VulkanInstance instance;
  private final boolean ownsInstance;
  private final DeviceInfo info;
  private final VkPhysicalDevice physicalDevice;
  private final VkDevice device;
  private final VkQueue queue;
  private final int queueFamily;
  private final int timestampValidBits;
  private final long fenceTimeoutNanos;
  private final FenceWait fenceWait;
  private final KernelPolicy kernelPolicy;
  private final boolean pipelineStatistics;
  private final Object queueLock = new Object();
  private final MemoryAllocator allocator;
  private final PipelineCache pipelineCache;
  private final long uploadPool;
  private boolean closed;

  private VulkanDevice(VulkanInstance instance, boolean ownsInstance, DeviceOptions options) {
    this.instance = instance;
    this.ownsInstance = ownsInstance;
    this.info = DeviceSelector.select(instance.devices(), options.deviceRequest());
    if (info.apiVersion() < org.lwjgl.vulkan.VK12.VK_API_VERSION_1_2) {
      throw new VulkanUnavailableException(
          info.name() + " supports only Vulkan " + info.apiVersionString() + ", 1.2 is needed",
          null);
    }
    this.physicalDevice = instance.physicalDevice(info.index());
    this.fenceTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(options.fenceTimeoutMillis());
    this.fenceWait = options.fenceWait().on(info.type().isGpu());
    this.kernelPolicy = options.kernelPolicy();
    try (MemoryStack stack = MemoryStack.stackPush()) {
      int[] family = findComputeQueue(stack);
      this.queueFamily = family[0];
      this.timestampValidBits = family[1];
      Set<String> available = CapabilityProbe.extensions(physicalDevice);
      this.pipelineStatistics =
          options.pipelineStatistics() && offersPipelineStatistics(available, stack);
      if (options.pipelineStatistics() && !pipelineStatistics) {
        LOG.warn(
            "{} offers no pipeline statistics (VK_KHR_pipeline_executable_properties)",
            info.name());
      }
      this.device = createDevice(available, stack);
      PointerBuffer pQueue = stack.mallocPointer(1);
      vkGetDeviceQueue(device, queueFamily, 0, pQueue);
      this.queue = new VkQueue(pQueue.get(0), device);
      this.uploadPool = createCommandPool(0);
    }
    MemoryAllocator createdAllocator = null;
    try {
      createdAllocator =
          new MemoryAllocator(
              instance.handleForAllocator(),
              instance.apiVersion(),
              physicalDevice,
              device,
              info.name(),
              options.heapLimitBytes());
      this.pipelineCache = new PipelineCache(this, options.pipelineCacheDir());
    } catch (RuntimeException e) {
      if (createdAllocator != null) {
        createdAllocator.close();
      }
      vkDestroyCommandPool(device, uploadPool, null);
      vkDestroyDevice(device, null);
      throw e;
    }
    this.allocator = createdAllocator;
    LOG.debug("opened {}", info.describe());
  }

  /**
   * Opens the device the options select, on a new instance the device owns.
   *
   * @param options selection, validation and limits
   * @return the opened device
   * @throws VulkanUnavailableException without a loader, driver or usable device
   */
  public static VulkanDevice open(DeviceOptions options) {
    VulkanInstance instance = VulkanInstance.create(options.validation());
    try {
      return new VulkanDevice(instance, true, options);
    } catch (RuntimeException e) {
      instance.close();
      throw e;
    }
  }

  /** Opens the device the settings select. */
  public static VulkanDevice open() {
    return open(DeviceOptions.fromSettings());
  }

  /**
   * Opens a device on an instance the caller owns and keeps open while the device lives (the DJL
   * engine opens all its devices on one instance). Closing the device leaves the instance open.
   *
   * @param instance the instance to open the device on
   * @param options selection and limits; {@code options.validation()} is the instance's business
   * @return the opened device
   * @throws VulkanUnavailableException when the selected device is not usable
   */
  public static VulkanDevice open(VulkanInstance instance, DeviceOptions options) {
    return new VulkanDevice(instance, false, options);
  }

  private int[] findComputeQueue(MemoryStack stack) {
    var count = stack.mallocInt(1);
    vkGetPhysicalDeviceQueueFamilyProperties(physicalDevice, count, null);
    var families = VkQueueFamilyProperties.malloc(count.get(0), stack);
    vkGetPhysicalDeviceQueueFamilyProperties(physicalDevice, count, families);
    int best = -1;
    for (int i = 0; i < families.capacity(); i++) {
      int flags = families.get(i).queueFlags();
      if ((flags & VK_QUEUE_COMPUTE_BIT) == 0) {
        continue;
      }
      // Prefer a family that also does graphics: on most drivers it is the fastest to submit to.
      if (best < 0 || (flags & VK_QUEUE_GRAPHICS_BIT) != 0) {
        best = i;
        if ((flags & VK_QUEUE_GRAPHICS_BIT) != 0) {
          break;
        }
      }
    }
    if (best < 0) {
      throw new VulkanUnavailableException(info.name() + " has no compute queue", null);
    }
    return new int[] {best, families.get(best).timestampValidBits()};
  }

  private boolean offersPipelineStatistics(Set<String> available, MemoryStack stack) {
    if (!available.contains(VK_KHR_PIPELINE_EXECUTABLE_PROPERTIES_EXTENSION_NAME)) {
      return false;
    }
    var feature =
        VkPhysicalDevicePipelineExecutablePropertiesFeaturesKHR.calloc(stack).sType$Default();
    vkGetPhysicalDeviceFeatures2(
        physicalDevice, VkPhysicalDeviceFeatures2.calloc(stack).sType$Default().pNext(feature));
    return feature.pipelineExecutableInfo();
  }

  /**
   * Returns whether pipelines created on this device capture the driver's statistics ({@link
   * DeviceOptions#pipelineStatistics()} asked for them and the driver offers them).
   */
  public boolean capturesPipelineStatistics() {
    return pipelineStatistics;
  }

  private VkDevice createDevice(Set<String> available, MemoryStack stack) {
    DeviceCapabilities caps = info.capabilities();
    List<String> extensions = new ArrayList<>();
    if (available.contains(PORTABILITY_SUBSET)) {
      extensions.add(PORTABILITY_SUBSET);
    }
    VkPhysicalDeviceFeatures2 features = VkPhysicalDeviceFeatures2.calloc(stack).sType$Default();
    features.features().shaderInt16(caps.shaderInt16()).shaderFloat64(caps.shaderFloat64());
    var v11 =
        VkPhysicalDeviceVulkan11Features.calloc(stack)
            .sType$Default()
            .storageBuffer16BitAccess(caps.storage16Bit());
    var v12 =
        VkPhysicalDeviceVulkan12Features.calloc(stack)
            .sType$Default()
            .storageBuffer8BitAccess(caps.storage8Bit())
            .shaderInt8(caps.shaderInt8())
            .shaderFloat16(caps.shaderFloat16())
            // Probed with the cooperative matrix shapes, which are empty without it.
            .vulkanMemoryModel(!caps.cooperativeMatrixShapes().isEmpty());
    features.pNext(v11).pNext(v12);
    if (caps.integerDotProduct()) {
      features.pNext(
          VkPhysicalDeviceShaderIntegerDotProductFeatures.calloc(stack)
              .sType$Default()
              .shaderIntegerDotProduct(true));
      if (info.apiVersion() < VK_API_VERSION_1_3) {
        extensions.add(VK_KHR_SHADER_INTEGER_DOT_PRODUCT_EXTENSION_NAME);
      }
    }
    if (pipelineStatistics) {
      extensions.add(VK_KHR_PIPELINE_EXECUTABLE_PROPERTIES_EXTENSION_NAME);
      features.pNext(
          VkPhysicalDevicePipelineExecutablePropertiesFeaturesKHR.calloc(stack)
              .sType$Default()
              .pipelineExecutableInfo(true));
    }
    if (!caps.cooperativeMatrixShapes().isEmpty()) {
      extensions.add(VK_KHR_COOPERATIVE_MATRIX_EXTENSION_NAME);
      features.pNext(
          VkPhysicalDeviceCooperativeMatrixFeaturesKHR.calloc(stack)
              .sType$Default()
              .cooperativeMatrix(true));
    }
    var queueInfo =
        VkDeviceQueueCreateInfo.calloc(1, stack)
            .sType$Default()
            .queueFamilyIndex(queueFamily)
            .pQueuePriorities(stack.floats(1f));
    PointerBuffer extNames = stack.mallocPointer(extensions.size());
    extensions.forEach(e -> extNames.put(stack.UTF8(e)));
    extNames.flip();
    VkDeviceCreateInfo createInfo =
        VkDeviceCreateInfo.calloc(stack)
            .sType$Default()
            // By address: LWJGL's pNext(struct) prepends and would cut the features' own chain.
            .pNext(features.address())
            .pQueueCreateInfos(queueInfo)
            .ppEnabledExtensionNames(extNames);
    PointerBuffer pDevice = stack.mallocPointer(1);
    VkResults.check(
        vkCreateDevice(physicalDevice, createInfo, null, pDevice), "vkCreateDevice " + info.name());
    return new VkDevice(pDevice.get(0), physicalDevice, createInfo, instance.apiVersion());
  }

  /**
   * Creates a command pool on the compute queue family.
   *
   * @param flags {@code VkCommandPoolCreateFlags}
   * @return the pool's handle; destroy it with {@code vkDestroyCommandPool}
   */
  public long createCommandPool(int flags) {
    try (MemoryStack stack = MemoryStack.stackPush()) {
      var info =
          VkCommandPoolCreateInfo.calloc(stack)
              .sType$Default()
              .flags(flags)
              .queueFamilyIndex(queueFamily);
      var pPool = stack.mallocLong(1);
      VkResults.check(vkCreateCommandPool(device, info, null, pPool), "vkCreateCommandPool");
      return pPool.get(0);
    }
  }

  /**
   * Allocates a primary command buffer.
   *
   * @param pool the pool to allocate from
   * @return the command buffer
   */
  public VkCommandBuffer allocateCommandBuffer(long pool) {
    try (MemoryStack stack = MemoryStack.stackPush()) {
      var info =
          VkCommandBufferAllocateInfo.calloc(stack)
              .sType$Default()
              .commandPool(pool)
              .level(VK_COMMAND_BUFFER_LEVEL_PRIMARY)
              .commandBufferCount(1);
      PointerBuffer p = stack.mallocPointer(1);
      VkResults.check(vkAllocateCommandBuffers(device, info, p), "vkAllocateCommandBuffers");
      return new VkCommandBuffer(p.get(0), device);
    }
  }

  /** Creates an unsignaled fence. */
  public long createFence() {
    try (MemoryStack stack = MemoryStack.stackPush()) {
      var pFence = stack.mallocLong(1);
      VkResults.check(
          vkCreateFence(device, VkFenceCreateInfo.calloc(stack).sType$Default(), null, pFence),
          "vkCreateFence");
      return pFence.get(0);
    }
  }

  /**
   * Submits one command buffer (queue access is serialized across threads) and waits for it.
   *
   * @param commandBuffer a recorded command buffer
   * @param fence an unsignaled fence; it is reset again before this returns normally
   * @param what names the work, for error messages
   * @throws DeviceLostException when the device is lost
   * @throws VulkanException when the wait times out
   */
  public void submitAndWait(VkCommandBuffer commandBuffer, long fence, String what) {
    submitAndWait(List.of(commandBuffer), fence, what);
  }

  /**
   * Submits command buffers in one batch, to run in their order (queue access is serialized across
   * threads), and waits for them.
   *
   * @param commandBuffers recorded command buffers
   * @param fence an unsignaled fence; it is reset again before this returns normally
   * @param what names the work, for error messages
   * @throws DeviceLostException when the device is lost
   * @throws VulkanException when the wait times out
   */
  public void submitAndWait(List<VkCommandBuffer> commandBuffers, long fence, String what) {
    try (MemoryStack stack = MemoryStack.stackPush()) {
      PointerBuffer buffers = stack.mallocPointer(commandBuffers.size());
      commandBuffers.forEach(buffers::put);
      VkSubmitInfo submit =
          VkSubmitInfo.calloc(stack).sType$Default().pCommandBuffers(buffers.flip());
      synchronized (queueLock) {
        VkResults.check(vkQueueSubmit(queue, submit, fence), "vkQueueSubmit (" + what + ")");
      }
      int result = awaitFence(fence, stack);
      if (result == VK_TIMEOUT) {
        throw new VulkanException(
            what
                + " did not finish within "
                + TimeUnit.NANOSECONDS.toMillis(fenceTimeoutNanos)
                + " ms (fence timeout); the device may be hung",
            result);
      }
      VkResults.check(result, "vkWaitForFences (" + what + ")");
      VkResults.check(vkResetFences(device, fence), "vkResetFences");
    }
  }

  /**
   * Waits for a submission's fence as the device's {@link FenceWait} says: with {@code SPIN} it
   * polls the fence for up to {@link FenceWait#SPIN_LIMIT_NANOS} before the blocking wait takes the
   * rest of the timeout.
   *
   * @return {@code VK_SUCCESS}, {@code VK_TIMEOUT} or the error the driver returned
   */
  private int awaitFence(long fence, MemoryStack stack) {
    long waited = 0;
    if (fenceWait == FenceWait.SPIN) {
      long start = System.nanoTime();
      while (waited < FenceWait.SPIN_LIMIT_NANOS) {
        int status = vkGetFenceStatus(device, fence);
        if (status != VK_NOT_READY) {
          return status;
        }
        Thread.onSpinWait();
        waited = System.nanoTime() - start;
      }
    }
    return vkWaitForFences(
        device, stack.longs(fence), true, Math.max(0, fenceTimeoutNanos - waited));
  }

  /**
   * Records and runs a one-off command buffer and waits for it (uploads at build time).
   *
   * @param recorder records commands into the buffer
   * @param what names the work, for error messages
   */
  public void runOnce(Consumer<VkCommandBuffer> recorder, String what) {
    synchronized (this) { // one upload at a time: the pool is not thread-safe
      VkCommandBuffer cmd = allocateCommandBuffer(uploadPool);
      long fence = createFence();
      try (MemoryStack stack = MemoryStack.stackPush()) {
        VkResults.check(
            vkBeginCommandBuffer(
                cmd,
                VkCommandBufferBeginInfo.calloc(stack)
                    .sType$Default()
                    .flags(VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT)),
            "vkBeginCommandBuffer");
        recorder.accept(cmd);
        VkResults.check(vkEndCommandBuffer(cmd), "vkEndCommandBuffer");
        submitAndWait(cmd, fence, what);
      } finally {
        vkDestroyFence(device, fence, null);
        vkFreeCommandBuffers(device, uploadPool, cmd);
      }
    }
  }

  /** Returns the selected device's description. */
  public DeviceInfo info() {
    return info;
  }

  /**
   * Returns how a run on this device waits for the GPU: {@link FenceWait#BLOCK} or {@link
   * FenceWait#SPIN} ({@code AUTO} resolved for the device).
   */
  public FenceWait fenceWait() {
    return fenceWait;
  }

  /** Returns the choices that steer kernel selection for graphs built on this device. */
  public KernelPolicy kernelPolicy() {
    return kernelPolicy;
  }

  /** Returns the device's features and limits. */
  public DeviceCapabilities capabilities() {
    return info.capabilities();
  }

  /** Returns the logical device handle. */
  public VkDevice handle() {
    return device;
  }

  /** Returns the physical device handle. */
  public VkPhysicalDevice physicalDevice() {
    return physicalDevice;
  }

  /** Returns the instance this device was opened on. */
  public VulkanInstance instance() {
    return instance;
  }

  /** Returns whether the compute queue can write timestamps. */
  public boolean supportsTimestamps() {
    return timestampValidBits > 0 && info.capabilities().timestampPeriodNs() > 0;
  }

  /** Returns the device's memory allocator. */
  public MemoryAllocator allocator() {
    return allocator;
  }

  /** Returns the device's pipeline cache. */
  public PipelineCache pipelineCache() {
    return pipelineCache;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      vkDeviceWaitIdle(device);
      pipelineCache.close();
      allocator.close();
      vkDestroyCommandPool(device, uploadPool, null);
      vkDestroyDevice(device, null);
    } finally {
      if (ownsInstance) {
        instance.close();
      }
    }
  }
}
