package org.djlvulkan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptionParserTest {
  private static OptionParser parser() {
    return new OptionParser("cmd").value("--count").value("--json").flag("--quick");
  }

  @Test
  void parsesValuesInBothSpellingsAndFlags() {
    ParsedOptions o = parser().parse(List.of("--count", "7", "--json=out.json", "--quick"));
    assertThat(o.intValue("--count", 1, 0)).isEqualTo(7);
    assertThat(o.value("--json")).contains("out.json");
    assertThat(o.flag("--quick")).isTrue();
    assertThat(o.positionals()).isEmpty();
  }

  @Test
  void repeatableOptionsKeepEveryValueInOrder() {
    OptionParser p = new OptionParser("run").repeatable("--input").value("--json");
    ParsedOptions o = p.parse(List.of("--input", "a.pb", "--input=b.pb", "--json", "j"));
    assertThat(o.values("--input")).containsExactly("a.pb", "b.pb");
    assertThat(o.values("--other")).isEmpty();
    assertThatThrownBy(() -> p.parse(List.of("--json", "a", "--json", "b")))
        .isInstanceOf(UsageException.class)
        .hasMessage("--json is given twice");
  }

  @Test
  void usesDefaultsForMissingOptions() {
    ParsedOptions o = parser().parse(List.of());
    assertThat(o.intValue("--count", 42, 0)).isEqualTo(42);
    assertThat(o.value("--json")).isEmpty();
    assertThat(o.flag("--quick")).isFalse();
  }

  @Test
  void rejectsBadNumbers() {
    assertThatThrownBy(() -> parser().parse(List.of("--count", "x")).intValue("--count", 1, 0))
        .isInstanceOf(UsageException.class)
        .hasMessage("--count needs a whole number, got 'x'");
    assertThatThrownBy(() -> parser().parse(List.of("--count=1")).intValue("--count", 5, 2))
        .isInstanceOf(UsageException.class)
        .hasMessage("--count must be at least 2, got 1");
    assertThatThrownBy(
            () -> parser().parse(List.of("--count", "99999999999")).intValue("--count", 1, 0))
        .isInstanceOf(UsageException.class);
  }

  @Test
  void acceptsNegativeNumbersAsValues() {
    assertThat(parser().parse(List.of("--count", "-3")).intValue("--count", 0, -10)).isEqualTo(-3);
  }

  @Test
  void rejectsUnknownRepeatedAndIncompleteOptions() {
    assertThatThrownBy(() -> parser().parse(List.of("--nope")))
        .isInstanceOf(UsageException.class)
        .hasMessage("unknown option '--nope' for cmd");
    assertThatThrownBy(() -> parser().parse(List.of("-x")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("'-x'");
    assertThatThrownBy(() -> parser().parse(List.of("--count", "1", "--count", "2")))
        .isInstanceOf(UsageException.class)
        .hasMessage("--count is given twice");
    assertThatThrownBy(() -> parser().parse(List.of("--count")))
        .isInstanceOf(UsageException.class)
        .hasMessage("--count needs a value");
    assertThatThrownBy(() -> parser().parse(List.of("--json", "--quick")))
        .isInstanceOf(UsageException.class)
        .hasMessage("--json needs a value");
    assertThatThrownBy(() -> parser().parse(List.of("--json=")))
        .isInstanceOf(UsageException.class)
        .hasMessage("--json needs a value");
    assertThatThrownBy(() -> parser().parse(List.of("--quick=yes")))
        .isInstanceOf(UsageException.class)
        .hasMessage("--quick takes no value");
  }

  @Test
  void limitsPositionalsAndHonoursDoubleDash() {
    assertThatThrownBy(() -> parser().parse(List.of("extra")))
        .isInstanceOf(UsageException.class)
        .hasMessage("unexpected argument 'extra' for cmd");
    ParsedOptions o = parser().positionals(2).parse(List.of("a", "--", "--quick"));
    assertThat(o.positionals()).containsExactly("a", "--quick");
    assertThat(o.flag("--quick")).isFalse();
  }
}
