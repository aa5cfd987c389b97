package org.djlvulkan.backend.ops.int8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.djlvulkan.backend.graph.ComputeGraph;
import org.djlvulkan.backend.graph.ExecutionContext;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ops.LayoutOps;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.QuantParams;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.testing.Int8Reference;
import org.djlvulkan.backend.testing.Int8Runner;
import org.djlvulkan.backend.testing.LayoutReference;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.Pairwise;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** 4C1W <-> 4W4C, and NCHW int8 / uint8 into and out of the packed layouts, bit for bit. */
@ExtendWith(VulkanExtension.class)
class QuantizedLayoutOpsTest {
  private static final List<Layout> LAYOUTS = List.of(Layout.INT8_4C1W, Layout.INT8_4W4C);

  static Stream<Arguments> shapes() {
    return Pairwise.cases(
            3, List.of(1, 2), List.of(3, 4, 8, 12, 20), List.of(1, 3), List.of(1, 5, 8), LAYOUTS)
        .stream()
        .map(
            v ->
                Arguments.of(
                    new int[] {(Integer) v[0], (Integer) v[1], (Integer) v[2], (Integer) v[3]},
                    v[4]));
  }

  private static long[] longs(int[] d) {
    return new long[] {d[0], d[1], d[2], d[3]};
  }

  private static int count(int[] d) {
    return d[0] * d[1] * d[2] * d[3];
  }

  private static Layout other(Layout layout) {
    return layout == Layout.INT8_4C1W ? Layout.INT8_4W4C : Layout.INT8_4C1W;
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void relayoutMovesEveryWordAndFillsThePaddingWithTheZeroPoint(int[] d, Layout from) {
    int[] q = Int8Reference.random(count(d), count(d) + 7L);
    QuantParams quant = new QuantParams(0.1f, -37);
    Layout to = other(from);
    Int8Runner.Output out =
        Int8Runner.run(
            List.of(new Int8Runner.Input(longs(d), q, quant, from)),
            (g, in) -> QuantizedLayoutOps.relayout(g, in.get(0), to));
    assertThat(out.spec()).isEqualTo(TensorSpec.quantized(to, quant, longs(d)));
    Int8Reference.assertWords(
        "relayout " + from + " -> " + to + " " + java.util.Arrays.toString(d),
        out.words(),
        Int8Reference.pack(q, d, quant.zeroPoint(), to));
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void uint8DataMapsToInt8ExactlyAndBack(int[] d, Layout layout) {
    Random r = new Random(count(d));
    int[] u = new int[count(d)];
    for (int i = 0; i < u.length; i++) {
      u[i] = r.nextInt(256);
    }
    u[0] = 0;
    u[u.length - 1] = 255;
    QuantParams quant = QuantParams.fromUint8(0.05f, 131);
    int[] shifted = new int[u.length];
    for (int i = 0; i < u.length; i++) {
      shifted[i] = u[i] - 128;
    }
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    Value in = g.input("u", TensorSpec.of(DType.U8, Layout.NCHW, longs(d)));
    Value packed = QuantizedLayoutOps.fromBytes(g, in, quant, layout);
    g.output("packed", packed);
    g.output("back", QuantizedLayoutOps.toBytes(g, packed, DType.U8));
    g.output("signed", QuantizedLayoutOps.toBytes(g, packed, DType.I8));
    try (ComputeGraph graph = g.build();
        ExecutionContext ctx = graph.newContext()) {
      ctx.write("u", Int8Runner.bytes(u));
      ctx.run();
      int[] words = new int[Math.toIntExact(packed.byteSize() / 4)];
      ctx.read("packed").asIntBuffer().get(words);
      Int8Reference.assertWords(
          "uint8 -> " + layout, words, Int8Reference.pack(shifted, d, quant.zeroPoint(), layout));
      assertThat(unsigned(ctx.read("back"))).as("uint8 round trip").containsExactly(u);
      assertThat(signed(ctx.read("signed"))).as("int8 out").containsExactly(shifted);
    }
  }

  @Test
  void uint8QuantizationAtTheEdgesMatchesOnnxQuantizeAndDequantizeLinear() {
    // fp32 -> QuantizeLinear(uint8) -> uint8 output, and uint8 input -> DequantizeLinear -> fp32,
    // through the int8 device layouts: the uint8 results must equal ONNX's uint8 formulas.
    int[] d = {2, 5, 3, 7};
    float scale = 0.07f;
    int zeroU8 = 140;
    QuantParams quant = QuantParams.fromUint8(scale, zeroU8);
    float[] x = OpRunner.random(count(d), 5);
    for (int i = 0; i < x.length; i += 9) {
      x[i] *= 10; // beyond both ends of the range
    }
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    Value fin = g.input("x", TensorSpec.of(DType.F32, Layout.NCHW, longs(d)));
    Value uin = g.input("u", TensorSpec.of(DType.U8, Layout.NCHW, longs(d)));
    g.output(
        "quantized",
        QuantizedLayoutOps.toBytes(
            g, LayoutOps.quantize(g, fin, quant, Layout.INT8_4W4C), DType.U8));
    g.output(
        "dequantized",
        LayoutOps.dequantize(g, QuantizedLayoutOps.fromBytes(g, uin, quant, Layout.INT8_4C1W)));
    int[] u = new int[count(d)];
    for (int i = 0; i < u.length; i++) {
      u[i] = (i * 37) % 256;
    }
    try (ComputeGraph graph = g.build();
        ExecutionContext ctx = graph.newContext()) {
      ctx.write("x", x);
      ctx.write("u", Int8Runner.bytes(u));
      ctx.run();
      int[] expectedU8 = new int[x.length];
      float inv = 1f / scale;
      for (int i = 0; i < x.length; i++) {
        expectedU8[i] = (int) Math.max(0, Math.min(255, Math.rint(x[i] * inv) + zeroU8));
      }
      assertThat(unsigned(ctx.read("quantized"))).containsExactly(expectedU8);
      assertThat(expectedU8).contains(0, 255);
      float[] expectedF = new float[u.length];
      for (int i = 0; i < u.length; i++) {
        expectedF[i] = (float) (u[i] - zeroU8) * scale;
      }
      assertThat(ctx.readFloats("dequantized")).containsExactly(expectedF);
    }
  }

  @Test
  void quantizedPackingOfFloatsAgreesWithPackingOfIntegers() {
    // LayoutReference (fp32 quantize) and Int8Reference (packing) describe the same words.
    int[] d = {1, 6, 2, 5};
    float[] x = OpRunner.random(count(d), 9);
    QuantParams quant = new QuantParams(0.02f, 3);
    int[] q = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      q[i] = LayoutReference.quantize(x[i], quant.inverseScale(), quant.zeroPoint());
    }
    for (Layout layout : LAYOUTS) {
      assertThat(Int8Reference.pack(q, d, quant.zeroPoint(), layout))
          .containsExactly(
              LayoutReference.quantizePacked(
                  x, d, quant.inverseScale(), quant.zeroPoint(), layout == Layout.INT8_4W4C));
    }
  }

  @Test
  void badArgumentsAreRejected() {
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    Value f = g.input("f", TensorSpec.of(DType.F32, Layout.NCHW, 1, 4, 2, 2));
    QuantParams q = new QuantParams(1f, 0);
    assertThatThrownBy(() -> QuantizedLayoutOps.fromBytes(g, f, q, Layout.INT8_4C1W))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected U8 or I8 NCHW");
    Value b = g.input("b", TensorSpec.of(DType.I8, Layout.NCHW, 1, 4, 2, 2));
    assertThatThrownBy(() -> QuantizedLayoutOps.fromBytes(g, b, q, Layout.NC4HW4))
        .hasMessageContaining("int8 packed");
    assertThatThrownBy(() -> QuantizedLayoutOps.relayout(g, b, Layout.INT8_4W4C))
        .hasMessageContaining("expected int8 4C1W or 4W4C");
    Value p = QuantizedLayoutOps.fromBytes(g, b, q, Layout.INT8_4C1W);
    assertThat(QuantizedLayoutOps.relayout(g, p, Layout.INT8_4C1W)).isSameAs(p);
    assertThatThrownBy(() -> QuantizedLayoutOps.toBytes(g, p, DType.F32))
        .hasMessageContaining("U8 or I8");
  }

  private static int[] unsigned(ByteBuffer b) {
    int[] out = new int[b.remaining()];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.get(i) & 0xFF;
    }
    return out;
  }

  private static int[] signed(ByteBuffer b) {
    int[] out = new int[b.remaining()];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.get(i);
    }
    return out;
  }
}
