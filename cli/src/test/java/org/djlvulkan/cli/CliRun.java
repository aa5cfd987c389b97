package org.djlvulkan.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One in-process run of the app with its captured output.
 *
 * @param exitCode what {@link Main#run} returned
 * @param out everything printed on stdout
 * @param err everything printed on stderr
 */
public record CliRun(int exitCode, String out, String err) {
  /** Runs the app with {@code args}. */
  public static CliRun of(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, o, e);
    }
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Returns stdout's lines. */
  public List<String> outLines() {
    return out.isEmpty() ? List.of() : Arrays.asList(out.split("\\R"));
  }

  /** Returns stderr's lines. */
  public List<String> errLines() {
    return err.isEmpty() ? List.of() : Arrays.asList(err.split("\\R"));
  }
}
