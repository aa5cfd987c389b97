package org.djlvulkan.backend.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.djlvulkan.backend.ir.IrGraph;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.InferenceSession;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.model.NodeTiming;
import org.djlvulkan.backend.passes.Passes;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.djlvulkan.testfixtures.SharedFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The int8 models on the int8 kernels (precision AUTO) against ONNX Runtime on the same file, run
 * with its default graph optimisation as the stored outputs were ({@link
 * OrtReference#runOptimized}: with optimisation off a QDQ file runs its operators in fp32 between
 * QuantizeLinear/DequantizeLinear pairs, a different computation from the integer kernels the file
 * is shipped for): a fresh seeded ImageNet-like input, and for ResNet50 the outputs stored with the
 * models. At least 99% of the logits must lie within one output quantization step of ONNX Runtime's
 * and none beyond four; the histogram of |diff| in steps is printed. Each model is loaded once.
 *
 * <p>The step is the scale of the last quantized tensor before the float output: from the graph
 * output, walk back through float operators with a single runtime input (a bias Add, reshapes) to
 * the DequantizeLinear that produces the floats, and take its scale.
 */
@ExtendWith(VulkanExtension.class)
class Int8ModelsTest {
  private static final Path MODELS = SharedFixtures.sharedDir().resolve("models");
  private static final Map<String, Loaded> LOADED = new HashMap<>();
  private static final String RELAYOUT = "et_vk.q8ta_relayout.default";

  /** A model loaded once: its bytes, session and output step. */
  private record Loaded(byte[] bytes, InferenceModel model, InferenceSession session, float step) {}

  private static Loaded load(String file) {
    return LOADED.computeIfAbsent(
        file,
        f -> {
          Path p = SharedFixtures.require(MODELS.resolve(f));
          try {
            byte[] bytes = Files.readAllBytes(p);
            InferenceModel m =
                OnnxModels.load(
                    VulkanExtension.device(), bytes, f, ModelOptions.DEFAULT.withProfiling(true));
            return new Loaded(bytes, m, m.newSession(), outputStep(bytes, f));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  @AfterAll
  static void close() {
    for (Loaded l : LOADED.values()) {
      l.session().close();
      l.model().close();
    }
    LOADED.clear();
  }

  /** The scale of the DequantizeLinear that produces the (first) float output. */
  static float outputStep(byte[] bytes, String name) {
    IrGraph g = Passes.prepare(OnnxModels.importGraph(bytes, name, null));
    Map<String, IrNode> producer = new HashMap<>();
    for (IrNode n : g.nodes()) {
      producer.put(n.output(), n);
    }
    String v = g.outputs().get(0).value();
    for (IrNode n = producer.get(v); n != null; n = producer.get(runtimeInput(g, n))) {
      if (n.op() == Op.DEQUANTIZE) {
        return (float) g.constants().get(n.input(1)).getDouble(0);
      }
    }
    throw new AssertionError(name + ": no DequantizeLinear before the output");
  }

  private static String runtimeInput(IrGraph g, IrNode n) {
    return n.inputs().stream()
        .filter(i -> !i.isEmpty() && !g.constants().containsKey(i))
        .findFirst()
        .orElseThrow();
  }

  /** ImageNet mean/std-normalised random pixels. */
  static HostTensor imageLike(long seed) {
    float[] mean = {0.485f, 0.456f, 0.406f};
    float[] std = {0.229f, 0.224f, 0.225f};
    Random r = new Random(seed);
    float[] x = new float[3 * 224 * 224];
    for (int i = 0; i < x.length; i++) {
      int c = i / (224 * 224);
      x[i] = (r.nextFloat() - mean[c]) / std[c];
    }
    return HostTensor.ofFloats(x, 1, 3, 224, 224);
  }

  /** Prints the |diff| histogram in steps and asserts >= 99% within 1 step and none above 4. */
  static void assertSteps(String label, float[] ours, float[] ref, float step) {
    assertThat(ours).as(label + ": length").hasSameSizeAs(ref);
    int[] hist = new int[6];
    for (int i = 0; i < ref.length; i++) {
      long steps = Math.round(Math.abs(ours[i] - ref[i]) / step);
      hist[(int) Math.min(steps, 5)]++;
    }
    System.out.printf(
        Locale.ROOT,
        "[accuracy] %-44s step %.5f |diff| in steps 0:%d 1:%d 2:%d 3:%d 4:%d >4:%d%n",
        label,
        step,
        hist[0],
        hist[1],
        hist[2],
        hist[3],
        hist[4],
        hist[5]);
    assertThat(hist[5]).as(label + ": logits more than 4 steps off").isZero();
    assertThat(hist[0] + hist[1])
        .as(label + ": logits within 1 step")
        .isGreaterThanOrEqualTo((int) Math.ceil(0.99 * ref.length));
  }

  private static float[] run(Loaded l, HostTensor in) {
    return l.session().run(List.of(in)).get(0).toFloats();
  }

  private static long relayouts(Loaded l) {
    List<NodeTiming> profile = l.session().lastProfile();
    return profile.stream().filter(t -> t.op().equals(RELAYOUT)).count();
  }

  private void checkRandomInput(String file, long seed, long maxRelayouts) {
    Loaded l = load(file);
    HostTensor in = imageLike(seed);
    float[] ours = run(l, in);
    long relayouts = relayouts(l);
    System.out.printf(Locale.ROOT, "[int8] %s: %d int8 relayout nodes%n", file, relayouts);
    float[] ref =
        OrtReference.runOptimized(l.bytes(), List.of("input"), List.of(in)).get(0).toFloats();
    assertSteps(file + " random input", ours, ref, l.step());
    assertThat(relayouts).as(file + ": relayout nodes").isLessThanOrEqualTo(maxRelayouts);
  }

  private void checkStoredData(String name) {
    Loaded l = load("resnet50/" + name + ".onnx");
    Path data = MODELS.resolve("resnet50/testdata").resolve(name);
    for (int set = 0; set < 3; set++) {
      Path dir = data.resolve("test_data_set_" + set);
      float[] ours = run(l, OnnxModels.readTensor(dir.resolve("input_0.pb")).toHostTensor());
      float[] ref = OnnxModels.readTensor(dir.resolve("output_0.pb")).toFloats();
      assertSteps(name + " stored set " + set, ours, ref, l.step());
    }
  }

  @Test
  void resnet50QdqMatchesOnnxRuntime() {
    checkRandomInput("resnet50/resnet50-int8-qdq.onnx", 41, 0);
  }

  @Test
  void resnet50QopMatchesOnnxRuntime() {
    checkRandomInput("resnet50/resnet50-int8-qop.onnx", 42, 0);
  }

  @Test
  void resnet50QdqMatchesStoredOutputs() {
    checkStoredData("resnet50-int8-qdq");
  }

  @Test
  void resnet50QopMatchesStoredOutputs() {
    checkStoredData("resnet50-int8-qop");
  }

  @Test
  void mobilenetV2MatchesOnnxRuntime() {
    checkRandomInput("mobilenetv2-12-int8.onnx", 43, 0);
  }
}
