package org.djlvulkan.backend.lower;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.djlvulkan.backend.frontend.executorch.ExecuTorchImporter;
import org.djlvulkan.backend.frontend.executorch.PteFile;
import org.djlvulkan.backend.frontend.onnx.GraphImporter;
import org.djlvulkan.backend.frontend.onnx.OnnxModels;
import org.djlvulkan.backend.frontend.onnx.proto.OnnxDecoder;
import org.djlvulkan.backend.ir.GraphInput;
import org.djlvulkan.backend.ir.IrGraph;
import org.djlvulkan.backend.model.ModelException;
import org.djlvulkan.backend.passes.Passes;
import org.djlvulkan.testfixtures.SharedFixtures;

/**
 * The graphs the lowering's oracle tests run over, prepared as a compiled model prepares them: the
 * shared models (ONNX and ExecuTorch), the ExecuTorch operator fixtures and ONNX's own backend node
 * tests (where Debian's {@code libonnx-testdata} is installed), each with the shapes of its inputs.
 */
final class LoweringCorpus {
  private static final Path NODE_TESTS =
      Path.of(System.getProperty("onnx.testdata.dir", "/usr/share/libonnx-testdata/data"), "node");

  /**
   * A prepared graph with the shapes it is lowered for.
   *
   * @param name names it in messages
   * @param ir the prepared graph
   * @param inputs the shape of each run-time input, by name
   */
  record Case(String name, IrGraph ir, Map<String, long[]> inputs) {}

  private LoweringCorpus() {}

  /** Returns the shared models (not the programs for other ExecuTorch backends), batch 1. */
  static List<Case> sharedModels() throws IOException {
    List<Case> cases = new ArrayList<>();
    try (Stream<Path> s = Files.walk(SharedFixtures.models())) {
      for (Path f :
          s.filter(p -> p.toString().endsWith(".onnx") || p.toString().endsWith(".pte"))
              .filter(p -> !p.toString().contains("xnnpack") && !p.toString().contains("portable"))
              .sorted()
              .toList()) {
        IrGraph ir = prepared(f);
        cases.add(new Case(f.getFileName().toString(), ir, batch(ir, 1)));
      }
    }
    return cases;
  }

  /** Returns the ExecuTorch operator fixtures of the test resources. */
  static List<Case> executorchFixtures() throws IOException {
    Path dir;
    try {
      dir = Path.of(LoweringCorpus.class.getResource("/pte").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    List<Case> cases = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.filter(p -> p.toString().endsWith(".pte")).sorted().toList()) {
        IrGraph ir = prepared(f);
        cases.add(new Case(f.getFileName().toString(), ir, batch(ir, 1)));
      }
    }
    return cases;
  }

  /**
   * Returns ONNX's backend node tests that import here, with the shapes of their test data; empty
   * where the test data is not installed.
   */
  static List<Case> onnxNodeTests() throws IOException {
    List<Case> cases = new ArrayList<>();
    if (!Files.isDirectory(NODE_TESTS)) {
      return cases;
    }
    try (Stream<Path> s = Files.list(NODE_TESTS)) {
      for (Path dir : s.sorted().toList()) {
        Path model = dir.resolve("model.onnx");
        Path data = dir.resolve("test_data_set_0");
        if (!Files.isRegularFile(model) || !Files.isDirectory(data)) {
          continue;
        }
        try {
          IrGraph ir = prepared(model);
          cases.add(new Case(dir.getFileName().toString(), ir, fedShapes(ir, data)));
        } catch (ModelException | UncheckedIOException e) {
          // Not importable here: the conformance test reports these.
        }
      }
    }
    return cases;
  }

  /** Returns whether ONNX's node tests are installed. */
  static boolean hasNodeTests() {
    return Files.isDirectory(NODE_TESTS);
  }

  /** Imports and prepares a model file. */
  static IrGraph prepared(Path file) throws IOException {
    IrGraph imported;
    if (file.toString().endsWith(".pte")) {
      imported = ExecuTorchImporter.importProgram(PteFile.open(file));
    } else {
      byte[] bytes = Files.readAllBytes(file);
      imported =
          GraphImporter.importModel(
              OnnxDecoder.decodeModel(bytes, file.toString()), file.toString(), file.getParent());
    }
    return Passes.prepare(imported);
  }

  /** Returns the declared input shapes with dynamic dimensions as 1 and the batch as given. */
  static Map<String, long[]> batch(IrGraph ir, long n) {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    for (GraphInput in : ir.inputs()) {
      long[] s = Arrays.stream(in.dims()).map(d -> d < 0 ? 1 : d).toArray();
      if (s.length > 0) {
        s[0] = n;
      }
      shapes.put(in.name(), s);
    }
    return shapes;
  }

  /** The shapes of a node test's inputs, from its test data ({@code input_K.pb} in input order). */
  private static Map<String, long[]> fedShapes(IrGraph ir, Path data) {
    Map<String, long[]> shapes = batch(ir, 1);
    for (int k = 0; k < ir.inputs().size(); k++) {
      Path f = data.resolve("input_" + k + ".pb");
      if (Files.isRegularFile(f)) {
        shapes.put(ir.inputs().get(k).name(), OnnxModels.readTensor(f).shape());
      }
    }
    return shapes;
  }
}
