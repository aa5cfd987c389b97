package org.djlvulkan.backend.config;

import java.util.Locale;

/**
 * A value of a setting that takes one of a few words: implemented by the enums of {@link
 * KernelPolicy}, so that {@link Settings#choice} reads a setting's meaning from the enum alone.
 */
public interface SettingWord {
  /**
   * Returns the enum constant's name (implemented by every enum).
   *
   * @return the name
   */
  String name();

  /**
   * Returns the word that selects this value: by default the name in lower case with hyphens for
   * underscores ({@code TWO_PASS} is {@code two-pass}).
   *
   * @return the word
   */
  default String word() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
