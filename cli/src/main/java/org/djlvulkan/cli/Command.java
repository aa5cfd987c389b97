package org.djlvulkan.cli;

import java.util.List;

/** One subcommand of the app, such as {@code devices} or {@code bench-dispatch}. */
public interface Command {
  /** Returns the name typed on the command line. */
  String name();

  /** Returns a one-line description for the command list. */
  String summary();

  /**
   * Returns the usage text: a {@code usage:} line, then one line per option.
   *
   * @return the usage, without a trailing newline
   */
  String usage();

  /**
   * Runs the command.
   *
   * @param args the arguments after the command name, global options removed
   * @param ctx output streams and the device selection
   * @return the exit code, 0 on success
   * @throws UsageException when the arguments are wrong (exit code 2)
   * @throws Exception on any other failure (exit code 1)
   */
  int run(List<String> args, CliContext ctx) throws Exception;
}
