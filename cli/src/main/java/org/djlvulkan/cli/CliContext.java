package org.djlvulkan.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.djlvulkan.backend.vk.DeviceOptions;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.djlvulkan.backend.vk.VulkanInstance;

/**
 * What a command runs with: the output streams and the device selection. Instances and devices
 * opened through it are remembered so that the app can report validation-layer errors after the
 * command (a command closes what it opens).
 */
public final class CliContext {
  private final PrintStream out;
  private final PrintStream err;
  private final Optional<String> deviceFlag;
  private final List<VulkanInstance> opened = new ArrayList<>();

  /**
   * Creates a context.
   *
   * @param out where results go
   * @param err where warnings and errors go
   * @param deviceFlag the value of the global {@code --device} option, if given
   */
  public CliContext(PrintStream out, PrintStream err, Optional<String> deviceFlag) {
    this.out = out;
    this.err = err;
    this.deviceFlag = deviceFlag;
  }

  /** Returns the stream for results. */
  public PrintStream out() {
    return out;
  }

  /** Returns the stream for warnings. */
  public PrintStream err() {
    return err;
  }

  /** Returns the value of the global {@code --device} option, if given. */
  public Optional<String> deviceFlag() {
    return deviceFlag;
  }

  /**
   * Returns the device request in force: {@code --device}, else {@code DJL_VULKAN_DEVICE} / {@code
   * djl.vulkan.device}; empty selects the default device.
   */
  public Optional<String> deviceRequest() {
    return deviceOptions().deviceRequest();
  }

  /** Returns the options devices are opened with: the settings, then {@code --device}. */
  public DeviceOptions deviceOptions() {
    DeviceOptions options = DeviceOptions.fromSettings();
    return deviceFlag.map(options::withDevice).orElse(options);
  }

  /**
   * Creates a Vulkan instance (with the validation layer when the setting asks for it) to list
   * devices. The caller closes it.
   *
   * @return the instance
   */
  public VulkanInstance openInstance() {
    VulkanInstance instance = VulkanInstance.create(deviceOptions().validation());
    opened.add(instance);
    return instance;
  }

  /**
   * Opens the selected device. The caller closes it.
   *
   * @return the device
   * @throws CliException when the device request matches no device
   */
  public VulkanDevice openDevice() {
    VulkanDevice device;
    try {
      device = VulkanDevice.open(deviceOptions());
    } catch (IllegalArgumentException e) {
      throw new CliException(deviceRequestError(e), e);
    }
    opened.add(device.instance());
    return device;
  }

  /**
   * Returns the message of a failed device request, naming where the request came from.
   *
   * @param e what the device selection threw
   * @return one line
   */
  public String deviceRequestError(IllegalArgumentException e) {
    String source = deviceFlag.isPresent() ? "--device" : "DJL_VULKAN_DEVICE";
    return source + ": " + e.getMessage();
  }

  /** Returns and forgets the validation errors reported on the instances opened so far. */
  public List<String> drainValidationErrors() {
    List<String> errors = new ArrayList<>();
    for (VulkanInstance instance : opened) {
      errors.addAll(instance.validationMessages().drain());
    }
    return errors;
  }

  /** Returns whether {@code DJL_VULKAN_DEBUG} / {@code djl.vulkan.debug} asks for stack traces. */
  public static boolean debugEnabled() {
    String v = System.getProperty("djl.vulkan.debug");
    if (v == null || v.isBlank()) {
      v = System.getenv("DJL_VULKAN_DEBUG");
    }
    if (v == null) {
      return false;
    }
    String s = v.trim().toLowerCase(Locale.ROOT);
    return s.equals("1") || s.equals("on") || s.equals("true") || s.equals("yes");
  }
}
