package org.djlvulkan.engine.ndarray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** sort, argSort, flip, booleanMask, matMul and the random arrays against Java references. */
class SelectionAndMatMulTest extends ManagerScopedTest {
  private static final Shape SHAPE = new Shape(3, 4, 5);
  private final Random random = new Random(17);

  @Test
  void sortAndArgSortOrderEveryAxisAsJavaDoes() {
    float[] x = Reference.randomFloats(random, (int) SHAPE.size(), 3);
    x[7] = x[8]; // a tie
    x[11] = Float.NaN;
    NDArray a = manager.create(x, SHAPE);
    for (int axis = 0; axis < 3; axis++) {
      float[] sorted = a.sort(axis).toFloatArray();
      long[] ascending = a.argSort(axis).toLongArray();
      long[] descending = a.argSort(axis - 3, false).toLongArray();
      for (int n = 0; n < x.length; n++) {
        long[] c = Reference.coordinates(n, SHAPE);
        if (c[axis] != 0) {
          continue;
        }
        int len = (int) SHAPE.get(axis);
        Integer[] order = new Integer[len];
        float[] line = new float[len];
        for (int k = 0; k < len; k++) {
          c[axis] = k;
          line[k] = x[Reference.flat(c, SHAPE)];
          order[k] = k;
        }
        Arrays.sort(order, (p, q) -> Float.compare(line[p], line[q]));
        Integer[] down = order.clone();
        Arrays.sort(down, (p, q) -> Float.compare(line[q], line[p]));
        for (int k = 0; k < len; k++) {
          c[axis] = k;
          int at = Reference.flat(c, SHAPE);
          assertThat(Float.valueOf(sorted[at]))
              .as("axis %d", axis)
              .isEqualTo(Float.valueOf(line[order[k]]));
          assertThat(ascending[at]).as("argSort axis %d", axis).isEqualTo((long) order[k]);
          assertThat(descending[at]).as("descending axis %d", axis).isEqualTo((long) down[k]);
        }
      }
    }
    assertThat(a.argSort().getDataType()).isEqualTo(DataType.INT64);
  }

  @Test
  void flipReversesTheGivenAxes() {
    int[] x = Reference.randomInts(random, (int) SHAPE.size(), 100);
    NDArray a = manager.create(x, SHAPE);
    int[] flipped = a.flip(0, -1).toIntArray();
    for (int n = 0; n < x.length; n++) {
      long[] c = Reference.coordinates(n, SHAPE);
      c[0] = SHAPE.get(0) - 1 - c[0];
      c[2] = SHAPE.get(2) - 1 - c[2];
      assertThat(flipped[n]).isEqualTo(x[Reference.flat(c, SHAPE)]);
    }
    assertThat(a.flip().toIntArray()).isEqualTo(x);
  }

  @Test
  void booleanMaskKeepsTheMarkedRows() {
    float[] x = Reference.randomFloats(random, (int) SHAPE.size(), 1);
    NDArray a = manager.create(x, SHAPE);
    boolean[] keep = {true, false, true, true};
    NDArray kept = a.booleanMask(manager.create(keep), 1);
    assertThat(kept.getShape()).isEqualTo(new Shape(3, 3, 5));
    float[] got = kept.toFloatArray();
    int i = 0;
    for (int p = 0; p < 3; p++) {
      for (int q = 0; q < 4; q++) {
        for (int r = 0; r < 5 && keep[q]; r++) {
          assertThat(got[i++]).isEqualTo(x[(p * 4 + q) * 5 + r]);
        }
      }
    }
    NDArray all = a.booleanMask(a.gt(0f));
    assertThat(all.getShape().dimension()).isEqualTo(1);
    for (float v : all.toFloatArray()) {
      assertThat(v).isPositive();
    }
    assertThatThrownBy(() -> a.booleanMask(manager.create(new boolean[] {true}), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not match");
  }

  @Test
  void matMulFollowsNumpyForVectorsMatricesAndBatches() {
    float[] x = Reference.randomFloats(random, 2 * 3 * 4, 1);
    float[] y = Reference.randomFloats(random, 4 * 5, 1);
    NDArray a = manager.create(x, new Shape(2, 3, 4));
    NDArray b = manager.create(y, new Shape(4, 5));
    NDArray p = a.matMul(b);
    assertThat(p.getShape()).isEqualTo(new Shape(2, 3, 5));
    float[] got = p.toFloatArray();
    for (int s = 0; s < 2; s++) {
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 5; j++) {
          double acc = 0;
          for (int t = 0; t < 4; t++) {
            acc += (double) x[(s * 3 + i) * 4 + t] * y[t * 5 + j];
          }
          assertThat((double) got[(s * 3 + i) * 5 + j]).isCloseTo(acc, within(1e-6));
        }
      }
    }
    NDArray v = manager.create(new float[] {1, 2, 3, 4});
    assertThat(v.matMul(b).getShape()).isEqualTo(new Shape(5));
    assertThat(b.transpose().matMul(v).getShape()).isEqualTo(new Shape(5));
    assertThat(v.matMul(v).getShape()).isEqualTo(new Shape());
    assertThat(v.matMul(v).getFloat()).isEqualTo(30f);
    assertThat(
            manager
                .create(new int[] {1, 2}, new Shape(1, 2))
                .matMul(manager.create(new int[] {3, 4}, new Shape(2, 1)))
                .toIntArray())
        .containsExactly(11);
    assertThatThrownBy(() -> a.matMul(a))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("do not multiply");
  }

  @Test
  void randomArraysFollowTheEnginesSeed() {
    Engine.getEngine("Vulkan").setRandomSeed(5);
    float[] u = manager.randomUniform(-2, 3, new Shape(1000)).toFloatArray();
    float[] g = manager.randomNormal(1, 2, new Shape(20000), DataType.FLOAT32).toFloatArray();
    Engine.getEngine("Vulkan").setRandomSeed(5);
    assertThat(manager.randomUniform(-2, 3, new Shape(1000)).toFloatArray()).isEqualTo(u);
    for (float v : u) {
      assertThat(v).isBetween(-2f, 3f);
    }
    double mean = 0;
    for (float v : g) {
      mean += v / g.length;
    }
    double var = 0;
    for (float v : g) {
      var += (v - mean) * (v - mean) / g.length;
    }
    assertThat(mean).isCloseTo(1, within(0.05));
    assertThat(Math.sqrt(var)).isCloseTo(2, within(0.05));
  }

  private static org.assertj.core.data.Offset<Double> within(double v) {
    return org.assertj.core.data.Offset.offset(v);
  }
}
