package org.djlvulkan.tools.bench;

import java.nio.IntBuffer;
import java.util.ArrayList;
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
import org.djlvulkan.shaders.KernelFeature;

/**
 * The device's rate of the instructions an int8 epilogue runs (conversions between integers, floats
 * and doubles, rounding), relative to float multiply-adds: each {@link AluStep} runs in 8
 * independent chains per invocation over enough invocations to fill the device, timed by GPU
 * timestamps.
 */
public final class AluBenchmark {
  /** Invocations per workgroup. */
  static final int LOCAL_SIZE = 256;

  /** Chains per invocation (the kernel's). */
  static final int CHAINS = 8;

  /** The first chain's starting value, before the invocation's offset. */
  static final float SEED = 1.25f;

  private AluBenchmark() {}

  /**
   * Runs every step the device can run (the double one needs {@code shaderFloat64}).
   *
   * @param device the device
   * @param invocations invocations per dispatch
   * @param rounds steps per chain
   * @param iterations timed runs per step, after as many warm-up runs
   * @return one row per step, the multiply-add first
   * @throws IllegalStateException when the device gives no timestamps
   */
  public static List<AluBenchRow> run(
      VulkanDevice device, int invocations, int rounds, int iterations) {
    if (!device.supportsTimestamps()) {
      throw new IllegalStateException(device.info().name() + " gives no timestamps to time with");
    }
    List<AluBenchRow> rows = new ArrayList<>();
    double fmaRate = Double.NaN;
    for (AluStep step : AluStep.values()) {
      if (step == AluStep.DOUBLE_ROUND_TRIP
          && !device.capabilities().supports(KernelFeature.SHADER_FLOAT64)) {
        continue;
      }
      double micros = time(device, step, invocations, rounds, iterations);
      double rate = (double) invocations * rounds * CHAINS / (micros * 1000);
      if (step == AluStep.FMA) {
        fmaRate = rate;
      }
      rows.add(new AluBenchRow(step, micros, rate, rate / fmaRate));
    }
    return rows;
  }

  /**
   * Returns the chains' last values of one step, as the kernel leaves them.
   *
   * @param device the device
   * @param step the step
   * @param invocations invocations
   * @param rounds steps per chain
   * @return {@link #CHAINS} values per invocation, as bits
   */
  static int[] values(VulkanDevice device, AluStep step, int invocations, int rounds) {
    try (ComputeGraph graph = graph(device, step, invocations, rounds);
        ExecutionContext ctx = graph.newContext()) {
      ctx.run();
      IntBuffer out = ctx.read("chains").asIntBuffer();
      int[] values = new int[out.remaining()];
      out.get(values);
      return values;
    }
  }

  /**
   * Returns what the kernel should leave in chain {@code chain} of invocation {@code invocation}.
   *
   * @param step the step
   * @param invocation the invocation
   * @param chain the chain
   * @param rounds steps per chain
   * @param fusedFma whether the device's {@code fma()} rounds once
   * @return the value's bits
   */
  static int expected(AluStep step, int invocation, int chain, int rounds, boolean fusedFma) {
    int bits = Float.floatToRawIntBits(SEED + (float) chain + (float) (invocation % 64));
    for (int r = 0; r < rounds; r++) {
      bits = step.apply(bits, fusedFma);
    }
    return bits;
  }

  private static double time(
      VulkanDevice device, AluStep step, int invocations, int rounds, int iterations) {
    try (ComputeGraph graph = graph(device, step, invocations, rounds);
        ExecutionContext ctx = graph.newContext(true)) {
      double[] micros = new double[iterations];
      for (int i = 0; i < 2 * iterations; i++) {
        ctx.run();
        if (i >= iterations) {
          micros[i - iterations] = ctx.lastProfile().stream().mapToDouble(NodeTiming::micros).sum();
        }
      }
      return Stats.median(micros);
    }
  }

  private static ComputeGraph graph(
      VulkanDevice device, AluStep step, int invocations, int rounds) {
    GraphBuilder g = new GraphBuilder(device);
    Value out =
        g.intermediate(
            "chains", TensorSpec.of(DType.I32, Layout.NCHW, (long) invocations * CHAINS));
    g.dispatch(
        "bench.alu",
        PipelineKey.of(step.kernel(), LOCAL_SIZE, step.mode()),
        List.of(Binding.write(out)),
        PushConstants.words(3).i(invocations).i(rounds).f(SEED).build(),
        new Grid((invocations + LOCAL_SIZE - 1) / LOCAL_SIZE, 1, 1));
    g.output("chains", out);
    return g.build();
  }
}
