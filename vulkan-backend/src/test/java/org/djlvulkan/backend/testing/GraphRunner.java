package org.djlvulkan.backend.testing;

import java.util.function.Function;
import org.djlvulkan.backend.graph.ComputeGraph;
import org.djlvulkan.backend.graph.ExecutionContext;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.vk.VulkanDevice;

/** Builds, runs and closes a one-input, one-output graph: the common shape of kernel tests. */
public final class GraphRunner {
  private GraphRunner() {}

  /**
   * Runs {@code body} on an F32 NCHW input and returns the output's raw bytes as floats or ints.
   *
   * @param device the device
   * @param shape input shape
   * @param input input values
   * @param body adds the op(s) under test and returns the value to read back
   * @return the output's bytes as a little-endian int array
   */
  public static int[] runRaw(
      VulkanDevice device, long[] shape, float[] input, Function<GraphContext, Value> body) {
    GraphBuilder g = new GraphBuilder(device);
    Value in = g.input("x", TensorSpec.of(DType.F32, Layout.NCHW, shape));
    Value out = body.apply(new GraphContext(g, in));
    g.output("y", out);
    try (ComputeGraph graph = g.build();
        ExecutionContext ctx = graph.newContext()) {
      ctx.write("x", input);
      ctx.run();
      var bytes = ctx.read("y").asIntBuffer();
      int[] result = new int[bytes.remaining()];
      bytes.get(result);
      return result;
    }
  }

  /**
   * Like {@link #runRaw} but returns floats.
   *
   * @param device the device
   * @param shape input shape
   * @param input input values
   * @param body adds the ops and returns the value to read back
   * @return the output as floats
   */
  public static float[] runFloats(
      VulkanDevice device, long[] shape, float[] input, Function<GraphContext, Value> body) {
    int[] raw = runRaw(device, shape, input, body);
    float[] f = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      f[i] = Float.intBitsToFloat(raw[i]);
    }
    return f;
  }

  /**
   * The builder and the graph's input, handed to a test body.
   *
   * @param g the builder
   * @param input the F32 NCHW input value
   */
  public record GraphContext(GraphBuilder g, Value input) {}
}
