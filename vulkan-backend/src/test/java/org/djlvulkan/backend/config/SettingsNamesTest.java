package org.djlvulkan.backend.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The settings' names follow one rule, and each stands in the README under both names. */
class SettingsNamesTest {
  @Test
  void namesFollowTheRule() {
    assertThat(Settings.SPLIT_K.environmentVariable()).isEqualTo("DJL_VULKAN_SPLIT_K");
    assertThat(Settings.SPLIT_K.systemProperty()).isEqualTo("djl.vulkan.split.k");
    assertThat(Settings.CACHE_DIR.systemProperty()).isEqualTo("djl.vulkan.cache.dir");
  }

  @Test
  void everySettingIsInTheJavadocTable() throws IOException {
    String source =
        Files.readString(Path.of("src/main/java/org/djlvulkan/backend/config/Settings.java"));
    for (Settings s : Settings.values()) {
      assertThat(source)
          .as("Settings' table row of %s", s)
          .contains("<td>" + s.environmentVariable() + "</td><td>" + s.systemProperty() + "</td>");
    }
  }
}
