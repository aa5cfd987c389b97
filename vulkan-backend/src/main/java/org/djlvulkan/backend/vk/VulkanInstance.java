package org.djlvulkan.backend.vk;

import static org.lwjgl.system.MemoryUtil.NULL;
import static org.lwjgl.vulkan.EXTDebugUtils.*;
import static org.lwjgl.vulkan.KHRPortabilityEnumeration.*;
import static org.lwjgl.vulkan.VK10.*;
import static org.lwjgl.vulkan.VK12.VK_API_VERSION_1_2;
import static org.lwjgl.vulkan.VK13.VK_API_VERSION_1_3;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.djlvulkan.backend.vk.errors.VkResults;
import org.djlvulkan.backend.vk.errors.VulkanUnavailableException;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VK;
import org.lwjgl.vulkan.VkApplicationInfo;
import org.lwjgl.vulkan.VkDebugUtilsMessengerCallbackDataEXT;
import org.lwjgl.vulkan.VkDebugUtilsMessengerCallbackEXT;
import org.lwjgl.vulkan.VkDebugUtilsMessengerCreateInfoEXT;
import org.lwjgl.vulkan.VkExtensionProperties;
import org.lwjgl.vulkan.VkInstance;
import org.lwjgl.vulkan.VkInstanceCreateInfo;
import org.lwjgl.vulkan.VkLayerProperties;
import org.lwjgl.vulkan.VkPhysicalDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Vulkan instance, optionally with the Khronos validation layer, and the physical devices it
 * sees. Closing it destroys the instance; devices opened from it must be closed first.
 */
public final class VulkanInstance implements AutoCloseable {
  /** The Khronos validation layer's name. */
  public static final String VALIDATION_LAYER = "VK_LAYER_KHRONOS_validation";

  private static final Logger LOG = LoggerFactory.getLogger(VulkanInstance.class);

  private final VkInstance instance;
  private final int apiVersion;
  private final boolean validationActive;
  private final ValidationMessages validationMessages = new ValidationMessages();
  private final VkDebugUtilsMessengerCallbackEXT callback;
  private final long messenger;
  private final List<VkPhysicalDevice> physicalDevices = new ArrayList<>();
  private final List<DeviceInfo> devices = new ArrayList<>();
  private boolean closed;

  private VulkanInstance(boolean wantValidation) {
    VulkanLoader.ensureLoaded();
    int supported = VK.getInstanceVersionSupported();
    if (supported < VK_API_VERSION_1_2) {
      throw new VulkanUnavailableException(
          "the Vulkan loader supports only API " + supported + ", djl-vulkan needs 1.2", null);
    }
    this.apiVersion = Math.min(supported, VK_API_VERSION_1_3);
    try (MemoryStack stack = MemoryStack.stackPush()) {
      Set<String> layers = availableLayers(stack);
      Set<String> extensions = availableExtensions(stack);
      boolean validation = wantValidation && layers.contains(VALIDATION_LAYER);
      if (wantValidation && !validation) {
        LOG.warn(
            "validation requested but {} is not installed (apt-get install"
                + " vulkan-validationlayers)",
            VALIDATION_LAYER);
      }
      validation &= extensions.contains(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
      this.validationActive = validation;

      List<String> enabledExtensions = new ArrayList<>();
      int flags = 0;
      if (extensions.contains(VK_KHR_PORTABILITY_ENUMERATION_EXTENSION_NAME)) {
        enabledExtensions.add(VK_KHR_PORTABILITY_ENUMERATION_EXTENSION_NAME);
        flags |= VK_INSTANCE_CREATE_ENUMERATE_PORTABILITY_BIT_KHR;
      }
      if (validation) {
        enabledExtensions.add(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
      }
      VkApplicationInfo app =
          VkApplicationInfo.calloc(stack)
              .sType$Default()
              .pApplicationName(stack.UTF8("djl-vulkan"))
              .pEngineName(stack.UTF8("djl-vulkan"))
              .apiVersion(apiVersion);
      PointerBuffer extNames = stack.mallocPointer(enabledExtensions.size());
      enabledExtensions.forEach(e -> extNames.put(stack.UTF8(e)));
      extNames.flip();
      VkInstanceCreateInfo info =
          VkInstanceCreateInfo.calloc(stack)
              .sType$Default()
              .flags(flags)
              .pApplicationInfo(app)
              .ppEnabledExtensionNames(extNames);
      if (validation) {
        info.ppEnabledLayerNames(stack.pointers(stack.UTF8(VALIDATION_LAYER)));
      }
      PointerBuffer pInstance = stack.mallocPointer(1);
      VkResults.check(vkCreateInstance(info, null, pInstance), "vkCreateInstance");
      this.instance = new VkInstance(pInstance.get(0), info);

      if (validation) {
        this.callback = VkDebugUtilsMessengerCallbackEXT.create(this::onMessage);
        VkDebugUtilsMessengerCreateInfoEXT messengerInfo =
            VkDebugUtilsMessengerCreateInfoEXT.calloc(stack)
                .sType$Default()
                .messageSeverity(
                    VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT
                        | VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT)
                .messageType(
                    VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT
                        | VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT)
                .pfnUserCallback(callback);
        var pMessenger = stack.mallocLong(1);
        VkResults.check(
            vkCreateDebugUtilsMessengerEXT(instance, messengerInfo, null, pMessenger),
            "vkCreateDebugUtilsMessengerEXT");
        this.messenger = pMessenger.get(0);
      } else {
        this.callback = null;
        this.messenger = NULL;
      }
      enumerateDevices(stack);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Creates an instance; the validation layer is enabled when the {@code validation} setting is on
   * and the layer is installed.
   *
   * @param validation whether to ask for the Khronos validation layer
   * @return the instance
   * @throws VulkanUnavailableException without a loader or driver
   */
  public static VulkanInstance create(boolean validation) {
    return new VulkanInstance(validation);
  }

  private int onMessage(int severity, int types, long pCallbackData, long pUserData) {
    String message = VkDebugUtilsMessengerCallbackDataEXT.create(pCallbackData).pMessageString();
    if ((severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) != 0) {
      validationMessages.addError(message);
      LOG.error("Vulkan validation: {}", message);
    } else {
      LOG.warn("Vulkan validation: {}", message);
    }
    return VK_FALSE;
  }

  private static Set<String> availableLayers(MemoryStack stack) {
    var count = stack.mallocInt(1);
    VkResults.check(vkEnumerateInstanceLayerProperties(count, null), "vkEnumerateLayers");
    var props = VkLayerProperties.malloc(count.get(0), stack);
    VkResults.check(vkEnumerateInstanceLayerProperties(count, props), "vkEnumerateLayers");
    Set<String> names = new HashSet<>();
    props.forEach(p -> names.add(p.layerNameString()));
    return names;
  }

  private static Set<String> availableExtensions(MemoryStack stack) {
    var count = stack.mallocInt(1);
    VkResults.check(
        vkEnumerateInstanceExtensionProperties((String) null, count, null),
        "vkEnumerateInstanceExtensionProperties");
    var props = VkExtensionProperties.malloc(count.get(0), stack);
    VkResults.check(
        vkEnumerateInstanceExtensionProperties((String) null, count, props),
        "vkEnumerateInstanceExtensionProperties");
    Set<String> names = new HashSet<>();
    props.forEach(p -> names.add(p.extensionNameString()));
    return names;
  }

  private void enumerateDevices(MemoryStack stack) {
    var count = stack.mallocInt(1);
    VkResults.check(
        vkEnumeratePhysicalDevices(instance, count, null), "vkEnumeratePhysicalDevices");
    PointerBuffer handles = stack.mallocPointer(count.get(0));
    VkResults.check(
        vkEnumeratePhysicalDevices(instance, count, handles), "vkEnumeratePhysicalDevices");
    for (int i = 0; i < count.get(0); i++) {
      VkPhysicalDevice device = new VkPhysicalDevice(handles.get(i), instance);
      physicalDevices.add(device);
      devices.add(CapabilityProbe.probe(i, device));
    }
  }

  /** Returns the devices in enumeration order. */
  public List<DeviceInfo> devices() {
    return List.copyOf(devices);
  }

  /** Returns whether the validation layer is active on this instance. */
  public boolean validationActive() {
    return validationActive;
  }

  /** Returns the validation errors seen so far. */
  public ValidationMessages validationMessages() {
    return validationMessages;
  }

  /** Returns the instance API version in use. */
  public int apiVersion() {
    return apiVersion;
  }

  /** Returns the {@code VkInstance}, for the memory allocator. */
  public VkInstance handleForAllocator() {
    return instance;
  }

  VkPhysicalDevice physicalDevice(int index) {
    return physicalDevices.get(index);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (instance != null) {
      if (messenger != NULL) {
        vkDestroyDebugUtilsMessengerEXT(instance, messenger, null);
      }
      vkDestroyInstance(instance, null);
    }
    if (callback != null) {
      callback.free();
    }
  }
}
