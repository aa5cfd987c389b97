package org.djlvulkan.zoo.translator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Class labels from a synset file: one label per line in class-index order. A leading WordNet id
 * ({@code n01440764 tench, Tinca tinca}) is dropped, so the label is {@code tench, Tinca tinca};
 * trailing blank lines are ignored.
 */
public final class Synset {
  private static final Pattern WORDNET_ID = Pattern.compile("n\\d{8} (.+)");

  private Synset() {}

  /**
   * Reads the labels of a synset file.
   *
   * @param file the file, UTF-8
   * @return the labels, index by index
   * @throws IOException when the file cannot be read, has no label, or has a blank line between
   *     labels (which would shift every later index)
   */
  public static List<String> load(Path file) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines.remove(lines.size() - 1);
    }
    if (lines.isEmpty()) {
      throw new IOException("synset file " + file + " has no labels");
    }
    List<String> labels = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        throw new IOException("synset file " + file + ": line " + (i + 1) + " is blank");
      }
      labels.add(label(line));
    }
    return List.copyOf(labels);
  }

  /**
   * Returns a synset line without its WordNet id.
   *
   * @param line such as {@code n02124075 Egyptian cat}
   * @return such as {@code Egyptian cat}; a line without an id as it is
   */
  public static String label(String line) {
    Matcher m = WORDNET_ID.matcher(line);
    return m.matches() ? m.group(1) : line;
  }
}
