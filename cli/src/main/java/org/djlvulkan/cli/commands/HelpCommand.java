package org.djlvulkan.cli.commands;

import java.util.List;
import org.djlvulkan.cli.CliContext;
import org.djlvulkan.cli.Command;
import org.djlvulkan.cli.CommandRegistry;
import org.djlvulkan.cli.OptionParser;
import org.djlvulkan.cli.UsageException;

/** {@code help [COMMAND]}: the app's usage, or one command's. */
public final class HelpCommand implements Command {
  private final CommandRegistry registry;

  /**
   * Creates the command.
   *
   * @param registry the commands to describe
   */
  public HelpCommand(CommandRegistry registry) {
    this.registry = registry;
  }

  @Override
  public String name() {
    return "help";
  }

  @Override
  public String summary() {
    return "show this help, or a command's options: help <command>";
  }

  @Override
  public String usage() {
    return "usage: djl-vulkan help [COMMAND]\n\n"
        + "Shows the commands and global options, or the options of COMMAND.";
  }

  @Override
  public int run(List<String> args, CliContext ctx) {
    List<String> names = new OptionParser(name()).positionals(1).parse(args).positionals();
    if (names.isEmpty()) {
      ctx.out().println(registry.usage());
      return 0;
    }
    String name = names.get(0);
    Command command =
        registry.find(name).orElseThrow(() -> new UsageException("unknown command '" + name + "'"));
    ctx.out().println(command.usage());
    return 0;
  }
}
