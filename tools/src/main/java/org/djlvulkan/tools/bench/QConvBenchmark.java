package org.djlvulkan.tools.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.djlvulkan.backend.graph.ComputeGraph;
import org.djlvulkan.backend.graph.ExecutionContext;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.ops.int8.Int8DotPath;
import org.djlvulkan.backend.ops.int8.QConv2dWeights;
import org.djlvulkan.backend.ops.int8.QConvKernel;
import org.djlvulkan.backend.ops.int8.QConvKernelSelector;
import org.djlvulkan.backend.ops.int8.QConvOps;
import org.djlvulkan.backend.ops.int8.QConvOptions;
import org.djlvulkan.backend.ops.int8.QConvPlan;
import org.djlvulkan.backend.ops.int8.QuantizedLayoutOps;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.QuantParams;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.vk.VulkanDevice;

/**
 * Times every q8ta convolution kernel that can run a shape, each forced in its own graph, with GPU
 * timestamps: the median over the timed runs of the summed time of the convolution's dispatches
 * (im2col and GEMM together), after warm-up. im2col runs twice, on a 4C1W input (generic im2col)
 * and on a 4W4C input (the optimized one where IC % 4 == 0); the other kernels get the layout they
 * read. The convolution reads and writes device-local intermediates, as inside a model: the graph
 * input reaches it through a layout change and its output leaves through one, neither timed. Marks
 * the kernel the selector picks for a 4W4C input (what the GEMM kernels write), so the selection
 * rule can be set from data.
 */
public final class QConvBenchmark {
  private static final QuantParams INPUT_QUANT = new QuantParams(0.05f, -3);
  private static final QuantParams OUTPUT_QUANT = new QuantParams(0.1f, 5);

  private QConvBenchmark() {}

  /**
   * ResNet50's convolution shapes at batch 1 (torchvision v1.5: the stride sits in the 3x3, the
   * projection shortcuts are 1x1 with stride 2), each distinct shape once.
   *
   * @return the shapes
   */
  public static List<ConvShape> resnet50Shapes() {
    return ConvShape.resnet50();
  }

  /**
   * Returns the int8 input description of a shape.
   *
   * @param s the shape
   * @param layout {@link Layout#INT8_4C1W} or {@link Layout#INT8_4W4C}
   * @return the description
   */
  public static TensorSpec inputSpec(ConvShape s, Layout layout) {
    return TensorSpec.quantized(layout, INPUT_QUANT, s.n(), s.inChannels(), s.h(), s.w());
  }

  /**
   * Benchmarks the shapes on the device's preferred int8 dot path ({@link Int8DotPath#preferred}).
   *
   * @param device the device (needs timestamp support)
   * @param shapes the shapes
   * @param warmup untimed runs per graph
   * @param iterations timed runs per graph
   * @return one row per (shape, candidate kernel, input layout), in shape order
   */
  public static List<QConvBenchRow> run(
      VulkanDevice device, List<ConvShape> shapes, int warmup, int iterations) {
    OpTiming.checkCanTime(device, warmup, iterations);
    List<QConvBenchRow> rows = new ArrayList<>();
    for (ConvShape s : shapes) {
      TensorSpec wide = inputSpec(s, Layout.INT8_4W4C);
      QConvOptions policy = QConvOptions.DEFAULT.withPolicy(device.kernelPolicy());
      QConvPlan selected =
          QConvKernelSelector.select(
              s.params(), wide, s.outChannels(), device.capabilities(), policy);
      for (QConvKernel k :
          QConvKernelSelector.RULES.candidates(
              s.params(), wide, s.outChannels(), device.capabilities())) {
        List<Layout> layouts =
            k == QConvKernel.IM2COL
                ? List.of(Layout.INT8_4C1W, Layout.INT8_4W4C)
                : List.of(
                    QConvKernelSelector.select(
                            s.params(),
                            wide,
                            s.outChannels(),
                            device.capabilities(),
                            policy.withKernel(k))
                        .inputLayout());
        for (Layout layout : layouts) {
          QConvPlan plan =
              QConvKernelSelector.select(
                  s.params(),
                  inputSpec(s, layout),
                  s.outChannels(),
                  device.capabilities(),
                  policy.withKernel(k));
          double micros = time(device, s, layout, k, warmup, iterations);
          rows.add(
              new QConvBenchRow(
                  s,
                  k,
                  plan.variant(),
                  layout,
                  micros,
                  2.0 * s.macs() / (micros * 1e3),
                  plan.variant() == selected.variant() && layout == selected.inputLayout()));
        }
      }
    }
    return rows;
  }

  private static double time(
      VulkanDevice device,
      ConvShape s,
      Layout layout,
      QConvKernel kernel,
      int warmup,
      int iterations) {
    GraphBuilder g = new GraphBuilder(device);
    // Graph inputs and outputs live in host-visible memory; inside a model the convolution reads
    // and writes device-local intermediates. So the input arrives through a layout change and the
    // output leaves through one, neither of them timed.
    Value host = g.input("x", inputSpec(s, otherLayout(layout)));
    Value in = QuantizedLayoutOps.relayout(g, host, layout);
    Conv2dParams p = s.params();
    int icpg = s.inChannels() / p.groups();
    byte[] w = new byte[s.outChannels() * icpg * p.kernelH() * p.kernelW()];
    for (int i = 0; i < w.length; i++) {
      w[i] = (byte) ((i * 7919) % 255 - 127);
    }
    float[] scales = new float[s.outChannels()];
    java.util.Arrays.fill(scales, 0.003f);
    QConv2dWeights weights =
        new QConv2dWeights(
            s.outChannels(),
            icpg,
            p.kernelH(),
            p.kernelW(),
            w,
            scales,
            new float[s.outChannels()],
            null);
    Value conv =
        QConvOps.conv2d(
            g, in, p, weights, OUTPUT_QUANT, Activation.RELU, QConvOptions.forcing(kernel));
    g.output("y", QuantizedLayoutOps.relayout(g, conv, otherLayout(conv.spec().layout())));
    try (ComputeGraph graph = g.build();
        ExecutionContext ctx = graph.newContext(true)) {
      ctx.write("x", ByteBuffer.allocate(Math.toIntExact(host.spec().dataBytes())));
      return OpTiming.medianOpMicros(ctx, QConvOps.OP, warmup, iterations);
    }
  }

  private static Layout otherLayout(Layout layout) {
    return layout == Layout.INT8_4W4C ? Layout.INT8_4C1W : Layout.INT8_4W4C;
  }

  /**
   * Formats the rows as a markdown table, naming the int8 dot path the device runs by default.
   *
   * @param deviceName the device's name for the heading
   * @param device the device the rows were measured on
   * @param rows the rows of {@link #run}
   * @return the table
   */
  public static String markdown(String deviceName, VulkanDevice device, List<QConvBenchRow> rows) {
    return markdown(
        deviceName, Int8DotPath.preferred(device.capabilities(), device.kernelPolicy()), rows);
  }

  /**
   * Formats rows as a markdown table: one line per (shape, kernel, input layout), the selector's
   * pick marked, and each row's time relative to the fastest row of its shape.
   *
   * @param device the device's name for the heading line
   * @param dot the int8 dot path the kernels ran
   * @param rows rows from {@link #run}
   * @return the table
   */
  public static String markdown(String device, Int8DotPath dot, List<QConvBenchRow> rows) {
    Map<ConvShape, Double> fastest = new LinkedHashMap<>();
    for (QConvBenchRow r : rows) {
      fastest.merge(r.shape(), r.medianMicros(), Math::min);
    }
    StringBuilder sb = new StringBuilder();
    sb.append("Device: ").append(device).append(", int8 dot path: ").append(dot).append("\n\n");
    sb.append(
        "| shape | conv | MMAC | kernel | variant | input | median us | GOP/s | vs fastest"
            + " | selected |\n");
    sb.append("|---|---|---:|---|---|---|---:|---:|---:|:---:|\n");
    for (QConvBenchRow r : rows) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.1f | %s | %s | %s | %.1f | %.1f | %.2fx | %s |%n",
              r.shape().name(),
              r.shape().describe(),
              r.shape().macs() / 1e6,
              r.kernel(),
              r.variant(),
              r.inputLayout() == Layout.INT8_4W4C ? "4W4C" : "4C1W",
              r.medianMicros(),
              r.gops(),
              r.medianMicros() / fastest.get(r.shape()),
              r.isSelected() ? "**yes**" : ""));
    }
    return sb.toString();
  }
}
