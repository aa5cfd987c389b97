package org.djlvulkan.cli.commands;

import java.util.List;
import java.util.Optional;
import org.djlvulkan.backend.vk.DeviceInfo;
import org.djlvulkan.backend.vk.DeviceSelector;
import org.djlvulkan.backend.vk.VulkanInstance;
import org.djlvulkan.backend.vk.errors.VulkanUnavailableException;
import org.djlvulkan.cli.CliContext;
import org.djlvulkan.cli.Command;
import org.djlvulkan.cli.OptionParser;

/**
 * {@code devices}: one line per Vulkan device in enumeration order; {@code *} marks the device the
 * other commands use (the {@code --device} / {@code DJL_VULKAN_DEVICE} choice, else the default).
 * Every device is listed even when the request matches none; a warning says so.
 */
public final class DevicesCommand implements Command {
  @Override
  public String name() {
    return "devices";
  }

  @Override
  public String summary() {
    return "list the Vulkan devices; * marks the one the other commands use";
  }

  @Override
  public String usage() {
    return "usage: djl-vulkan devices\n\n"
        + "One line per Vulkan device, in the driver's enumeration order:\n"
        + "  index: name [TYPE] Vulkan version, features, subgroup size, cooperative-matrix\n"
        + "  shapes and limits. '*' marks the device the other commands use.";
  }

  @Override
  public int run(List<String> args, CliContext ctx) {
    new OptionParser(name()).parse(args);
    try (VulkanInstance vulkan = ctx.openInstance()) {
      List<DeviceInfo> devices = vulkan.devices();
      if (devices.isEmpty()) {
        throw new VulkanUnavailableException("no Vulkan device found", null);
      }
      Optional<DeviceInfo> chosen = Optional.empty();
      String warning = null;
      try {
        chosen = Optional.of(DeviceSelector.select(devices, ctx.deviceRequest()));
      } catch (IllegalArgumentException e) {
        warning = ctx.deviceRequestError(e);
      } catch (VulkanUnavailableException e) {
        warning = "no device supports Vulkan 1.2, which djl-vulkan needs";
      }
      for (DeviceInfo d : devices) {
        boolean mark = chosen.map(c -> c.index() == d.index()).orElse(false);
        ctx.out().println((mark ? "* " : "  ") + d.describe());
      }
      if (warning != null) {
        ctx.err().println("warning: " + warning);
      }
    }
    return 0;
  }
}
