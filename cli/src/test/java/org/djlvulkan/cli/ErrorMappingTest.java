package org.djlvulkan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.djlvulkan.backend.vk.errors.VulkanUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How failures of a command become exit codes and {@code error:} lines. */
class ErrorMappingTest {
  /** A command that throws what it is given. */
  private record Failing(Exception failure) implements Command {
    @Override
    public String name() {
      return "fail";
    }

    @Override
    public String summary() {
      return "fails";
    }

    @Override
    public String usage() {
      return "usage: djl-vulkan fail";
    }

    @Override
    public int run(List<String> args, CliContext ctx) throws Exception {
      new OptionParser(name()).parse(args);
      throw failure;
    }
  }

  @AfterEach
  void clearDebug() {
    System.clearProperty("djl.vulkan.debug");
  }

  private static CliRun run(Exception failure, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandRegistry registry = new CommandRegistry().register(new Failing(failure));
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, o, e, registry);
    }
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void vulkanUnavailableIsOneLineWithTheInstallHint() {
    CliRun r = run(new VulkanUnavailableException("no Vulkan device found", null), "fail");
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_ERROR);
    assertThat(r.errLines())
        .singleElement()
        .asString()
        .startsWith("error: no Vulkan device found; install")
        .contains("apt-get install libvulkan1 mesa-vulkan-drivers");
  }

  @Test
  void multiLineMessagesBecomeOneLine() {
    CliRun r = run(new CliException("first\nsecond"), "fail");
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_ERROR);
    assertThat(r.errLines()).containsExactly("error: first second");
  }

  @Test
  void unexpectedExceptionsNameTheirTypeAndHowToSeeTheTrace() {
    CliRun r = run(new IOException("disk full"), "fail");
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_ERROR);
    assertThat(r.errLines())
        .containsExactly(
            "error: IOException: disk full (DJL_VULKAN_DEBUG=1 shows the stack trace)");
  }

  @Test
  void debugSettingAddsTheStackTrace() {
    System.setProperty("djl.vulkan.debug", "1");
    CliRun r = run(new IllegalStateException("boom"), "fail");
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_ERROR);
    assertThat(r.errLines().get(0)).isEqualTo("error: IllegalStateException: boom");
    assertThat(Arrays.stream(r.err().split("\\R"))).anyMatch(l -> l.startsWith("\tat "));
  }

  @Test
  void usageErrorsOfACommandShowItsUsage() {
    CliRun r = run(new IOException("not reached"), "fail", "--nope");
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.errLines())
        .containsExactly("error: unknown option '--nope' for fail", "", "usage: djl-vulkan fail");
  }
}
