package org.djlvulkan.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.djlvulkan.backend.vk.errors.VulkanException;
import org.djlvulkan.engine.VkEngine;

/**
 * The entry point of {@code djl-vulkan}: {@code djl-vulkan [--device N|NAME] <command> [options]}.
 *
 * <p>Exit codes: 0 success; 1 a runtime error (no Vulkan, a bad device request, a failed check),
 * reported as one {@code error:} line on stderr; 2 a usage error, reported as an {@code error:}
 * line followed by the usage. Stack traces only with {@code DJL_VULKAN_DEBUG=1}.
 */
public final class Main {
  /** Exit code of a successful run. */
  public static final int EXIT_OK = 0;

  /** Exit code of a runtime error. */
  public static final int EXIT_ERROR = 1;

  /** Exit code of a usage error. */
  public static final int EXIT_USAGE = 2;

  private static final String DEVICE_OPTION = "--device";

  private Main() {}

  /**
   * Runs the app and exits with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    // Free the DJL engine's devices on this thread before exiting (see VkEngine.shutdown).
    VkEngine.shutdown();
    System.exit(code);
  }

  /**
   * Runs the app without exiting the JVM.
   *
   * @param args the command line
   * @param out where results go
   * @param err where errors, warnings and usage errors go
   * @return the exit code: 0, 1 or 2
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, CommandRegistry.defaults());
  }

  /**
   * Runs the app with the given commands, without exiting the JVM.
   *
   * @param args the command line
   * @param out where results go
   * @param err where errors, warnings and usage errors go
   * @param registry the commands
   * @return the exit code: 0, 1 or 2 (or what the command returned)
   */
  static int run(String[] args, PrintStream out, PrintStream err, CommandRegistry registry) {
    Command command = null;
    try {
      Optional<String> device = Optional.empty();
      boolean help = false;
      List<String> rest = new ArrayList<>();
      boolean optionsEnded = false;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (optionsEnded) {
          rest.add(arg);
        } else if (arg.equals("--")) {
          if (command == null) {
            throw new UsageException("'--' must come after the command");
          }
          optionsEnded = true;
          rest.add(arg);
        } else if (arg.equals(DEVICE_OPTION) || arg.startsWith(DEVICE_OPTION + "=")) {
          String value;
          if (arg.equals(DEVICE_OPTION)) {
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
              throw new UsageException("--device needs a value: an index or a name substring");
            }
            value = args[++i];
          } else {
            value = arg.substring(DEVICE_OPTION.length() + 1);
          }
          if (value.isBlank()) {
            throw new UsageException("--device needs a value: an index or a name substring");
          }
          if (device.isPresent()) {
            throw new UsageException("--device is given twice");
          }
          device = Optional.of(value.trim());
        } else if (command == null && (arg.equals("-h") || arg.equals("--help"))) {
          help = true;
        } else if (command == null) {
          if (arg.startsWith("-")) {
            throw new UsageException("unknown option '" + arg + "'");
          }
          String name = arg;
          command =
              registry
                  .find(name)
                  .orElseThrow(() -> new UsageException("unknown command '" + name + "'"));
        } else {
          if (arg.equals("-h") || arg.equals("--help")) {
            help = true;
          } else {
            rest.add(arg);
          }
        }
      }
      if (command == null) {
        if (help) {
          out.println(registry.usage());
          return EXIT_OK;
        }
        throw new UsageException("no command given");
      }
      if (help) {
        out.println(command.usage());
        return EXIT_OK;
      }
      CliContext ctx = new CliContext(out, err, device);
      int code = command.run(List.copyOf(rest), ctx);
      List<String> validationErrors = ctx.drainValidationErrors();
      if (!validationErrors.isEmpty()) {
        throw new CliException(
            "the Vulkan validation layer reported "
                + validationErrors.size()
                + " error(s); the first: "
                + validationErrors.get(0));
      }
      return code;
    } catch (UsageException e) {
      err.println("error: " + oneLine(e.getMessage()));
      err.println();
      err.println(command != null ? command.usage() : registry.usage());
      return EXIT_USAGE;
    } catch (Exception | LinkageError e) {
      err.println("error: " + describe(e));
      if (CliContext.debugEnabled()) {
        e.printStackTrace(err);
      }
      return EXIT_ERROR;
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** Returns an exception as one line: its message, or its type and message when unexpected. */
  static String describe(Throwable e) {
    String message = e.getMessage() == null ? "" : oneLine(e.getMessage());
    if (e instanceof CliException
        || e instanceof VulkanException
        || e instanceof IllegalArgumentException) {
      if (!message.isEmpty()) {
        return message;
      }
    }
    String type = e.getClass().getSimpleName();
    String hint = CliContext.debugEnabled() ? "" : " (DJL_VULKAN_DEBUG=1 shows the stack trace)";
    return (message.isEmpty() ? type : type + ": " + message) + hint;
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
