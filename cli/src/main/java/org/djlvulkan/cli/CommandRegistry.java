package org.djlvulkan.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.djlvulkan.cli.commands.BenchAluCommand;
import org.djlvulkan.cli.commands.BenchCommand;
import org.djlvulkan.cli.commands.BenchDispatchCommand;
import org.djlvulkan.cli.commands.BenchOpsCommand;
import org.djlvulkan.cli.commands.ClassifyCommand;
import org.djlvulkan.cli.commands.DevicesCommand;
import org.djlvulkan.cli.commands.HelpCommand;
import org.djlvulkan.cli.commands.RunCommand;

/** The app's commands by name, in the order the help lists them. */
public final class CommandRegistry {
  private final Map<String, Command> commands = new LinkedHashMap<>();

  /** Creates an empty registry; {@link #defaults()} gives the app's commands. */
  public CommandRegistry() {}

  /** Returns a registry with every command of the app. */
  public static CommandRegistry defaults() {
    CommandRegistry registry = new CommandRegistry();
    registry.register(new DevicesCommand());
    registry.register(new ClassifyCommand());
    registry.register(new RunCommand());
    registry.register(new BenchCommand());
    registry.register(new BenchDispatchCommand());
    registry.register(new BenchOpsCommand());
    registry.register(new BenchAluCommand());
    registry.register(new HelpCommand(registry));
    return registry;
  }

  /**
   * Adds a command.
   *
   * @param command the command; its name must be new
   * @return this registry
   */
  public CommandRegistry register(Command command) {
    if (commands.putIfAbsent(command.name(), command) != null) {
      throw new IllegalStateException("two commands named " + command.name());
    }
    return this;
  }

  /**
   * Finds a command.
   *
   * @param name the command's name
   * @return the command, or empty
   */
  public Optional<Command> find(String name) {
    return Optional.ofNullable(commands.get(name));
  }

  /** Returns the commands in registration order. */
  public List<Command> commands() {
    return new ArrayList<>(commands.values());
  }

  /** Returns the app's usage: the synopsis, the commands and the global options. */
  public String usage() {
    StringBuilder sb = new StringBuilder();
    sb.append("usage: djl-vulkan [--device N|NAME] <command> [options]\n\ncommands:\n");
    for (Command c : commands.values()) {
      sb.append(String.format("  %-16s %s", c.name(), c.summary())).append('\n');
    }
    sb.append(
        String.format(
            "  %-16s %s%n",
            "spark-classify",
            "classify a folder of images with Apache Spark, to Parquet (the spark module;"
                + " spark-classify --help)"));
    sb.append("\nglobal options (before or after the command):\n")
        .append(
            "  --device N|NAME  the Vulkan device: an index from 'devices' or a name substring\n")
        .append("                   (default: DJL_VULKAN_DEVICE, else the first discrete,\n")
        .append("                   integrated, virtual GPU, then CPU driver)\n")
        .append("  -h, --help       this help; 'djl-vulkan <command> --help' for a command\n")
        .append("\nenvironment: DJL_VULKAN_DEVICE, DJL_VULKAN_VALIDATION=on (Khronos layer),\n")
        .append(
            "  DJL_VULKAN_CACHE_DIR (pipeline cache), DJL_VULKAN_MODEL_MIRROR (offline models),\n")
        .append("  DJL_VULKAN_DEBUG=1 (stack traces)");
    return sb.toString();
  }
}
