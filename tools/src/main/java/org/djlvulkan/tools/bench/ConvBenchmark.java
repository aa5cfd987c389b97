package org.djlvulkan.tools.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.djlvulkan.backend.graph.ComputeGraph;
import org.djlvulkan.backend.graph.ExecutionContext;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.ops.LayoutOps;
import org.djlvulkan.backend.ops.fp.Conv2dWeights;
import org.djlvulkan.backend.ops.fp.ConvKernel;
import org.djlvulkan.backend.ops.fp.ConvKernelSelector;
import org.djlvulkan.backend.ops.fp.ConvOps;
import org.djlvulkan.backend.ops.fp.ConvOptions;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.vk.VulkanDevice;

/**
 * Times every convolution kernel that can run a shape, each forced in its own graph, with GPU
 * timestamps: the median over the timed runs of the summed time of the convolution's dispatches
 * (im2col and GEMM together), after warm-up. Shows which kernel the selector picks, so the
 * selection rule can be set from data.
 */
public final class ConvBenchmark {
  /** The ResNet50 shapes the fp32 table times (the int8 table adds the other strided entries). */
  private static final Set<String> FP32_SHAPES =
      Set.of(
          "stem",
          "s1.reduce",
          "s1.3x3",
          "s1.expand",
          "s1.reduce2",
          "s2.reduce",
          "s2.3x3s2",
          "s2.3x3",
          "s2.expand",
          "s2.reduce2",
          "s3.3x3",
          "s3.expand",
          "s3.reduce2",
          "s4.downsample",
          "s4.3x3",
          "s4.expand",
          "s4.reduce2");

  private ConvBenchmark() {}

  /**
   * ResNet50's convolution shapes at batch 1 (torchvision v1.5: the stride sits in the 3x3).
   *
   * @return the shapes
   */
  public static List<ConvShape> resnet50Shapes() {
    return ConvShape.resnet50().stream().filter(s -> FP32_SHAPES.contains(s.name())).toList();
  }

  /**
   * Benchmarks the shapes.
   *
   * @param device the device (needs timestamp support)
   * @param shapes the shapes
   * @param warmup untimed runs per graph
   * @param iterations timed runs per graph
   * @return one row per (shape, candidate kernel), in shape order
   */
  public static List<ConvBenchRow> run(
      VulkanDevice device, List<ConvShape> shapes, int warmup, int iterations) {
    OpTiming.checkCanTime(device, warmup, iterations);
    List<ConvBenchRow> rows = new ArrayList<>();
    for (ConvShape s : shapes) {
      ConvKernel selected =
          ConvKernelSelector.select(
                  s.params(),
                  s.inputSpec(),
                  s.outChannels(),
                  device.capabilities(),
                  ConvOptions.forDevice(device.info().type().isGpu()))
              .kernel();
      for (ConvKernel k :
          ConvKernelSelector.RULES.candidates(
              s.params(), s.inputSpec(), s.outChannels(), device.capabilities())) {
        double micros = time(device, s, k, warmup, iterations);
        rows.add(new ConvBenchRow(s, k, micros, 2.0 * s.macs() / (micros * 1e3), selected));
      }
    }
    return rows;
  }

  private static double time(
      VulkanDevice device, ConvShape s, ConvKernel kernel, int warmup, int iterations) {
    GraphBuilder g = new GraphBuilder(device);
    Value in =
        g.input("x", TensorSpec.of(DType.F32, Layout.NCHW, s.n(), s.inChannels(), s.h(), s.w()));
    Conv2dParams p = s.params();
    int icpg = s.inChannels() / p.groups();
    float[] w = new float[s.outChannels() * icpg * p.kernelH() * p.kernelW()];
    for (int i = 0; i < w.length; i++) {
      w[i] = ((i * 7919) % 200 - 100) * 1e-3f;
    }
    Conv2dWeights weights =
        new Conv2dWeights(
            s.outChannels(), icpg, p.kernelH(), p.kernelW(), w, new float[s.outChannels()]);
    Value conv =
        ConvOps.conv2d(
            g, LayoutOps.toNc4hw4(g, in), weights, p, Activation.RELU, ConvOptions.forcing(kernel));
    // The conv writes device memory; only the layout conversion after it touches readback.
    g.output("y", LayoutOps.toNchwOutput(g, conv));
    try (ComputeGraph graph = g.build();
        ExecutionContext ctx = graph.newContext(true)) {
      ctx.write("x", new float[Math.toIntExact(in.spec().elementCount())]);
      return OpTiming.medianOpMicros(ctx, ConvOps.OP, warmup, iterations);
    }
  }

  /**
   * Formats rows as a markdown table: one line per (shape, kernel), the selector's pick marked, and
   * each kernel's time relative to the fastest kernel of its shape.
   *
   * @param device the device's name for the heading line
   * @param rows rows from {@link #run}
   * @return the table
   */
  public static String markdown(String device, List<ConvBenchRow> rows) {
    Map<ConvShape, Double> fastest = new LinkedHashMap<>();
    for (ConvBenchRow r : rows) {
      fastest.merge(r.shape(), r.medianMicros(), Math::min);
    }
    StringBuilder sb = new StringBuilder();
    sb.append("Device: ").append(device).append("\n\n");
    sb.append("| shape | conv | MMAC | kernel | median us | GFLOP/s | vs fastest | selected |\n");
    sb.append("|---|---|---:|---|---:|---:|---:|:---:|\n");
    for (ConvBenchRow r : rows) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.1f | %s | %.1f | %.1f | %.2fx | %s |%n",
              r.shape().name(),
              r.shape().describe(),
              r.shape().macs() / 1e6,
              r.kernel(),
              r.medianMicros(),
              r.gflops(),
              r.medianMicros() / fastest.get(r.shape()),
              r.isSelected() ? "**yes**" : ""));
    }
    return sb.toString();
  }
}
