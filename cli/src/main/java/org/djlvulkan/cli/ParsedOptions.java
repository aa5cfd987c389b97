package org.djlvulkan.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/** The options {@link OptionParser} found, with typed accessors that report bad values. */
public final class ParsedOptions {
  private final Map<String, String> values;
  private final Map<String, List<String>> lists;
  private final Set<String> flags;
  private final List<String> positionals;

  ParsedOptions(
      Map<String, String> values,
      Map<String, List<String>> lists,
      Set<String> flags,
      List<String> positionals) {
    this.values = Map.copyOf(values);
    Map<String, List<String>> copy = new HashMap<>();
    lists.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    this.lists = Map.copyOf(copy);
    this.flags = Set.copyOf(flags);
    this.positionals = List.copyOf(positionals);
  }

  /**
   * Returns an option's value.
   *
   * @param name the option, such as {@code --json}
   * @return the value, or empty when the option was not given
   */
  public Optional<String> value(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /**
   * Returns every value of a repeatable option, in command-line order.
   *
   * @param name the option, such as {@code --input}
   * @return the values; empty when the option was not given
   */
  public List<String> values(String name) {
    return lists.getOrDefault(name, List.of());
  }

  /**
   * Returns whether a flag was given.
   *
   * @param name the flag, such as {@code --verbose}
   * @return true when given
   */
  public boolean flag(String name) {
    return flags.contains(name);
  }

  /**
   * Returns an option's value as a whole number.
   *
   * @param name the option
   * @param defaultValue the value when the option was not given
   * @param min the smallest value accepted
   * @return the value
   * @throws UsageException when the value is not a whole number or is below {@code min}
   */
  public int intValue(String name, int defaultValue, int min) {
    Optional<String> text = value(name);
    if (text.isEmpty()) {
      return defaultValue;
    }
    int value;
    try {
      value = Integer.parseInt(text.get());
    } catch (NumberFormatException e) {
      throw new UsageException(name + " needs a whole number, got '" + text.get() + "'");
    }
    if (value < min) {
      throw new UsageException(name + " must be at least " + min + ", got " + value);
    }
    return value;
  }

  /**
   * Returns an option's value as a positive number, if given.
   *
   * @param name the option
   * @return the value, empty when the option was not given
   * @throws UsageException when the value is not a positive finite number
   */
  public OptionalDouble positiveValue(String name) {
    Optional<String> text = value(name);
    if (text.isEmpty()) {
      return OptionalDouble.empty();
    }
    double value;
    try {
      value = Double.parseDouble(text.get());
    } catch (NumberFormatException e) {
      throw new UsageException(name + " needs a number, got '" + text.get() + "'");
    }
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new UsageException(name + " must be a positive number, got " + text.get());
    }
    return OptionalDouble.of(value);
  }

  /** Returns the arguments that are not options, in order. */
  public List<String> positionals() {
    return positionals;
  }
}
