package org.djlvulkan.backend.lower;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.djlvulkan.backend.frontend.executorch.ExecuTorchImporter;
import org.djlvulkan.backend.frontend.executorch.PteFile;
import org.djlvulkan.backend.frontend.onnx.GraphImporter;
import org.djlvulkan.backend.frontend.onnx.OnnxModels;
import org.djlvulkan.backend.frontend.onnx.proto.OnnxDecoder;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.ir.GraphInput;
import org.djlvulkan.backend.ir.IrGraph;
import org.djlvulkan.backend.model.ModelException;
import org.djlvulkan.backend.model.Precision;
import org.djlvulkan.backend.passes.Passes;
import org.djlvulkan.backend.passes.ShapeInference;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.djlvulkan.testfixtures.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Shape inference gives every value the shape the lowering gives it: the lowering is the oracle, on
 * the shared models (ONNX and ExecuTorch), the ExecuTorch operator fixtures and ONNX's own backend
 * node tests (where Debian's {@code libonnx-testdata} is installed).
 */
@ExtendWith(VulkanExtension.class)
class ShapeInferenceTest {
  private static final Path NODE_TESTS =
      Path.of(System.getProperty("onnx.testdata.dir", "/usr/share/libonnx-testdata/data"), "node");

  @Test
  void theSharedModelsValuesHaveTheShapesTheLoweringGives() throws Exception {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(SharedFixtures.models())) {
      s.filter(p -> p.toString().endsWith(".onnx") || p.toString().endsWith(".pte"))
          .filter(p -> !p.toString().contains("xnnpack") && !p.toString().contains("portable"))
          .sorted()
          .forEach(files::add);
    }
    assertThat(files).hasSizeGreaterThan(6);
    Tally t = new Tally();
    for (Path f : files) {
      t.check(f.toString(), prepared(f), Map.of(), Precision.AUTO);
    }
    IrGraph resnet = prepared(SharedFixtures.model("resnet50/resnet50-int8-qdq.onnx"));
    t.check("resnet50 int8 fp32 mode", resnet, Map.of(), Precision.FP32);
    t.check("resnet50 int8 batch 3", resnet, batch(resnet, 3), Precision.AUTO);
    t.assertAgreed(700);
  }

  @Test
  void theExecuTorchFixturesValuesHaveTheShapesTheLoweringGives() throws Exception {
    Path dir = Path.of(ShapeInferenceTest.class.getResource("/pte").toURI());
    Tally t = new Tally();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.filter(p -> p.toString().endsWith(".pte")).sorted().toList()) {
        t.check(f.getFileName().toString(), prepared(f), Map.of(), Precision.AUTO);
      }
    }
    t.assertAgreed(200);
  }

  @Test
  void onnxNodeTestsValuesHaveTheShapesTheLoweringGives() throws IOException {
    if (!Files.isDirectory(NODE_TESTS)) {
      assertThat(SharedFixtures.underCi()).as("libonnx-testdata is installed in CI").isFalse();
      return;
    }
    Tally t = new Tally();
    try (Stream<Path> s = Files.list(NODE_TESTS)) {
      for (Path dir : s.sorted().toList()) {
        Path model = dir.resolve("model.onnx");
        Path data = dir.resolve("test_data_set_0");
        if (!Files.isRegularFile(model) || !Files.isDirectory(data)) {
          continue;
        }
        IrGraph ir;
        try {
          ir = prepared(model);
        } catch (ModelException | UncheckedIOException e) {
          continue; // not importable here: the conformance test reports these
        }
        t.check(dir.getFileName().toString(), ir, fedShapes(ir, data), Precision.AUTO);
      }
    }
    t.assertAgreed(1000);
  }

  /** Counts the values compared and collects the disagreements. */
  private static final class Tally {
    private final List<String> mismatches = new ArrayList<>();
    private int agreed;

    void check(String name, IrGraph ir, Map<String, long[]> inputs, Precision precision) {
      Map<String, long[]> shapes = new LinkedHashMap<>(inputs);
      for (GraphInput in : ir.inputs()) {
        shapes.computeIfAbsent(in.name(), k -> declared(in));
      }
      Map<String, long[]> lowered;
      try {
        lowered =
            VariantLowering.loweredShapes(
                ir, new GraphBuilder(VulkanExtension.device()), shapes, precision);
      } catch (RuntimeException e) {
        throw new AssertionError(name + ": " + e, e);
      }
      ShapeInference.Result inferred = ShapeInference.infer(ir, shapes);
      Set<String> values = new HashSet<>(shapes.keySet());
      ir.nodes().forEach(n -> values.addAll(n.outputs()));
      lowered.forEach(
          (value, shape) -> {
            if (ir.isConstant(value) || !values.contains(value)) {
              return; // a graph constant, or a value the lowering made for itself
            }
            long[] s = inferred.shape(value);
            if (Arrays.equals(s, shape)) {
              agreed++;
            } else {
              mismatches.add(
                  name
                      + ": "
                      + value
                      + " lowered "
                      + Arrays.toString(shape)
                      + ", inferred "
                      + Arrays.toString(s)
                      + (s == null ? " " + inferred.unknown() : ""));
            }
          });
    }

    void assertAgreed(int atLeast) {
      System.out.println("shape inference: " + agreed + " values agree with the lowering");
      assertThat(mismatches).isEmpty();
      assertThat(agreed).isGreaterThanOrEqualTo(atLeast);
    }
  }

  private static IrGraph prepared(Path file) throws IOException {
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

  private static long[] declared(GraphInput in) {
    return Arrays.stream(in.dims()).map(d -> d < 0 ? 1 : d).toArray();
  }

  private static Map<String, long[]> batch(IrGraph ir, long n) {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    for (GraphInput in : ir.inputs()) {
      long[] s = declared(in);
      s[0] = n;
      shapes.put(in.name(), s);
    }
    return shapes;
  }

  /** The shapes of a node test's inputs, from its test data ({@code input_K.pb} in input order). */
  private static Map<String, long[]> fedShapes(IrGraph ir, Path data) {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    for (int k = 0; k < ir.inputs().size(); k++) {
      Path f = data.resolve("input_" + k + ".pb");
      if (Files.isRegularFile(f)) {
        shapes.put(ir.inputs().get(k).name(), OnnxModels.readTensor(f).shape());
      }
    }
    return shapes;
  }
}
