package org.djlvulkan.backend.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The backend's packages depend one way (docs/architecture.md): read from the imports of the main
 * sources, the graph of layers has no cycle, the public API's types ({@code model}) and the Vulkan
 * errors import no other layer, and the IR imports no op library, lowering or device code. A layer
 * is a package below {@code org.djlvulkan.backend} with its sub-packages ({@code ops.fp} is {@code
 * ops}), except {@code vk.errors}, the layer below the device.
 */
class PackageDependenciesTest {
  private static final Path SOURCES = Path.of("src/main/java/org/djlvulkan/backend");
  private static final Pattern IMPORT =
      Pattern.compile(
          "^import (?:static )?org\\.djlvulkan\\.backend\\.([a-z.]+)\\.[A-Z]", Pattern.MULTILINE);

  @Test
  void layersFormNoCycle() throws IOException {
    Map<String, Set<String>> edges = edges();
    List<String> cycle = findCycle(edges);
    assertThat(cycle).as("a cycle among the backend's layers, with %s", edges).isEmpty();
  }

  @Test
  void lowLayersImportOnlyWhatIsBelowThem() throws IOException {
    Map<String, Set<String>> edges = edges();
    assertThat(edges.getOrDefault("model", Set.of())).as("model").isEmpty();
    assertThat(edges.getOrDefault("vk.errors", Set.of())).as("vk.errors").isEmpty();
    assertThat(edges.getOrDefault("memory", Set.of())).as("memory").containsOnly("vk.errors");
    assertThat(edges.getOrDefault("ir", Set.of()))
        .as("ir")
        .doesNotContain("ops", "lower", "graph", "vk", "frontend", "passes");
  }

  private static String layer(String pkg) {
    return pkg.startsWith("vk.errors") ? "vk.errors" : pkg.split("\\.")[0];
  }

  private static Map<String, Set<String>> edges() throws IOException {
    Map<String, Set<String>> edges = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(SOURCES)) {
      files = s.filter(p -> p.toString().endsWith(".java")).toList();
    }
    assertThat(files).as("main sources under %s", SOURCES.toAbsolutePath()).isNotEmpty();
    for (Path f : files) {
      Path rel = SOURCES.relativize(f.getParent());
      if (rel.toString().isEmpty()) {
        continue;
      }
      String from = layer(rel.toString().replace('/', '.'));
      Matcher m = IMPORT.matcher(Files.readString(f));
      while (m.find()) {
        String to = layer(m.group(1));
        if (!to.equals(from)) {
          edges.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
        }
      }
    }
    return edges;
  }

  /** Returns one cycle of the graph as its layers in order, or an empty list. */
  private static List<String> findCycle(Map<String, Set<String>> edges) {
    Map<String, Integer> state = new TreeMap<>();
    for (String start : edges.keySet()) {
      List<String> path = new ArrayList<>();
      if (visit(start, edges, state, path)) {
        return path;
      }
    }
    return List.of();
  }

  private static boolean visit(
      String node, Map<String, Set<String>> edges, Map<String, Integer> state, List<String> path) {
    int s = state.getOrDefault(node, 0);
    if (s == 2) {
      return false;
    }
    path.add(node);
    if (s == 1) {
      return true;
    }
    state.put(node, 1);
    for (String next : edges.getOrDefault(node, Set.of())) {
      if (visit(next, edges, state, path)) {
        return true;
      }
    }
    state.put(node, 2);
    path.remove(path.size() - 1);
    return false;
  }
}
