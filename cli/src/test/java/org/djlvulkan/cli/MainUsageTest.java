package org.djlvulkan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Exit codes and messages of command lines that never reach Vulkan. */
class MainUsageTest {
  @Test
  void unknownCommandIsAUsageError() {
    CliRun r = CliRun.of("bogus");
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines().get(0)).isEqualTo("error: unknown command 'bogus'");
    assertThat(r.err()).contains("usage: djl-vulkan").contains("bench-dispatch");
  }

  @Test
  void missingCommandIsAUsageError() {
    CliRun r = CliRun.of();
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.errLines().get(0)).isEqualTo("error: no command given");
  }

  @Test
  void unknownGlobalOptionIsAUsageError() {
    CliRun r = CliRun.of("--fast", "devices");
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.errLines().get(0)).isEqualTo("error: unknown option '--fast'");
  }

  @Test
  void badNumberIsAUsageErrorWithTheCommandsUsage() {
    CliRun r = CliRun.of("bench-dispatch", "--dispatches", "x");
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines().get(0)).isEqualTo("error: --dispatches needs a whole number, got 'x'");
    assertThat(r.err()).contains("usage: djl-vulkan bench-dispatch");
  }

  @Test
  void tooFewDispatchesIsAUsageError() {
    CliRun r = CliRun.of("bench-dispatch", "--dispatches", "1");
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.errLines().get(0)).startsWith("error: --dispatches must be at least 2");
  }

  @Test
  void unknownCommandOptionIsAUsageError() {
    CliRun r = CliRun.of("devices", "--verbose");
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.errLines().get(0)).isEqualTo("error: unknown option '--verbose' for devices");
    assertThat(r.err()).contains("usage: djl-vulkan devices");
  }

  @Test
  void deviceOptionNeedsAValue() {
    assertThat(CliRun.of("devices", "--device").exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(CliRun.of("--device=", "devices").exitCode()).isEqualTo(Main.EXIT_USAGE);
    CliRun twice = CliRun.of("--device", "0", "devices", "--device", "1");
    assertThat(twice.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(twice.errLines().get(0)).isEqualTo("error: --device is given twice");
  }

  @Test
  void helpListsEveryCommand() {
    for (String[] args :
        new String[][] {{"help"}, {"--help"}, {"-h"}, {"--device", "0", "--help"}}) {
      CliRun r = CliRun.of(args);
      assertThat(r.exitCode()).as(String.join(" ", args)).isZero();
      assertThat(r.err()).isEmpty();
      assertThat(r.out())
          .startsWith("usage: djl-vulkan")
          .contains("devices")
          .contains("bench-dispatch")
          .contains("--device N|NAME");
    }
  }

  @Test
  void helpForOneCommand() {
    for (String[] args :
        new String[][] {
          {"help", "bench-dispatch"}, {"bench-dispatch", "--help"}, {"--help", "bench-dispatch"}
        }) {
      CliRun r = CliRun.of(args);
      assertThat(r.exitCode()).as(String.join(" ", args)).isZero();
      assertThat(r.out())
          .startsWith("usage: djl-vulkan bench-dispatch")
          .contains("--dispatches N")
          .contains("--iterations N")
          .contains("--json FILE");
    }
    CliRun unknown = CliRun.of("help", "bogus");
    assertThat(unknown.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(unknown.errLines().get(0)).isEqualTo("error: unknown command 'bogus'");
  }

  @Test
  void registryRefusesTwoCommandsWithOneName() {
    CommandRegistry registry = CommandRegistry.defaults();
    assertThat(registry.commands())
        .extracting(Command::name)
        .containsExactly(
            "devices",
            "classify",
            "run",
            "bench",
            "bench-dispatch",
            "bench-ops",
            "bench-alu",
            "help");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> registry.register(registry.find("devices").orElseThrow()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void unexpectedExceptionsNameTheirType() {
    assertThat(Main.describe(new NullPointerException("x"))).startsWith("NullPointerException: x");
    assertThat(Main.describe(new CliException("line one\n  line two")))
        .isEqualTo("line one line two");
  }
}
