package org.djlvulkan.backend.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.ir.GraphInput;
import org.djlvulkan.backend.ir.IrGraph;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.lower.VariantLowering;
import org.djlvulkan.backend.model.ModelException;
import org.djlvulkan.backend.model.Precision;
import org.djlvulkan.backend.passes.Passes;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.djlvulkan.testfixtures.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mutates model bytes (truncation, bit flips, length-field edits) and imports, prepares and lowers
 * each mutant (without building it on the device) for a bounded time: every outcome must be a
 * successful lowering or an {@link ModelException}; anything else (another exception, an error such
 * as an out-of-memory or a stack overflow) fails the test with the seed that reproduces it. About 5
 * seconds by default, 60 under {@code -Pslow}; {@code -Ddjl.vulkan.fuzz.seed=N} changes the
 * sequence, and {@code -Ddjl.vulkan.fuzz.mutant=N} runs the one mutant of seed N that a failure
 * names.
 */
@ExtendWith(VulkanExtension.class)
class OnnxFuzzTest {
  private static final long SEED = 20261122L;

  private static List<byte[]> corpus() throws IOException {
    List<byte[]> models = new ArrayList<>();
    Path dir = SharedFixtures.sharedDir().resolve("models");
    for (String name : List.of("squeezenet-fp16.onnx", "mobilenetv2-12-int8.onnx")) {
      Path p = dir.resolve(name);
      if (SharedFixtures.present(p)) {
        models.add(Files.readAllBytes(p));
      }
    }
    models.add(
        new OnnxWriter(13)
            .input("x", OnnxWriter.FLOAT, -1, 3, 4, 4)
            .output("y", OnnxWriter.FLOAT, -1, 2)
            .initializer("w", new float[2 * 3 * 9], 2, 3, 3, 3)
            .initializer("shape", TensorData.ofLongs(new long[] {-1, 2}, 2))
            .node("Conv", List.of("x", "w"), List.of("c"), OnnxWriter.ints("pads", 1, 1, 1, 1))
            .node("Relu", List.of("c"), List.of("r"))
            .node("GlobalAveragePool", List.of("r"), List.of("g"))
            .node("Reshape", List.of("g", "shape"), List.of("y"))
            .build());
    return models;
  }

  /** Writes a varint at {@code pos} over the existing bytes (a length field with a new value). */
  private static void writeVarint(byte[] b, int pos, long v) {
    while (pos < b.length) {
      if ((v & ~0x7fL) == 0) {
        b[pos] = (byte) v;
        return;
      }
      b[pos++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
  }

  private static byte[] mutate(byte[] model, Random r) {
    byte[] b;
    switch (r.nextInt(3)) {
      case 0:
        return Arrays.copyOf(model, r.nextInt(model.length));
      case 1:
        b = model.clone();
        // Flips concentrated in the first kilobytes, where the graph structure lives.
        int span = r.nextBoolean() ? Math.min(b.length, 4096) : b.length;
        for (int k = 1 + r.nextInt(4); k > 0; k--) {
          int pos = r.nextInt(span);
          b[pos] ^= (byte) (1 << r.nextInt(8));
        }
        return b;
      default:
        b = model.clone();
        // Find a length-delimited tag (wire type 2) and give its length a new value.
        int start = r.nextInt(Math.min(b.length, 8192));
        for (int pos = start; pos + 1 < b.length; pos++) {
          if ((b[pos] & 0x07) == 2 && (b[pos] & 0x80) == 0) {
            long[] choices = {0, 1, 0x7f, 1L << 20, 1L << 31, (1L << 32) + 3, -1L, r.nextInt(1000)};
            writeVarint(b, pos + 1, choices[r.nextInt(choices.length)]);
            break;
          }
        }
        return b;
    }
  }

  private static void loadHostSide(byte[] bytes) {
    IrGraph prepared = Passes.prepare(OnnxModels.importGraph(bytes, "fuzz.onnx", null));
    Map<String, long[]> shapes = new LinkedHashMap<>();
    for (GraphInput in : prepared.inputs()) {
      long[] d = in.dims();
      for (int i = 0; i < d.length; i++) {
        d[i] = d[i] < 0 ? 1 : d[i];
      }
      shapes.put(in.name(), d);
    }
    // Lowering packs weights and records nodes on the host; nothing is built on the device.
    VariantLowering.lower(
        prepared, new GraphBuilder(VulkanExtension.device()), shapes, Precision.AUTO);
  }

  @Test
  void mutatedModelsLoadOrFailCleanly() throws IOException {
    boolean slow = "true".equals(System.getProperty("djl.vulkan.slow"));
    long budgetNanos = (slow ? 60 : 5) * 1_000_000_000L;
    List<byte[]> models = corpus();
    // -Ddjl.vulkan.fuzz.seed=N explores another sequence of mutants.
    Random seeds = new Random(Long.getLong("djl.vulkan.fuzz.seed", SEED));
    long start = System.nanoTime();
    int runs = 0;
    int clean = 0;
    int loaded = 0;
    // -Ddjl.vulkan.fuzz.mutant=N runs the one mutant of seed N (as a failure names it).
    Long only = Long.getLong("djl.vulkan.fuzz.mutant");
    while (only != null ? runs == 0 : System.nanoTime() - start < budgetNanos) {
      runs++;
      if (loadsMutant(models, only != null ? only : seeds.nextLong())) {
        loaded++;
      } else {
        clean++;
      }
    }
    System.out.printf("[fuzz] %d mutants: %d loaded, %d clean exceptions%n", runs, loaded, clean);
    assertThat(runs).isPositive();
  }

  /**
   * Mutants that once failed otherwise (found past the default budget's reach): a convolution whose
   * geometry no int8 kernel takes (a null layout in the planning pass), and a window whose
   * attributes are shorter than its spatial axes (an index out of bounds in shape inference).
   */
  @Test
  void mutantsThatOnceFailedFailCleanly() throws IOException {
    List<byte[]> models = corpus();
    for (long seed : new long[] {-3948907949606618434L, 5227267247262612593L}) {
      loadsMutant(models, seed);
    }
  }

  /**
   * Lowers the mutant of {@code seed}: true when it loads, false on a {@link ModelException};
   * anything else fails the test, naming the seed.
   */
  private static boolean loadsMutant(List<byte[]> models, long seed) {
    Random r = new Random(seed);
    byte[] model = models.get(r.nextInt(models.size()));
    byte[] mutant = mutate(model, r);
    try {
      loadHostSide(mutant);
      return true;
    } catch (ModelException e) {
      return false;
    } catch (Throwable t) {
      throw new AssertionError(
          "mutant of seed "
              + seed
              + " failed with "
              + t.getClass().getName()
              + ": "
              + t.getMessage(),
          t);
    }
  }
}
