package org.djlvulkan.backend.testing;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import org.djlvulkan.backend.graph.ComputeGraph;
import org.djlvulkan.backend.graph.ExecutionContext;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ops.int8.QuantizedLayoutOps;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.QuantParams;
import org.djlvulkan.backend.tensor.TensorSpec;

/**
 * Runs quantized ops on given int8 data: each input is an I8 NCHW graph input packed by {@link
 * QuantizedLayoutOps#fromBytes}, the body adds the ops under test, and the result's raw words are
 * read back (padding included).
 */
public final class Int8Runner {
  private Int8Runner() {}

  /**
   * An int8 input.
   *
   * @param shape its dimensions (rank at most 4)
   * @param values NCHW int8 values
   * @param quant its quantization
   * @param layout the packed layout the body gets
   */
  public record Input(long[] shape, int[] values, QuantParams quant, Layout layout) {}

  /**
   * The result of a run.
   *
   * @param words the output's buffer region as 32-bit words
   * @param spec the output's description
   */
  public record Output(int[] words, TensorSpec spec) {
    /** Returns the words as floats (for F32 outputs). */
    public float[] floats() {
      float[] f = new float[words.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = Float.intBitsToFloat(words[i]);
      }
      return f;
    }
  }

  /**
   * Builds, runs and closes a graph on packed int8 inputs.
   *
   * @param inputs the inputs
   * @param body adds the ops; gets the packed inputs, returns the value to read back
   * @return the output
   */
  public static Output run(List<Input> inputs, BiFunction<GraphBuilder, List<Value>, Value> body) {
    return run(inputs, body, 1);
  }

  /**
   * Builds a graph on packed int8 inputs, runs its context several times and checks that every run
   * reads back the same words (what a run leaves in the context, such as split-K tile counters and
   * sums, may not change the next run), then closes it. Before each run after the first, a run on
   * other inputs (every code's bits flipped) must read back other words: a run that wrote no output
   * (a tile counter left past its last workgroup) would otherwise read back the first run's words
   * and pass.
   *
   * @param inputs the inputs
   * @param body adds the ops; gets the packed inputs, returns the value to read back
   * @param runs how many times to run, at least 1
   * @return the output of the first run
   */
  public static Output run(
      List<Input> inputs, BiFunction<GraphBuilder, List<Value>, Value> body, int runs) {
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    List<Value> packed = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Input in = inputs.get(i);
      Value raw = g.input("x" + i, TensorSpec.of(DType.I8, Layout.NCHW, in.shape()));
      packed.add(QuantizedLayoutOps.fromBytes(g, raw, in.quant(), in.layout()));
    }
    Value out = body.apply(g, packed);
    g.output("y", out);
    try (ComputeGraph graph = g.build();
        ExecutionContext ctx = graph.newContext()) {
      for (int i = 0; i < inputs.size(); i++) {
        ctx.write("x" + i, bytes(inputs.get(i).values()));
      }
      int[] first = runOnce(ctx);
      for (int r = 1; r < runs; r++) {
        for (int i = 0; i < inputs.size(); i++) {
          ctx.write("x" + i, bytes(flipped(inputs.get(i).values())));
        }
        if (Arrays.equals(first, runOnce(ctx))) {
          throw new AssertionError(
              "run " + (r + 1) + " on other inputs read back the words of run 1");
        }
        for (int i = 0; i < inputs.size(); i++) {
          ctx.write("x" + i, bytes(inputs.get(i).values()));
        }
        if (!Arrays.equals(first, runOnce(ctx))) {
          throw new AssertionError("run " + (r + 1) + " read back other words than run 1");
        }
      }
      return new Output(first, out.spec());
    }
  }

  private static int[] runOnce(ExecutionContext ctx) {
    ctx.run();
    IntBuffer ints = ctx.read("y").asIntBuffer();
    int[] words = new int[ints.remaining()];
    ints.get(words);
    return words;
  }

  /** The values with every bit of their low 8 flipped: other codes, the same count. */
  private static int[] flipped(int[] values) {
    int[] f = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      f[i] = values[i] ^ 0xFF;
    }
    return f;
  }

  /**
   * Returns 8-bit values as bytes (the low 8 bits of each).
   *
   * @param values int8 or uint8 values
   * @return the bytes
   */
  public static ByteBuffer bytes(int[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length);
    for (int v : values) {
      b.put((byte) v);
    }
    return b.flip();
  }

  /**
   * Returns the 4-D dimensions of a shape (trailing 1s for lower ranks).
   *
   * @param shape the dimensions
   * @return N, C, H, W
   */
  public static int[] dims4(long[] shape) {
    int[] d = {1, 1, 1, 1};
    for (int i = 0; i < shape.length; i++) {
      d[i] = Math.toIntExact(shape[i]);
    }
    return d;
  }
}
