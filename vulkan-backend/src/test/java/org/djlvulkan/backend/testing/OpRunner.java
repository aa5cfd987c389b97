package org.djlvulkan.backend.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.djlvulkan.backend.graph.ComputeGraph;
import org.djlvulkan.backend.graph.ExecutionContext;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ops.LayoutOps;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;

/**
 * Runs ops on NC4HW4 values built from F32 NCHW inputs and reads the result back both as NCHW and
 * as raw NC4HW4, checking that the result's padded channel lanes are zero.
 */
public final class OpRunner {
  private OpRunner() {}

  /**
   * The result of a run.
   *
   * @param nchw the result converted to NCHW
   * @param spec the result's description
   */
  public record Result(float[] nchw, TensorSpec spec) {}

  /**
   * Builds, runs and closes a graph: inputs {@code x0, x1, ...} go through {@code toNc4hw4}, the
   * body adds the ops under test, the NC4HW4 result is read back.
   *
   * @param shapes input shapes
   * @param inputs input values, NCHW
   * @param body adds the ops; gets the NC4HW4 inputs
   * @return the result
   */
  public static Result run(
      List<long[]> shapes,
      List<float[]> inputs,
      BiFunction<GraphBuilder, List<Value>, Value> body) {
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    List<Value> packed = new ArrayList<>();
    for (int i = 0; i < shapes.size(); i++) {
      packed.add(
          LayoutOps.toNc4hw4(
              g, g.input("x" + i, TensorSpec.of(DType.F32, Layout.NCHW, shapes.get(i)))));
    }
    Value out = body.apply(g, packed);
    g.output("y", LayoutOps.toNchwOutput(g, out));
    g.output("packed", out);
    try (ComputeGraph graph = g.build();
        ExecutionContext ctx = graph.newContext()) {
      for (int i = 0; i < inputs.size(); i++) {
        ctx.write("x" + i, inputs.get(i));
      }
      ctx.run();
      assertPaddingZero(ctx.readFloats("packed"), out.spec());
      return new Result(ctx.readFloats("y"), out.spec());
    }
  }

  /**
   * Runs a one-input graph.
   *
   * @param shape input shape
   * @param input input values, NCHW
   * @param body adds the ops; gets the NC4HW4 input
   * @return the result
   */
  public static Result run(
      long[] shape, float[] input, BiFunction<GraphBuilder, Value, Value> body) {
    return run(List.of(shape), List.of(input), (g, in) -> body.apply(g, in.get(0)));
  }

  /**
   * Asserts that the padded channel lanes of an NC4HW4 tensor are zero.
   *
   * @param packed the NC4HW4 floats
   * @param spec its description
   */
  public static void assertPaddingZero(float[] packed, TensorSpec spec) {
    int c = spec.c();
    int c4s = (c + 3) / 4;
    int plane = spec.h() * spec.w();
    for (int n = 0; n < spec.n(); n++) {
      for (int lane = c; lane < c4s * 4; lane++) {
        for (int p = 0; p < plane; p++) {
          float v = packed[((n * c4s + lane / 4) * plane + p) * 4 + lane % 4];
          if (v != 0f) {
            assertThat(v)
                .as("padded lane: channel %d of %d at n=%d, position %d", lane, c, n, p)
                .isZero();
          }
        }
      }
    }
  }

  /**
   * Returns uniform random floats in {@code [-4, 4)}.
   *
   * @param count how many
   * @param seed the seed
   * @return the values
   */
  public static float[] random(long count, long seed) {
    Random r = new Random(seed);
    float[] x = new float[Math.toIntExact(count)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (r.nextFloat() * 2 - 1) * 4;
    }
    return x;
  }

  /**
   * Returns the product of the dimensions.
   *
   * @param shape dimensions
   * @return the element count
   */
  public static long count(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /**
   * Declares an fp32 NCHW graph input and converts it to NC4HW4, the form the float kernels take.
   *
   * @param g the graph
   * @param name the input's name
   * @param dims its dimensions
   * @return the NC4HW4 value
   */
  public static Value nc4hw4Input(GraphBuilder g, String name, long... dims) {
    return LayoutOps.toNc4hw4(g, g.input(name, TensorSpec.of(DType.F32, Layout.NCHW, dims)));
  }
}
