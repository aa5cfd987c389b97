package org.djlvulkan.tools.testcase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code test_data_set_N} folder: the serialized input and expected output tensors, by
 * position.
 *
 * @param dir the folder
 * @param inputs {@code input_0.pb}, {@code input_1.pb}, ... in order
 * @param outputs {@code output_0.pb}, {@code output_1.pb}, ... in order
 */
public record TestDataSet(Path dir, List<Path> inputs, List<Path> outputs) {
  /** Copies the lists. */
  public TestDataSet {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /**
   * Reads a data set folder: {@code input_N.pb} and {@code output_N.pb} numbered from 0 without
   * gaps.
   *
   * @param dir the folder
   * @return the data set
   */
  public static TestDataSet of(Path dir) {
    return new TestDataSet(dir, numbered(dir, "input_"), numbered(dir, "output_"));
  }

  private static List<Path> numbered(Path dir, String prefix) {
    List<Path> files = new ArrayList<>();
    for (int i = 0; Files.isRegularFile(dir.resolve(prefix + i + ".pb")); i++) {
      files.add(dir.resolve(prefix + i + ".pb"));
    }
    return files;
  }
}
