package org.djlvulkan.zoo.translator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynsetTest {
  @TempDir Path dir;

  private Path file(String text) throws IOException {
    return Files.writeString(dir.resolve("synset.txt"), text);
  }

  @Test
  void dropsWordNetIdsAndTrailingBlankLines() throws IOException {
    Path f = file("n01440764 tench, Tinca tinca\nn02124075 Egyptian cat\r\nplain label\n\n\n");
    assertThat(Synset.load(f)).containsExactly("tench, Tinca tinca", "Egyptian cat", "plain label");
  }

  @Test
  void keepsLabelsThatOnlyLookLikeIds() {
    assertThat(Synset.label("n0144 short id")).isEqualTo("n0144 short id");
    assertThat(Synset.label("n01440764")).isEqualTo("n01440764");
  }

  @Test
  void rejectsEmptyFilesAndBlankLinesBetweenLabels() throws IOException {
    Path empty = file("\n\n");
    assertThatThrownBy(() -> Synset.load(empty))
        .hasMessage("synset file " + empty + " has no labels");
    Path gap = file("a\n\nb\n");
    assertThatThrownBy(() -> Synset.load(gap))
        .hasMessage("synset file " + gap + ": line 2 is blank");
  }
}
