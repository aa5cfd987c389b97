package org.djlvulkan.engine.ndarray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

class ElementwiseTest extends ManagerScopedTest {
  /** Shape pairs covering: equal, trailing broadcast, both sides broadcast, scalar, rank 1. */
  private static final List<Shape[]> SHAPES =
      List.of(
          new Shape[] {new Shape(2, 3), new Shape(2, 3)},
          new Shape[] {new Shape(2, 3), new Shape(3)},
          new Shape[] {new Shape(4, 1), new Shape(1, 5)},
          new Shape[] {new Shape(2, 1, 4), new Shape(3, 1)},
          new Shape[] {new Shape(), new Shape(2, 2)},
          new Shape[] {new Shape(1), new Shape(2, 3, 1)});

  private final Random random = new Random(42);

  private NDArray randomFloats(Shape shape) {
    return manager.create(Reference.randomFloats(random, (int) shape.size(), 4f), shape);
  }

  private void checkFloat32(
      String name, DoubleBinaryOperator reference, java.util.function.BinaryOperator<NDArray> op) {
    for (Shape[] pair : SHAPES) {
      NDArray a = randomFloats(pair[0]);
      NDArray b = randomFloats(pair[1]);
      NDArray c = op.apply(a, b);
      Shape expected = pair[0].dimension() >= pair[1].dimension() ? pair[0] : pair[1];
      float[] x = a.toFloatArray();
      float[] y = b.toFloatArray();
      float[] z = c.toFloatArray();
      assertThat(c.getDataType()).isEqualTo(DataType.FLOAT32);
      assertThat(c.getShape().size()).isGreaterThanOrEqualTo(expected.size());
      for (int n = 0; n < z.length; n++) {
        long[] coord = Reference.coordinates(n, c.getShape());
        float want =
            (float)
                reference.applyAsDouble(
                    x[Reference.broadcastIndex(coord, pair[0])],
                    y[Reference.broadcastIndex(coord, pair[1])]);
        assertThat(z[n]).as("%s %s %s at %d", name, pair[0], pair[1], n).isEqualTo(want);
      }
    }
  }

  @Test
  void float32ArithmeticBroadcastsAndRoundsLikeFloat32() {
    checkFloat32("add", (p, q) -> (float) p + (float) q, NDArray::add);
    checkFloat32("sub", (p, q) -> (float) p - (float) q, NDArray::sub);
    checkFloat32("mul", (p, q) -> (float) p * (float) q, NDArray::mul);
    checkFloat32("div", (p, q) -> (float) p / (float) q, NDArray::div);
    checkFloat32("maximum", Math::max, NDArray::maximum);
    checkFloat32("minimum", Math::min, NDArray::minimum);
  }

  @Test
  void broadcastShapesFollowNumpy() {
    assertThat(randomFloats(new Shape(2, 1, 4)).add(randomFloats(new Shape(3, 1))).getShape())
        .isEqualTo(new Shape(2, 3, 4));
    assertThat(randomFloats(new Shape()).mul(randomFloats(new Shape(2, 2))).getShape())
        .isEqualTo(new Shape(2, 2));
    assertThatThrownBy(() -> randomFloats(new Shape(2, 3)).add(randomFloats(new Shape(4))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("add")
        .hasMessageContaining("(2, 3)")
        .hasMessageContaining("(4)");
  }

  @Test
  void mixedTypesPromoteAsPytorchDoes() {
    NDArray ints = manager.create(new int[] {7, -7, 9});
    NDArray floats = manager.create(new float[] {2f, 2f, 4f});
    NDArray sum = ints.add(floats);
    assertThat(sum.getDataType()).isEqualTo(DataType.FLOAT32);
    assertThat(sum.toFloatArray()).containsExactly(9f, -5f, 13f);

    // Integer division is true division into float32; mod takes the divisor's sign.
    NDArray twos = manager.create(new int[] {2, 2, -2});
    assertThat(ints.div(twos).getDataType()).isEqualTo(DataType.FLOAT32);
    assertThat(ints.div(twos).toFloatArray()).containsExactly(3.5f, -3.5f, -4.5f);
    assertThat(ints.mod(twos).toIntArray()).containsExactly(1, 1, -1);
    assertThat(ints.pow(twos.abs()).toIntArray()).containsExactly(49, 49, 81);

    NDArray u8 = manager.create(new byte[] {(byte) 200, 1}).toType(DataType.UINT8, false);
    NDArray i8 = manager.create(new byte[] {-100, 1});
    NDArray mixed = u8.add(i8);
    assertThat(mixed.getDataType()).isEqualTo(DataType.INT32);
    assertThat(mixed.toIntArray()).containsExactly(100, 2);

    NDArray longs = manager.create(new long[] {1L << 40, 3});
    assertThat(longs.mul(longs.getManager().create(new long[] {4, 5})).toLongArray())
        .containsExactly(1L << 42, 15L);
  }

  @Test
  void numbersCombineAsPythonNumbers() {
    NDArray u8 = manager.create(new byte[] {(byte) 255, 51}).toType(DataType.UINT8, false);
    NDArray scaled = u8.div(255.0);
    assertThat(scaled.getDataType()).isEqualTo(DataType.FLOAT32);
    assertThat(scaled.toFloatArray()).containsExactly(1f, 51f / 255f);
    // An integer number keeps the array's type, wrapping like uint8 arithmetic does.
    NDArray plus = u8.add(2);
    assertThat(plus.getDataType()).isEqualTo(DataType.UINT8);
    assertThat(plus.toUint8Array()).containsExactly(1, 53);
    NDArray ints = manager.create(new int[] {1, 2});
    assertThat(ints.mul(1.5f).getDataType()).isEqualTo(DataType.FLOAT32);
    assertThat(ints.mul(1.5f).toFloatArray()).containsExactly(1.5f, 3f);
    assertThat(manager.create(new float[] {1, 2}).sub(0.5).toFloatArray())
        .containsExactly(0.5f, 1.5f);
  }

  @Test
  void inPlaceFormsKeepTheTargetTypeAndShape() {
    NDArray a = manager.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));
    NDArray same = a.addi(manager.create(new float[] {10, 20}));
    assertThat(same).isSameAs(a);
    assertThat(a.toFloatArray()).containsExactly(11, 22, 13, 24);
    a.subi(1).muli(2).divi(manager.create(new float[] {4}));
    assertThat(a.toFloatArray()).containsExactly(5, 10.5f, 6, 11.5f);
    a.negi();
    assertThat(a.toFloatArray()).containsExactly(-5, -10.5f, -6, -11.5f);

    NDArray ints = manager.create(new int[] {5, 7});
    ints.divi(2);
    assertThat(ints.getDataType()).isEqualTo(DataType.INT32);
    assertThat(ints.toIntArray()).containsExactly(2, 3);

    assertThatThrownBy(() -> manager.create(new float[] {1}).addi(randomFloats(new Shape(3))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("addi");
  }

  @Test
  void comparisonsAndLogicGiveBooleans() {
    NDArray a = manager.create(new float[] {1, 2, Float.NaN, 4});
    NDArray b = manager.create(new float[] {1, 3, Float.NaN, 3});
    assertThat(a.eq(b).getDataType()).isEqualTo(DataType.BOOLEAN);
    assertThat(a.eq(b).toBooleanArray()).containsExactly(true, false, false, false);
    assertThat(a.neq(b).toBooleanArray()).containsExactly(false, true, true, true);
    assertThat(a.gt(b).toBooleanArray()).containsExactly(false, false, false, true);
    assertThat(a.gte(2).toBooleanArray()).containsExactly(false, true, false, true);
    assertThat(a.lt(b).toBooleanArray()).containsExactly(false, true, false, false);
    assertThat(a.lte(b).toBooleanArray()).containsExactly(true, true, false, false);
    NDArray p = manager.create(new boolean[] {true, true, false, false});
    NDArray q = manager.create(new boolean[] {true, false, true, false});
    assertThat(p.logicalAnd(q).toBooleanArray()).containsExactly(true, false, false, false);
    assertThat(p.logicalOr(q).toBooleanArray()).containsExactly(true, true, true, false);
    assertThat(p.logicalXor(q).toBooleanArray()).containsExactly(false, true, true, false);
    assertThat(p.logicalNot().toBooleanArray()).containsExactly(false, false, true, true);
  }

  @Test
  void unaryFunctionsMatchJavaMath() {
    float[] x = Reference.randomFloats(random, 64, 3f);
    NDArray a = manager.create(x);
    float[] exp = a.exp().toFloatArray();
    float[] abs = a.abs().toFloatArray();
    float[] neg = a.neg().toFloatArray();
    float[] square = a.square().toFloatArray();
    float[] tanh = a.tanh().toFloatArray();
    float[] clipped = a.clip(-1, 0.5).toFloatArray();
    for (int i = 0; i < x.length; i++) {
      assertThat(exp[i]).isEqualTo((float) Math.exp(x[i]));
      assertThat(abs[i]).isEqualTo(Math.abs(x[i]));
      assertThat(neg[i]).isEqualTo(-x[i]);
      assertThat(square[i]).isEqualTo(x[i] * x[i]);
      assertThat(tanh[i]).isEqualTo((float) Math.tanh(x[i]));
      assertThat(clipped[i]).isEqualTo(Math.min(Math.max(x[i], -1f), 0.5f));
    }
    NDArray ints = manager.create(new int[] {-2, 0, 3});
    assertThat(ints.exp().getDataType()).isEqualTo(DataType.FLOAT32);
    assertThat(ints.abs().getDataType()).isEqualTo(DataType.INT32);
    assertThat(ints.abs().toIntArray()).containsExactly(2, 0, 3);
    assertThat(ints.sign().toIntArray()).containsExactly(-1, 0, 1);
    assertThat(manager.create(new float[] {0.5f, 1.5f, -2.5f}).round().toFloatArray())
        .containsExactly(0f, 2f, -2f);
  }
}
