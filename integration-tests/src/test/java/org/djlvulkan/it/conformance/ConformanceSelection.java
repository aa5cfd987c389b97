package org.djlvulkan.it.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.djlvulkan.tools.testcase.OnnxTestCase;

/**
 * The cases the conformance test runs, read from the resource {@code conformance/selection.txt}:
 * lines of {@code <operator> <suite> <prefix>}.
 */
final class ConformanceSelection {
  /** One selected case with the operator it tests. */
  record SelectedCase(String op, String suite, OnnxTestCase testCase) {}

  private record Entry(String op, String suite, String prefix) {}

  private final List<Entry> entries;

  private ConformanceSelection(List<Entry> entries) {
    this.entries = entries;
  }

  /** Reads the resource. */
  static ConformanceSelection load() {
    List<Entry> entries = new ArrayList<>();
    for (String line : Resources.lines("conformance/selection.txt")) {
      String[] f = line.split("\\s+");
      if (f.length != 3) {
        throw new IllegalStateException("selection.txt: expected '<op> <suite> <prefix>': " + line);
      }
      entries.add(new Entry(f[0], f[1], f[2]));
    }
    return new ConformanceSelection(entries);
  }

  /** Returns the suite folders the selection names, such as {@code node}. */
  List<String> suites() {
    return entries.stream().map(Entry::suite).distinct().toList();
  }

  /**
   * Returns the selected cases under a data root, in selection order; fails when a line selects
   * nothing (a renamed folder must not shrink the suite silently).
   */
  List<SelectedCase> cases(Path dataRoot) {
    List<SelectedCase> cases = new ArrayList<>();
    for (Entry e : entries) {
      List<OnnxTestCase> found =
          OnnxTestCase.select(dataRoot.resolve(e.suite()), List.of(e.prefix()));
      if (found.isEmpty()) {
        throw new IllegalStateException(
            "selection.txt: no case in "
                + dataRoot.resolve(e.suite())
                + " starts with "
                + e.prefix());
      }
      for (OnnxTestCase c : found) {
        cases.add(new SelectedCase(e.op(), e.suite(), c));
      }
    }
    return cases;
  }

  /** Reads the non-blank, non-comment lines of class-path resources. */
  static final class Resources {
    private Resources() {}

    static List<String> lines(String name) {
      InputStream in = ConformanceSelection.class.getClassLoader().getResourceAsStream(name);
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      List<String> lines = new ArrayList<>();
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          if (!line.isBlank() && !line.startsWith("#")) {
            lines.add(line.strip());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(name, e);
      }
      return lines;
    }
  }
}
