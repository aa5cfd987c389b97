package org.djlvulkan.backend.ops.fp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.util.Arrays;
import java.util.stream.Stream;
import org.djlvulkan.backend.graph.ComputeGraph;
import org.djlvulkan.backend.graph.ExecutionContext;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ops.LayoutOps;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Float16;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(VulkanExtension.class)
class Float16OpsTest {

  private static short[] halves(ByteBuffer bytes) {
    ShortBuffer sb = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
    short[] out = new short[sb.remaining()];
    sb.get(out);
    return out;
  }

  @Test
  void everyFloat16PatternWidensExactlyOnTheDevice() {
    // All 65536 patterns as a [1, 16, 64, 64] float16 input, read back as fp32 NCHW.
    ByteBuffer in = ByteBuffer.allocate(2 * 65536).order(ByteOrder.LITTLE_ENDIAN);
    for (int h = 0; h < 65536; h++) {
      in.putShort((short) h);
    }
    in.flip();
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    Value x = g.input("x", TensorSpec.of(DType.F16, Layout.NCHW, 1, 16, 64, 64));
    g.output("y", LayoutOps.toNchwOutput(g, Float16Ops.toNc4hw4(g, x)));
    try (ComputeGraph graph = g.build();
        ExecutionContext ctx = graph.newContext()) {
      ctx.write("x", in);
      ctx.run();
      float[] y = ctx.readFloats("y");
      int mismatches = 0;
      for (int h = 0; h < 65536; h++) {
        float expected = Float16.toFloat((short) h);
        boolean same =
            Float.isNaN(expected)
                ? Float.isNaN(y[h])
                : Float.floatToRawIntBits(expected) == Float.floatToRawIntBits(y[h]);
        if (!same) {
          mismatches++;
        }
      }
      System.out.printf("[accuracy] fp16 -> fp32 all 65536 patterns: %d mismatches%n", mismatches);
      assertThat(mismatches).isZero();
    }
  }

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of((Object) new long[] {1, 1, 1, 1}),
        Arguments.of((Object) new long[] {3, 3, 5, 7}),
        Arguments.of((Object) new long[] {1, 4, 3, 3}),
        Arguments.of((Object) new long[] {3, 5, 1, 1}),
        Arguments.of((Object) new long[] {1, 17, 3, 1}),
        Arguments.of((Object) new long[] {2, 16, 2, 3}),
        Arguments.of((Object) new long[] {3, 7}));
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void float16InputThroughFp32ToFloat16OutputRoundTripsExactly(long[] shape) {
    // Values that are float16 numbers (subnormals included) come back bit for bit; odd element
    // counts exercise the half-used last word.
    int count = (int) OpRunner.count(shape);
    float[] x = OpRunner.random(count, count);
    for (int i = 0; i < count; i++) {
      x[i] = Float16.toFloat(Float16.fromFloat(i % 7 == 3 ? x[i] * 1e-6f : x[i]));
    }
    ByteBuffer in = Float16.narrow(x);
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    Value v = g.input("x", TensorSpec.of(DType.F16, Layout.NCHW, shape));
    Value packed = Float16Ops.toNc4hw4(g, v);
    Value relu = ElementwiseOps.relu(g, packed);
    g.output("y", Float16Ops.toHalfNchw(g, packed));
    g.output("relu", Float16Ops.toHalfNchw(g, relu));
    try (ComputeGraph graph = g.build();
        ExecutionContext ctx = graph.newContext()) {
      ctx.write("x", in);
      ctx.run();
      assertThat(ctx.read("y").remaining()).isEqualTo(2 * count);
      short[] y = halves(ctx.read("y"));
      short[] r = halves(ctx.read("relu"));
      short[] expected = halves(in);
      assertThat(y).containsExactly(expected);
      for (int i = 0; i < count; i++) {
        assertThat(r[i]).isEqualTo(Float16.fromFloat(Math.max(x[i], 0f)));
      }
      System.out.printf(
          "[accuracy] fp16 round trip %s: exact, %d elements%n", Arrays.toString(shape), count);
    }
  }

  @Test
  void fp32ToFloat16OutputRoundsToTheNearestFloat16() {
    // Arbitrary floats: the device's packHalf2x16 must give the nearest float16 (GLSL allows
    // either neighbour; accept one float16 ulp and report how many were not nearest-even).
    long[] shape = {3, 5, 7, 3};
    int count = (int) OpRunner.count(shape);
    float[] x = OpRunner.random(count, 5);
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    Value v = g.input("x", TensorSpec.of(DType.F32, Layout.NCHW, shape));
    g.output("y", Float16Ops.toHalfNchw(g, LayoutOps.toNc4hw4(g, v)));
    try (ComputeGraph graph = g.build();
        ExecutionContext ctx = graph.newContext()) {
      ctx.write("x", x);
      ctx.run();
      short[] y = halves(ctx.read("y"));
      int notNearest = 0;
      for (int i = 0; i < count; i++) {
        short nearest = Float16.fromFloat(x[i]);
        if (y[i] != nearest) {
          notNearest++;
          assertThat(Math.abs(y[i] - nearest)).as("element %d: %s", i, x[i]).isEqualTo(1);
        }
      }
      System.out.printf(
          "[accuracy] fp32 -> fp16 %s: %d of %d not nearest-even (<= 1 ulp)%n",
          Arrays.toString(shape), notNearest, count);
    }
  }
}
