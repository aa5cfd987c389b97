package org.djlvulkan.engine;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.djlvulkan.backend.config.Settings;
import org.djlvulkan.backend.vk.DeviceInfo;
import org.djlvulkan.backend.vk.DeviceOptions;
import org.djlvulkan.backend.vk.DeviceSelector;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.djlvulkan.backend.vk.VulkanInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's Vulkan instance and the devices opened on it, one per physical device, opened on
 * first use. Models on a device register here so that closing (at JVM shutdown) frees them before
 * their device and the instance. Thread-safe.
 */
public final class VulkanDevices implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VulkanDevices.class);

  private final VulkanInstance instance;
  private final DeviceOptions options;
  private final DeviceMap map;
  private final Map<Integer, VulkanDevice> opened = new HashMap<>();
  private final Set<AutoCloseable> dependents = new LinkedHashSet<>();
  private boolean closed;

  private VulkanDevices(VulkanInstance instance, DeviceOptions options) {
    this.instance = instance;
    this.options = options;
    this.map = new DeviceMap(instance.devices());
    defaultDevice();
  }

  /**
   * Creates the instance and checks that a usable device exists; opens no device yet.
   *
   * @param options validation, limits and the pipeline cache; the device request is read from the
   *     settings at each {@link #defaultDevice()}
   * @return the registry
   * @throws org.djlvulkan.backend.vk.errors.VulkanUnavailableException without a loader, driver or
   *     usable device
   * @throws IllegalArgumentException when the device request names no device, or one without a DJL
   *     name
   */
  public static VulkanDevices create(DeviceOptions options) {
    VulkanInstance instance = VulkanInstance.create(options.validation());
    try {
      return new VulkanDevices(instance, options);
    } catch (RuntimeException e) {
      instance.close();
      throw e;
    }
  }

  /** Returns the Vulkan instance (for its device list and validation messages). */
  public VulkanInstance instance() {
    return instance;
  }

  /** Returns how DJL devices map to physical devices. */
  public DeviceMap map() {
    return map;
  }

  /**
   * Returns the device the device setting ({@code DJL_VULKAN_DEVICE} / {@code djl.vulkan.device})
   * selects now; without the setting {@code gpu(0)} when a GPU exists, else {@code cpu()}.
   *
   * @throws IllegalArgumentException when the setting names no device, or one without a DJL name
   */
  public Device defaultDevice() {
    return map.djlDevice(DeviceSelector.select(instance.devices(), Settings.DEVICE.value()));
  }

  /**
   * Returns the DJL device of the physical device a request names.
   *
   * @param request an index in the device list or a name substring, as {@code DJL_VULKAN_DEVICE}
   * @return {@code gpu(i)} or {@code cpu()}
   * @throws IllegalArgumentException when the request names no device, or one without a DJL name
   */
  public Device select(String request) {
    return map.djlDevice(DeviceSelector.select(instance.devices(), Optional.of(request)));
  }

  /**
   * Returns the opened device behind a DJL device, opening it on first use.
   *
   * @param device {@code gpu(i)} or {@code cpu()}
   * @return the device, owned by this registry
   * @throws IllegalArgumentException when no Vulkan device has that name
   * @throws IllegalStateException after {@link #close()}
   */
  public synchronized VulkanDevice open(Device device) {
    checkOpen();
    DeviceInfo info = map.physical(device);
    VulkanDevice vk = opened.get(info.index());
    if (vk == null) {
      vk = VulkanDevice.open(instance, options.withDevice(Integer.toString(info.index())));
      opened.put(info.index(), vk);
      LOG.debug("{} opened as {}", info.describe(), device);
    }
    return vk;
  }

  /**
   * Registers something that holds device memory (a model, an array in device memory), to be closed
   * before the devices.
   *
   * @param dependent the resource
   * @throws IllegalStateException after {@link #close()}
   */
  public synchronized void register(AutoCloseable dependent) {
    checkOpen();
    dependents.add(dependent);
  }

  /**
   * Forgets a resource registered with {@link #register} (it was closed by its owner).
   *
   * @param dependent the resource
   */
  public synchronized void unregister(AutoCloseable dependent) {
    dependents.remove(dependent);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the Vulkan engine's devices are closed (JVM shutdown)");
    }
  }

  /** Closes the registered models, then the devices, then the instance. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (AutoCloseable dependent : new ArrayList<>(dependents)) {
      try {
        dependent.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed", dependent, e);
      }
    }
    dependents.clear();
    List<VulkanDevice> devices = new ArrayList<>(opened.values());
    opened.clear();
    devices.forEach(VulkanDevice::close);
    instance.close();
  }
}
