package org.djlvulkan.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.djlvulkan.cli.UsageException;
import org.junit.jupiter.api.Test;

class BatchSizesTest {
  @Test
  void readsACommaSeparatedListInOrder() {
    assertThat(BatchSizes.parse(Optional.of("32, 1,8"), 0)).containsExactly(32, 1, 8);
    assertThat(BatchSizes.parse(Optional.empty(), 0)).containsExactly(1, 32);
    assertThat(BatchSizes.parse(Optional.empty(), 1)).containsExactly(1);
    assertThat(BatchSizes.parse(Optional.of("1"), 1)).containsExactly(1);
  }

  @Test
  void rejectsBadLists() {
    assertThatThrownBy(() -> BatchSizes.parse(Optional.of("1,x"), 0))
        .isInstanceOf(UsageException.class)
        .hasMessage("--batch needs whole numbers separated by commas, got '1,x'");
    assertThatThrownBy(() -> BatchSizes.parse(Optional.of("1,"), 0))
        .hasMessage("--batch needs whole numbers separated by commas, got '1,'");
    assertThatThrownBy(() -> BatchSizes.parse(Optional.of("0"), 0))
        .hasMessage("--batch sizes must be at least 1, got 0");
    assertThatThrownBy(() -> BatchSizes.parse(Optional.of("4,4"), 0))
        .hasMessage("--batch lists 4 twice");
    assertThatThrownBy(() -> BatchSizes.parse(Optional.of("1,32"), 1))
        .hasMessage("--batch 32: the model's batch is fixed to 1");
  }
}
