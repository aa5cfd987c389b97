package org.djlvulkan.it.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.djlvulkan.it.conformance.ConformanceSelection.SelectedCase;
import org.djlvulkan.testfixtures.SharedFixtures;
import org.djlvulkan.tools.testcase.CaseResult;
import org.djlvulkan.tools.testcase.TestCaseRunner;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the ONNX backend node tests of the operators the engine claims ({@code
 * conformance/selection.txt}) and fails on any wrong answer. A case the importer reports as
 * unsupported is a skip only when {@code conformance/expected-skips.txt} lists it with the same
 * reason, so a new skip, a changed reason and a skip that starts passing are all noticed. Without
 * the test data ({@code apt-get install libonnx-testdata}) the test is skipped, or fails under
 * {@code CI=true}. With {@code -Ddjl.vulkan.docs.write=true} it also writes the results into {@code
 * docs/conformance.md} ({@link ConformanceReport}).
 */
@ExtendWith(VulkanExtension.class)
class OnnxConformanceTest {
  /** Where Debian's libonnx-testdata puts the suites; {@code -Donnx.testdata.dir} overrides it. */
  private static final Path DATA =
      Path.of(System.getProperty("onnx.testdata.dir", "/usr/share/libonnx-testdata/data"));

  @Test
  void selectedNodeTestsPassOrSkipAsDocumented() throws IOException {
    ConformanceSelection selection = ConformanceSelection.load();
    for (String suite : selection.suites()) {
      requireData(DATA.resolve(suite));
    }
    TestCaseRunner runner = new TestCaseRunner(VulkanExtension.device());
    TestCaseRunner.header().forEach(line -> System.out.println("# " + line));
    Map<String, String> skips = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    int passed = 0;
    ConformanceReport report = new ConformanceReport();
    for (SelectedCase c : selection.cases(DATA)) {
      CaseResult r = runner.run(c.testCase());
      report.add(c.op(), c.suite(), r);
      System.out.println(c.op() + " " + r.line());
      switch (r.status()) {
        case PASSED:
          passed++;
          break;
        case FAILED:
          failures.add(r.line());
          break;
        default:
          skips.put(r.name(), r.detail());
      }
    }
    System.out.println(
        passed + " passed, " + failures.size() + " failed, " + skips.size() + " skipped");
    if (Boolean.getBoolean("djl.vulkan.docs.write")) {
      report.writeInto(Path.of("..", "docs", "conformance.md"));
    }

    assertThat(failures).as("failed cases").isEmpty();
    assertThat(skips).as("skips vs conformance/expected-skips.txt").isEqualTo(expectedSkips());
  }

  private static Map<String, String> expectedSkips() {
    Map<String, String> skips = new LinkedHashMap<>();
    for (String line : ConformanceSelection.Resources.lines("conformance/expected-skips.txt")) {
      int tab = line.indexOf('\t');
      if (tab < 0) {
        throw new IllegalStateException(
            "expected-skips.txt: expected '<case>\\t<reason>': " + line);
      }
      skips.put(line.substring(0, tab), line.substring(tab + 1));
    }
    return skips;
  }

  private static void requireData(Path suite) {
    if (Files.isDirectory(suite)) {
      return;
    }
    String problem = "no ONNX test data at " + suite + " (apt-get install libonnx-testdata)";
    if (SharedFixtures.underCi()) {
      throw new AssertionError("CI=true: " + problem);
    }
    Assumptions.abort(problem);
  }
}
