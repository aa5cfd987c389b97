package org.djlvulkan.cli.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.djlvulkan.zoo.translator.RankedClass;
import org.junit.jupiter.api.Test;

class ClassificationReportTest {
  @Test
  void printsThePathTheRankedClassesAndTheTime() {
    String text =
        ClassificationReport.format(
            "images/chelsea.png",
            List.of(
                new RankedClass(285, "Egyptian cat", 0.81234),
                new RankedClass(281, "tabby, tabby cat", 0.1),
                new RankedClass(7, "cock", 0.000049)),
            12.3456);
    assertThat(text)
        .isEqualTo(
            "images/chelsea.png\n"
                + "  1. Egyptian cat (285) 0.8123\n"
                + "  2. tabby, tabby cat (281) 0.1000\n"
                + "  3. cock (7) 0.0000\n"
                + "  time: 12.35 ms\n");
  }
}
