package org.djlvulkan.tools.testcase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One ONNX backend test case: a folder holding {@code model.onnx} and one or more {@code
 * test_data_set_*} folders.
 *
 * @param name the folder's name, such as {@code test_conv_with_strides_padding}
 * @param dir the folder
 */
public record OnnxTestCase(String name, Path dir) {
  /** The model file's name inside a case folder. */
  public static final String MODEL_FILE = "model.onnx";

  /**
   * Returns the case in a folder.
   *
   * @param dir the case folder
   * @return the case
   * @throws IllegalArgumentException when the folder has no {@code model.onnx}
   */
  public static OnnxTestCase of(Path dir) {
    if (!Files.isRegularFile(dir.resolve(MODEL_FILE))) {
      throw new IllegalArgumentException("not an ONNX test case (no " + MODEL_FILE + "): " + dir);
    }
    return new OnnxTestCase(dir.getFileName().toString(), dir);
  }

  /** Returns the model file. */
  public Path model() {
    return dir.resolve(MODEL_FILE);
  }

  /**
   * Returns the data sets in name order.
   *
   * @return the data sets; empty when the folder has none
   * @throws UncheckedIOException when the folder cannot be listed
   */
  public List<TestDataSet> dataSets() {
    List<TestDataSet> sets = new ArrayList<>();
    for (Path d : sortedChildren(dir)) {
      if (Files.isDirectory(d) && d.getFileName().toString().startsWith("test_data_set_")) {
        sets.add(TestDataSet.of(d));
      }
    }
    return sets;
  }

  /**
   * Returns the cases directly under a suite folder whose names start with one of the prefixes, in
   * name order.
   *
   * @param suite a folder of case folders, such as {@code .../data/node}
   * @param prefixes folder-name prefixes
   * @return the matching cases
   * @throws UncheckedIOException when the folder cannot be listed
   */
  public static List<OnnxTestCase> select(Path suite, List<String> prefixes) {
    List<OnnxTestCase> cases = new ArrayList<>();
    for (Path d : sortedChildren(suite)) {
      String name = d.getFileName().toString();
      if (prefixes.stream().anyMatch(p -> matches(name, p))
          && Files.isRegularFile(d.resolve(MODEL_FILE))) {
        cases.add(of(d));
      }
    }
    return cases;
  }

  /** Whether a case folder's name matches a selection: a prefix, or a whole name ending in $. */
  private static boolean matches(String name, String selection) {
    return selection.endsWith("$")
        ? name.equals(selection.substring(0, selection.length() - 1))
        : name.startsWith(selection);
  }

  static List<Path> sortedChildren(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
