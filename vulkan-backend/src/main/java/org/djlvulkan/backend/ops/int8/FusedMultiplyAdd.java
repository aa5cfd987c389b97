package org.djlvulkan.backend.ops.int8;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.ComputeGraph;
import org.djlvulkan.backend.graph.ExecutionContext;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Grid;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.kernel.PipelineKey;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.djlvulkan.shaders.KernelId;

/**
 * Whether a device's GLSL {@code fma()} rounds once, as {@link Math#fma} does. Vulkan lets an
 * implementation compute it as a multiply and an add, each rounded; the quantized add's {@link
 * AddRounding#FMA} kernels need the single rounding to give ONNX Runtime's words. The answer comes
 * from running {@code probe_fma} once per device on triples whose exact product needs more than 24
 * bits, where one rounding and two give different results; it is kept for the device's lifetime.
 */
public final class FusedMultiplyAdd {
  /** The probe's triples (a, b, c): each gives a different result rounded once and twice. */
  static final float[][] TRIPLES = {
    // (1 + 2^-12)^2 - (1 + 2^-11) = 2^-24 exactly; the rounded product is 1 + 2^-11, so 0.
    {1 + 0x1p-12f, 1 + 0x1p-12f, -(1 + 0x1p-11f)},
    // (1 + 2^-23)(1 - 2^-23) - 1 = -2^-46; the rounded product is 1.
    {1 + 0x1p-23f, 1 - 0x1p-23f, -1f},
    // A code times an add's scale ratio plus a base, as the add kernels compute them.
    {-117f, 0.7319457f, 33.58129f},
    {255f, 1.0000001f, -255f},
  };

  private static final Map<VulkanDevice, Boolean> ANSWERS = new WeakHashMap<>();

  private FusedMultiplyAdd() {}

  /**
   * Returns whether {@code fma()} rounds once on the device: the probe's results equal {@link
   * Math#fma}'s for every triple. Runs the probe on the first call for a device.
   *
   * @param device the device
   * @return true when it rounds once
   */
  public static synchronized boolean roundsOnce(VulkanDevice device) {
    return ANSWERS.computeIfAbsent(device, FusedMultiplyAdd::probe);
  }

  private static boolean probe(VulkanDevice device) {
    float[] results = run(device, TRIPLES);
    for (int i = 0; i < TRIPLES.length; i++) {
      float[] t = TRIPLES[i];
      if (Float.floatToRawIntBits(results[i])
          != Float.floatToRawIntBits(Math.fma(t[0], t[1], t[2]))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Runs {@code probe_fma} on triples.
   *
   * @param device the device
   * @param triples (a, b, c) each
   * @return fma(a, b, c) of each triple as the device computes it
   */
  static float[] run(VulkanDevice device, float[][] triples) {
    int n = triples.length;
    ByteBuffer in = ByteBuffer.allocate(12 * n).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] t : triples) {
      in.putFloat(t[0]).putFloat(t[1]).putFloat(t[2]);
    }
    in.flip();
    GraphBuilder g = new GraphBuilder(device);
    Value triplesValue = g.input("triples", TensorSpec.of(DType.F32, Layout.NCHW, 3L * n));
    Value out = g.intermediate("fma", TensorSpec.of(DType.F32, Layout.NCHW, n));
    g.dispatch(
        "probe.fma",
        PipelineKey.of(KernelId.PROBE_FMA, 64),
        List.of(Binding.write(out), Binding.read(triplesValue)),
        PushConstants.words(1).i(n).build(),
        new Grid(1, 1, 1));
    g.output("fma", out);
    try (ComputeGraph graph = g.build();
        ExecutionContext ctx = graph.newContext()) {
      ctx.write("triples", in);
      ctx.run();
      return ctx.readFloats("fma");
    }
  }
}
