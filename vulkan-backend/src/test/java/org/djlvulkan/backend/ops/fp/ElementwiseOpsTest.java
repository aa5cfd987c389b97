package org.djlvulkan.backend.ops.fp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.stream.Stream;
import org.djlvulkan.backend.graph.ComputeGraph;
import org.djlvulkan.backend.graph.ExecutionContext;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ops.BinaryOp;
import org.djlvulkan.backend.ops.LayoutOps;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.testing.GraphRunner;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(VulkanExtension.class)
class ElementwiseOpsTest {

  private static float[] random(long count, long seed) {
    Random r = new Random(seed);
    float[] x = new float[(int) count];
    for (int i = 0; i < x.length; i++) {
      x[i] = (r.nextFloat() * 2 - 1) * 4;
    }
    return x;
  }

  private static long count(long[] s) {
    long n = 1;
    for (long d : s) {
      n *= d;
    }
    return n;
  }

  /** Java reference: NumPy broadcasting over 4-D NCHW, then the activation, in float. */
  private static float[] reference(
      BinaryOp op, float[] a, long[] sa, float[] b, long[] sb, long[] so, Activation act) {
    float[] out = new float[(int) count(so)];
    int i = 0;
    for (int n = 0; n < so[0]; n++) {
      for (int c = 0; c < so[1]; c++) {
        for (int h = 0; h < so[2]; h++) {
          for (int w = 0; w < so[3]; w++) {
            float x = a[index(sa, n, c, h, w)];
            float y = b[index(sb, n, c, h, w)];
            out[i++] = act.apply(op.apply(x, y));
          }
        }
      }
    }
    return out;
  }

  private static int index(long[] s, int n, int c, int h, int w) {
    int nn = s[0] == 1 ? 0 : n;
    int cc = s[1] == 1 ? 0 : c;
    int hh = s[2] == 1 ? 0 : h;
    int ww = s[3] == 1 ? 0 : w;
    return (int) (((nn * s[1] + cc) * s[2] + hh) * s[3] + ww);
  }

  static Stream<Arguments> broadcastCases() {
    long[] full = {2, 5, 3, 7};
    return Stream.of(
        Arguments.of(BinaryOp.ADD, full, full, Activation.NONE),
        Arguments.of(BinaryOp.ADD, full, new long[] {1, 5, 1, 1}, Activation.RELU),
        Arguments.of(BinaryOp.MUL, full, new long[] {1, 1, 3, 7}, Activation.NONE),
        Arguments.of(
            BinaryOp.SUB, new long[] {1, 3, 1, 7}, new long[] {2, 1, 3, 1}, Activation.NONE),
        Arguments.of(
            BinaryOp.MUL,
            new long[] {1, 17, 2, 2},
            new long[] {1, 17, 2, 2},
            Activation.clamp(-1f, 6f)),
        Arguments.of(
            BinaryOp.ADD,
            new long[] {3, 4, 1, 1},
            new long[] {1, 1, 1, 1},
            Activation.clamp(0.5f, 2f)),
        Arguments.of(BinaryOp.MIN, full, new long[] {1, 5, 1, 7}, Activation.NONE),
        Arguments.of(BinaryOp.MAX, new long[] {2, 1, 3, 7}, full, Activation.NONE),
        Arguments.of(BinaryOp.PRELU, full, new long[] {1, 5, 1, 1}, Activation.NONE));
  }

  @Test
  void powFollowsCsPowForEverySignOfBaseAndExponent() {
    long[] shape = {1, 6, 2, 5};
    float[] a = random(count(shape), 7);
    float[] b = random(count(shape), 8);
    float[] specialB = {2f, 3f, -2f, -3f, 0f, 0.5f, 1f, -1f};
    for (int i = 0; i < a.length; i++) {
      if (i % 2 == 0) {
        b[i] = specialB[(i / 2) % specialB.length];
      }
      if (i % 7 == 0) {
        a[i] = 0f;
      }
    }
    float[] y = runBinary(BinaryOp.POW, a, shape, b, shape, Activation.NONE);
    for (int i = 0; i < a.length; i++) {
      float want = BinaryOp.POW.apply(a[i], b[i]);
      String at = a[i] + " ^ " + b[i];
      if (Float.isFinite(want)) {
        assertThat((double) y[i]).as(at).isCloseTo(want, within(1e-5 + 1e-5 * Math.abs(want)));
      } else {
        assertThat(Float.valueOf(y[i])).as(at).isEqualTo(Float.valueOf(want));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("broadcastCases")
  void binaryMatchesReference(BinaryOp op, long[] sa, long[] sb, Activation act) {
    float[] a = random(count(sa), 1);
    float[] b = random(count(sb), 2);
    long[] so = new long[4];
    for (int i = 0; i < 4; i++) {
      so[i] = Math.max(sa[i], sb[i]);
    }
    assertThat(runBinary(op, a, sa, b, sb, act))
        .containsExactly(reference(op, a, sa, b, sb, so, act));
  }

  @ParameterizedTest
  @EnumSource(
      value = BinaryOp.class,
      names = {
        "EQUAL",
        "LESS",
        "GREATER",
        "LESS_EQUAL",
        "GREATER_EQUAL",
        "AND",
        "OR",
        "XOR",
        "SELECT"
      })
  void comparisonsAndLogicMatchTheReferenceOnTiesAndZeros(BinaryOp op) {
    // Values in {-1, 0, 1}: a third of the pairs tie and a third of the operands are false.
    long[] sa = {2, 5, 3, 7};
    long[] sb = {1, 5, 1, 7};
    float[] a = random(count(sa), 3);
    float[] b = random(count(sb), 4);
    for (int i = 0; i < a.length; i++) {
      a[i] = Math.round(a[i] / 3);
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = Math.round(b[i] / 3);
    }
    float[] want = reference(op, a, sa, b, sb, sa, Activation.NONE);
    assertThat(want).contains(0f).contains(1f);
    assertThat(runBinary(op, a, sa, b, sb, Activation.NONE)).containsExactly(want);
  }

  /** Runs one binary op on NCHW inputs and returns the NCHW result. */
  private static float[] runBinary(
      BinaryOp op, float[] a, long[] sa, float[] b, long[] sb, Activation act) {
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    Value va = g.input("a", TensorSpec.of(DType.F32, Layout.NCHW, sa));
    Value vb = g.input("b", TensorSpec.of(DType.F32, Layout.NCHW, sb));
    Value r =
        ElementwiseOps.binary(g, op, LayoutOps.toNc4hw4(g, va), LayoutOps.toNc4hw4(g, vb), act);
    g.output("y", LayoutOps.toNchwOutput(g, r));
    try (ComputeGraph graph = g.build();
        ExecutionContext ctx = graph.newContext()) {
      ctx.write("a", a);
      ctx.write("b", b);
      ctx.run();
      return ctx.readFloats("y");
    }
  }

  @Test
  void paddedChannelLanesStayZeroAfterChannelBroadcastAndClamp() {
    // C = 5: lanes 5..7 of the second channel group are padding and must stay zero even though a
    // one-channel operand is splatted and the clamp's lower bound is positive.
    long[] shape = {1, 5, 2, 3};
    float[] x = random(count(shape), 3);
    float[] packed =
        GraphRunner.runFloats(
            VulkanExtension.device(),
            shape,
            x,
            c -> {
              Value v = LayoutOps.toNc4hw4(c.g(), c.input());
              Value one =
                  c.g()
                      .constant(
                          "one",
                          TensorSpec.of(DType.F32, Layout.NC4HW4, 1, 1, 1, 1),
                          ByteBuffer.allocate(16)
                              .order(ByteOrder.LITTLE_ENDIAN)
                              .putFloat(1f)
                              .putFloat(0f)
                              .putFloat(0f)
                              .putFloat(0f)
                              .flip());
              Value sum = ElementwiseOps.binary(c.g(), BinaryOp.ADD, v, one, Activation.NONE);
              return ElementwiseOps.clamp(c.g(), sum, 0.25f, 2f);
            });
    int plane = 6;
    for (int p = 0; p < plane; p++) {
      for (int lane = 1; lane < 4; lane++) {
        assertThat(packed[(plane + p) * 4 + lane]).as("padding lane %d at %d", lane, p).isZero();
      }
      assertThat(packed[(plane + p) * 4])
          .isEqualTo(Math.min(Math.max(x[4 * plane + p] + 1f, .25f), 2f));
    }
  }

  @Test
  void reluAndClampMatchReference() {
    long[] shape = {2, 3, 5, 1};
    float[] x = random(count(shape), 4);
    float[] relu =
        GraphRunner.runFloats(
            VulkanExtension.device(),
            shape,
            x,
            c ->
                LayoutOps.toNchwOutput(
                    c.g(), ElementwiseOps.relu(c.g(), LayoutOps.toNc4hw4(c.g(), c.input()))));
    float[] clamped =
        GraphRunner.runFloats(
            VulkanExtension.device(),
            shape,
            x,
            c ->
                LayoutOps.toNchwOutput(
                    c.g(),
                    ElementwiseOps.clamp(c.g(), LayoutOps.toNc4hw4(c.g(), c.input()), -1f, 1.5f)));
    for (int i = 0; i < x.length; i++) {
      assertThat(relu[i]).isEqualTo(Math.max(x[i], 0f));
      assertThat(clamped[i]).isEqualTo(Math.min(Math.max(x[i], -1f), 1.5f));
    }
  }

  @Test
  void nonBroadcastableShapesNameBothOperands() {
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    Value a = OpRunner.nc4hw4Input(g, "a", 1, 3, 4, 4);
    Value b = OpRunner.nc4hw4Input(g, "b", 1, 5, 4, 4);
    assertThatThrownBy(() -> ElementwiseOps.binary(g, BinaryOp.ADD, a, b, Activation.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("aten.add.Tensor")
        .hasMessageContaining("[1, 3, 4, 4]")
        .hasMessageContaining("[1, 5, 4, 4]");
  }

  @Test
  void wrongLayoutIsRejectedWithTheExpectedLayout() {
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    Value a = g.input("a", TensorSpec.of(DType.F32, Layout.NCHW, 1, 3, 4, 4));
    assertThatThrownBy(() -> ElementwiseOps.relu(g, a))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a'")
        .hasMessageContaining("NC4HW4");
  }
}
