package org.djlvulkan.tools.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.ComputeGraph;
import org.djlvulkan.backend.graph.ExecutionContext;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Grid;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.kernel.PipelineKey;
import org.djlvulkan.backend.model.NodeTiming;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.djlvulkan.shaders.KernelId;

/**
 * Measures what a dispatch costs: a chain of tiny dependent dispatches ({@code data += 1}, each
 * behind a barrier the hazard tracker places) recorded in one command buffer, timed by GPU
 * timestamps and by wall clock, plus the submit-to-fence round trip of a single dispatch.
 */
public final class DispatchBenchmark {
  private static final int ELEMENTS = 64;
  private static final int LOCAL_SIZE = 64;

  private DispatchBenchmark() {}

  /**
   * Builds a graph: fill with 0, {@code increments} times {@code += 1}, copy to the output.
   *
   * @param device the device
   * @param increments the number of dependent increment dispatches
   * @return the graph; its output "y" holds {@code increments} in every element
   */
  public static ComputeGraph chain(VulkanDevice device, int increments) {
    GraphBuilder g = new GraphBuilder(device);
    TensorSpec spec = TensorSpec.of(DType.I32, Layout.NCHW, ELEMENTS);
    Value data = g.intermediate("data", spec);
    Value out = g.intermediate("y", spec);
    Grid grid = new Grid(1, 1, 1);
    g.dispatch(
        "bench.fill",
        PipelineKey.of(KernelId.FILL_U32, LOCAL_SIZE),
        List.of(Binding.write(data)),
        PushConstants.words(2).i(ELEMENTS).i(0).build(),
        grid);
    byte[] push = PushConstants.words(1).i(ELEMENTS).build();
    for (int i = 0; i < increments; i++) {
      g.dispatch(
          "bench.increment",
          PipelineKey.of(KernelId.NOOP, LOCAL_SIZE),
          List.of(Binding.readWrite(data)),
          push,
          grid);
    }
    g.dispatch(
        "bench.copy",
        PipelineKey.of(KernelId.COPY_U32, LOCAL_SIZE),
        List.of(Binding.write(out), Binding.read(data)),
        push,
        grid);
    g.output("y", out);
    return g.build();
  }

  /**
   * Runs the benchmark.
   *
   * @param device the device
   * @param dispatches dependent dispatches in the chain (at least 2)
   * @param iterations timed runs after as many warm-up runs
   * @return the medians
   */
  public static DispatchBenchResult run(VulkanDevice device, int dispatches, int iterations) {
    if (dispatches < 2 || iterations < 1) {
      throw new IllegalArgumentException("need at least 2 dispatches and 1 iteration");
    }
    double gpuPerDispatch = Double.NaN;
    double wallChain;
    double wallSingle;
    boolean correct;
    try (ComputeGraph graph = chain(device, dispatches);
        ExecutionContext ctx = graph.newContext(false);
        ExecutionContext profiled = graph.newContext(true);
        ComputeGraph single = chain(device, 1);
        ExecutionContext singleCtx = single.newContext(false)) {
      wallChain = medianWallMicros(ctx, iterations);
      wallSingle = medianWallMicros(singleCtx, iterations);
      int[] result = new int[ELEMENTS];
      ctx.read("y").asIntBuffer().get(result);
      correct = Arrays.stream(result).allMatch(v -> v == dispatches);
      if (profiled.profiling()) {
        double[] perRun = new double[iterations];
        for (int i = 0; i < 2 * iterations; i++) {
          profiled.run();
          if (i >= iterations) {
            double sum = 0;
            for (NodeTiming t : profiled.lastProfile()) {
              if (t.op().equals("bench.increment")) {
                sum += t.micros();
              }
            }
            perRun[i - iterations] = sum / dispatches;
          }
        }
        gpuPerDispatch = Stats.median(perRun);
      }
    }
    return new DispatchBenchResult(
        device.info().name(),
        dispatches,
        iterations,
        gpuPerDispatch,
        wallChain,
        wallSingle,
        (wallChain - wallSingle) / (dispatches - 1),
        correct);
  }

  private static double medianWallMicros(ExecutionContext ctx, int iterations) {
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < 2 * iterations; i++) {
      long start = System.nanoTime();
      ctx.run();
      long end = System.nanoTime();
      if (i >= iterations) {
        times.add((end - start) / 1000.0);
      }
    }
    return Stats.median(times.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
