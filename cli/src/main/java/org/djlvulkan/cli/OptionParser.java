package org.djlvulkan.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small parser for a command's options: {@code --name value}, {@code --name=value} and flags
 * ({@code --name}), repeatable value options; {@code --} ends the options. Every mistake becomes a
 * {@link UsageException}.
 *
 * <pre>{@code
 * ParsedOptions o = new OptionParser("bench-dispatch").value("--dispatches").parse(args);
 * int n = o.intValue("--dispatches", 1000, 2);
 * }</pre>
 */
public final class OptionParser {
  private final String command;
  private final Set<String> valueOptions = new LinkedHashSet<>();
  private final Set<String> flagOptions = new LinkedHashSet<>();
  private final Set<String> repeatableOptions = new LinkedHashSet<>();
  private int maxPositionals;

  /**
   * Creates a parser that accepts no options yet.
   *
   * @param command the command's name, for messages
   */
  public OptionParser(String command) {
    this.command = command;
  }

  /**
   * Declares an option that takes a value.
   *
   * @param name the option, with its dashes, such as {@code --json}
   * @return this parser
   */
  public OptionParser value(String name) {
    valueOptions.add(name);
    return this;
  }

  /**
   * Declares an option that takes a value and may be given more than once ({@code --input a --input
   * b}); read it with {@link ParsedOptions#values}.
   *
   * @param name the option, with its dashes, such as {@code --input}
   * @return this parser
   */
  public OptionParser repeatable(String name) {
    valueOptions.add(name);
    repeatableOptions.add(name);
    return this;
  }

  /**
   * Declares an option without a value.
   *
   * @param name the option, with its dashes, such as {@code --verbose}
   * @return this parser
   */
  public OptionParser flag(String name) {
    flagOptions.add(name);
    return this;
  }

  /**
   * Allows arguments that are not options.
   *
   * @param max how many at most
   * @return this parser
   */
  public OptionParser positionals(int max) {
    this.maxPositionals = max;
    return this;
  }

  /**
   * Parses a command's arguments.
   *
   * @param args the arguments after the command name
   * @return the options found
   * @throws UsageException on an unknown or repeated option, a missing value or an unexpected
   *     argument
   */
  public ParsedOptions parse(List<String> args) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, List<String>> lists = new LinkedHashMap<>();
    Set<String> flags = new LinkedHashSet<>();
    List<String> positionals = new ArrayList<>();
    boolean optionsEnded = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (optionsEnded || !isOption(arg)) {
        positionals.add(arg);
        continue;
      }
      if (arg.equals("--")) {
        optionsEnded = true;
        continue;
      }
      int eq = arg.indexOf('=');
      String name = eq > 0 ? arg.substring(0, eq) : arg;
      if (flagOptions.contains(name)) {
        if (eq > 0) {
          throw new UsageException(name + " takes no value");
        }
        if (!flags.add(name)) {
          throw new UsageException(name + " is given twice");
        }
      } else if (valueOptions.contains(name)) {
        String value;
        if (eq > 0) {
          value = arg.substring(eq + 1);
        } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
          value = args.get(++i);
        } else {
          throw new UsageException(name + " needs a value");
        }
        if (value.isBlank()) {
          throw new UsageException(name + " needs a value");
        }
        if (repeatableOptions.contains(name)) {
          lists.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        } else if (values.put(name, value) != null) {
          throw new UsageException(name + " is given twice");
        }
      } else {
        throw new UsageException("unknown option '" + name + "' for " + command);
      }
    }
    if (positionals.size() > maxPositionals) {
      throw new UsageException(
          "unexpected argument '" + positionals.get(maxPositionals) + "' for " + command);
    }
    return new ParsedOptions(values, lists, flags, positionals);
  }

  /** Returns true for {@code -x} and {@code --x}, false for {@code -} and negative numbers. */
  private static boolean isOption(String arg) {
    return arg.length() > 1 && arg.charAt(0) == '-' && !Character.isDigit(arg.charAt(1));
  }
}
