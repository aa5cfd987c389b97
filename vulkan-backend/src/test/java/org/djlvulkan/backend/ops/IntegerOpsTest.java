package org.djlvulkan.backend.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.djlvulkan.backend.graph.ComputeGraph;
import org.djlvulkan.backend.graph.ExecutionContext;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.testing.Int8Runner;
import org.djlvulkan.backend.testing.Pairwise;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** MatMulInteger and ConvInteger against exact integer references. */
@ExtendWith(VulkanExtension.class)
class IntegerOpsTest {

  /** An 8-bit graph input: its type, shape and values (in the type's range). */
  private record Bytes(DType type, long[] shape, int[] values) {
    static Bytes random(DType type, long[] shape, long seed) {
      Random r = new Random(seed);
      int[] v = new int[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
      int lo = type == DType.U8 ? 0 : -128;
      for (int i = 0; i < v.length; i++) {
        v[i] = lo + r.nextInt(256);
      }
      v[0] = lo;
      v[v.length - 1] = lo + 255;
      return new Bytes(type, shape, v);
    }

    int at(int i) {
      return values[i];
    }

    int zeroPoint(int i) {
      return values[values.length == 1 ? 0 : i];
    }
  }

  /** Runs a graph on 8-bit inputs (null entries stay null) and returns the I32 output. */
  private static int[] run(List<Bytes> inputs, Function<List<Value>, Value> body, GraphBuilder g) {
    List<Value> values = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Bytes b = inputs.get(i);
      values.add(
          b == null ? null : g.input("in" + i, TensorSpec.of(b.type(), Layout.NCHW, b.shape())));
    }
    Value out = body.apply(values);
    g.output("y", out);
    try (ComputeGraph graph = g.build();
        ExecutionContext ctx = graph.newContext()) {
      for (int i = 0; i < inputs.size(); i++) {
        if (inputs.get(i) != null) {
          ctx.write("in" + i, Int8Runner.bytes(inputs.get(i).values()));
        }
      }
      ctx.run();
      IntBuffer ints = ctx.read("y").asIntBuffer();
      int[] result = new int[ints.remaining()];
      ints.get(result);
      return result;
    }
  }

  private static final List<long[][]> MATMUL_SHAPES =
      List.of(
          new long[][] {{4, 3}, {3, 2}},
          new long[][] {{2, 5, 7}, {7, 3}},
          new long[][] {{2, 1, 3, 4}, {3, 4, 5}},
          new long[][] {{2, 3, 5}, {2, 5, 4}},
          new long[][] {{6}, {6, 4}},
          new long[][] {{3, 6}, {6}});

  static Stream<Arguments> matMulCases() {
    List<DType> types = List.of(DType.U8, DType.I8);
    List<String> zps = List.of("none", "scalar", "per-row");
    return Pairwise.cases(47, MATMUL_SHAPES, types, types, zps, zps).stream().map(Arguments::of);
  }

  @ParameterizedTest
  @MethodSource("matMulCases")
  void matMulIntegerIsExact(long[][] shapes, DType ta, DType tb, String zpa, String zpb) {
    long[] sa = shapes[0];
    long[] sb = shapes[1];
    long[] ma = sa.length == 1 ? new long[] {1, sa[0]} : sa;
    long[] mb = sb.length == 1 ? new long[] {sb[0], 1} : sb;
    int m = (int) ma[ma.length - 2];
    int k = (int) ma[ma.length - 1];
    int n = (int) mb[mb.length - 1];
    long[] ba = batch(ma);
    long[] bb = batch(mb);
    Bytes a = Bytes.random(ta, sa, 3);
    Bytes b = Bytes.random(tb, sb, 5);
    Bytes za = zeroPoint(ta, zpa, ba[0] * ba[1] * m, 7);
    Bytes zb = zeroPoint(tb, zpb, bb[0] * bb[1] * n, 11);
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    Value[] holder = new Value[1];
    int[] y =
        run(
            Arrays.asList(a, b, za, zb),
            v -> holder[0] = IntegerOps.matMulInteger(g, v.get(0), v.get(1), v.get(2), v.get(3)),
            g);
    long[] outBatch = {Math.max(ba[0], bb[0]), Math.max(ba[1], bb[1])};
    int[] expected = new int[(int) (outBatch[0] * outBatch[1] * m * n)];
    int i = 0;
    for (int b0 = 0; b0 < outBatch[0]; b0++) {
      for (int b1 = 0; b1 < outBatch[1]; b1++) {
        int matA = (int) ((ba[0] == 1 ? 0 : b0) * ba[1] + (ba[1] == 1 ? 0 : b1));
        int matB = (int) ((bb[0] == 1 ? 0 : b0) * bb[1] + (bb[1] == 1 ? 0 : b1));
        for (int row = 0; row < m; row++) {
          for (int col = 0; col < n; col++) {
            int acc = 0;
            for (int kk = 0; kk < k; kk++) {
              int av =
                  a.at((matA * m + row) * k + kk) - (za == null ? 0 : za.zeroPoint(matA * m + row));
              int bv =
                  b.at((matB * k + kk) * n + col) - (zb == null ? 0 : zb.zeroPoint(matB * n + col));
              acc += av * bv;
            }
            expected[i++] = acc;
          }
        }
      }
    }
    assertThat(holder[0].spec().shape()).containsExactly(outputShape(sa, sb, outBatch, m, n));
    assertThat(y)
        .as(
            "MatMulInteger %s x %s %s/%s zp %s/%s",
            Arrays.toString(sa), Arrays.toString(sb), ta, tb, zpa, zpb)
        .containsExactly(expected);
  }

  private static long[] batch(long[] matrixShape) {
    long[] b = {1, 1};
    int batchRank = matrixShape.length - 2;
    for (int i = 0; i < batchRank; i++) {
      b[2 - batchRank + i] = matrixShape[i];
    }
    return b;
  }

  /** NumPy matmul's result shape: the longer operand's batch dimensions, then M and N. */
  private static long[] outputShape(long[] sa, long[] sb, long[] batch, int m, int n) {
    List<Long> shape = new ArrayList<>();
    int batchRank = Math.max(Math.max(sa.length, sb.length) - 2, 0);
    for (int i = 0; i < batchRank; i++) {
      shape.add(batch[2 - batchRank + i]);
    }
    if (sa.length > 1) {
      shape.add((long) m);
    }
    if (sb.length > 1) {
      shape.add((long) n);
    }
    return shape.stream().mapToLong(Long::longValue).toArray();
  }

  /** No zero point, one, or one per row / column / output channel, random in the type's range. */
  private static Bytes zeroPoint(DType type, String kind, long perElement, long seed) {
    if (kind.equals("none")) {
      return null;
    }
    long[] shape = kind.equals("scalar") ? new long[] {} : new long[] {perElement};
    Random r = new Random(seed);
    int[] v = new int[(int) (kind.equals("scalar") ? 1 : perElement)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (type == DType.U8 ? 0 : -128) + r.nextInt(256);
    }
    return new Bytes(type, shape, v);
  }

  /**
   * Conv geometries: N, C, H, W, OC, groups, kernel, stride, pad (top/left, bottom/right),
   * dilation.
   */
  private static final List<int[]> CONV_GEOMETRIES =
      List.of(
          new int[] {1, 1, 3, 3, 1, 1, 2, 1, 0, 0, 1},
          new int[] {2, 3, 7, 6, 5, 1, 3, 2, 1, 0, 1},
          new int[] {1, 4, 6, 5, 8, 2, 3, 1, 1, 1, 2},
          new int[] {2, 4, 5, 7, 4, 4, 3, 2, 0, 1, 1},
          new int[] {1, 6, 5, 5, 3, 3, 1, 1, 0, 0, 1});

  static Stream<Arguments> convCases() {
    List<DType> types = List.of(DType.U8, DType.I8);
    return Pairwise.cases(
            53,
            CONV_GEOMETRIES,
            types,
            types,
            List.of("none", "scalar"),
            List.of("none", "scalar", "per-row"))
        .stream()
        .map(Arguments::of);
  }

  @ParameterizedTest
  @MethodSource("convCases")
  void convIntegerIsExact(int[] geo, DType tx, DType tw, String zpx, String zpw) {
    int n = geo[0];
    int c = geo[1];
    int h = geo[2];
    int w = geo[3];
    int oc = geo[4];
    int groups = geo[5];
    int k = geo[6];
    Conv2dParams p =
        new Conv2dParams(
            k, k, geo[7], geo[7], geo[10], geo[10], geo[8], geo[8], geo[9], geo[9], groups);
    Bytes x = Bytes.random(tx, new long[] {n, c, h, w}, 13);
    Bytes wt = Bytes.random(tw, new long[] {oc, c / groups, k, k}, 17);
    Bytes zx = zeroPoint(tx, zpx, 1, 19);
    Bytes zw = zeroPoint(tw, zpw, oc, 23);
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    int[] y =
        run(
            Arrays.asList(x, wt, zx, zw),
            v -> IntegerOps.convInteger(g, v.get(0), v.get(1), v.get(2), v.get(3), p),
            g);
    int oh = p.outH(h);
    int ow = p.outW(w);
    int icg = c / groups;
    int ocg = oc / groups;
    int[] expected = new int[n * oc * oh * ow];
    int i = 0;
    for (int b = 0; b < n; b++) {
      for (int o = 0; o < oc; o++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            int acc = 0;
            for (int ci = 0; ci < icg; ci++) {
              int ic = (o / ocg) * icg + ci;
              for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++) {
                  int iy = oy * p.strideH() - p.padTop() + ky * p.dilationH();
                  int ix = ox * p.strideW() - p.padLeft() + kx * p.dilationW();
                  if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                    continue; // padding holds x_zp: it adds nothing
                  }
                  int xv =
                      x.at(((b * c + ic) * h + iy) * w + ix) - (zx == null ? 0 : zx.zeroPoint(0));
                  int wv =
                      wt.at(((o * icg + ci) * k + ky) * k + kx)
                          - (zw == null ? 0 : zw.zeroPoint(o));
                  acc += xv * wv;
                }
              }
            }
            expected[i++] = acc;
          }
        }
      }
    }
    assertThat(y)
        .as("ConvInteger %s %s/%s zp %s/%s", p, tx, tw, zpx, zpw)
        .containsExactly(expected);
  }

  @Test
  void badOperandsAreRejected() {
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    Value a = g.input("a", TensorSpec.of(DType.U8, Layout.NCHW, 4, 3));
    Value b = g.input("b", TensorSpec.of(DType.U8, Layout.NCHW, 4, 2));
    assertThatThrownBy(() -> IntegerOps.matMulInteger(g, a, b, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inner dimensions differ");
    Value f = g.input("f", TensorSpec.of(DType.F32, Layout.NCHW, 3, 2));
    assertThatThrownBy(() -> IntegerOps.matMulInteger(g, a, f, null, null))
        .hasMessageContaining("expected U8 or I8 NCHW");
    Value bOk = g.input("bok", TensorSpec.of(DType.U8, Layout.NCHW, 3, 2));
    Value zpWrong = g.input("zp", TensorSpec.of(DType.I8, Layout.NCHW, 1));
    assertThatThrownBy(() -> IntegerOps.matMulInteger(g, a, bOk, zpWrong, null))
        .hasMessageContaining("must be U8 with 1 value or 4 (one per rows of A)");
    Value x = g.input("x", TensorSpec.of(DType.U8, Layout.NCHW, 1, 4, 5, 5));
    Value w = g.input("w", TensorSpec.of(DType.U8, Layout.NCHW, 2, 3, 3, 3));
    assertThatThrownBy(() -> IntegerOps.convInteger(g, x, w, null, null, Conv2dParams.of(3, 1, 0)))
        .hasMessageContaining("do not fit input");
  }
}
