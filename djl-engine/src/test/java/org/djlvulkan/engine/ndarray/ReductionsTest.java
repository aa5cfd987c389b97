package org.djlvulkan.engine.ndarray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReductionsTest extends ManagerScopedTest {
  private static final Shape SHAPE = new Shape(3, 4, 5);
  private final Random random = new Random(3);

  /** Reference sum over one axis of SHAPE. */
  private static double[] sumAxis(float[] x, int axis) {
    long[] out = SHAPE.getShape().clone();
    out[axis] = 1;
    Shape kept = new Shape(out);
    double[] sums = new double[(int) kept.size()];
    for (int n = 0; n < x.length; n++) {
      long[] c = Reference.coordinates(n, SHAPE);
      c[axis] = 0;
      sums[Reference.flat(c, kept)] += x[n];
    }
    return sums;
  }

  @Test
  void sumAndMeanOverEachAxis() {
    float[] x = Reference.randomFloats(random, (int) SHAPE.size(), 2);
    NDArray a = manager.create(x, SHAPE);
    for (int axis = 0; axis < 3; axis++) {
      double[] want = sumAxis(x, axis);
      NDArray sum = a.sum(new int[] {axis});
      NDArray mean = a.mean(new int[] {axis - 3}, true);
      assertThat(sum.getShape().dimension()).isEqualTo(2);
      assertThat(mean.getShape().get(axis)).isEqualTo(1);
      float[] s = sum.toFloatArray();
      float[] m = mean.toFloatArray();
      for (int i = 0; i < want.length; i++) {
        assertThat(s[i]).isEqualTo((float) want[i]);
        assertThat(m[i]).isEqualTo((float) (want[i] / SHAPE.get(axis)));
      }
    }
    double total = 0;
    for (float v : x) {
      total += v;
    }
    assertThat(a.sum().getShape()).isEqualTo(new Shape());
    assertThat(a.sum().getFloat()).isEqualTo((float) total);
    assertThat(a.sum(new int[] {0, 2}).getShape()).isEqualTo(new Shape(4));
  }

  @Test
  void maxMinAndTheirIndices() {
    float[] x = Reference.randomFloats(random, (int) SHAPE.size(), 2);
    NDArray a = manager.create(x, SHAPE);
    float max = Float.NEGATIVE_INFINITY;
    int argMax = 0;
    for (int i = 0; i < x.length; i++) {
      if (x[i] > max) {
        max = x[i];
        argMax = i;
      }
    }
    assertThat(a.max().getFloat()).isEqualTo(max);
    assertThat(a.argMax().getLong()).isEqualTo(argMax);
    NDArray perRow = a.argMax(1);
    assertThat(perRow.getShape()).isEqualTo(new Shape(3, 5));
    assertThat(perRow.getDataType()).isEqualTo(DataType.INT64);
    long[] idx = perRow.toLongArray();
    float[] mins = a.min(new int[] {1}, false).toFloatArray();
    for (int i = 0; i < 3; i++) {
      for (int k = 0; k < 5; k++) {
        float best = Float.NEGATIVE_INFINITY;
        float least = Float.POSITIVE_INFINITY;
        int at = 0;
        for (int j = 0; j < 4; j++) {
          float v = x[(i * 4 + j) * 5 + k];
          if (v > best) {
            best = v;
            at = j;
          }
          least = Math.min(least, v);
        }
        assertThat(idx[i * 5 + k]).isEqualTo(at);
        assertThat(mins[i * 5 + k]).isEqualTo(least);
      }
    }
    NDArray ties = manager.create(new int[] {3, 7, 7, 1});
    assertThat(ties.argMax().getLong()).isEqualTo(1);
    assertThat(ties.argMin().getLong()).isEqualTo(3);
    assertThat(ties.sum().getDataType()).isEqualTo(DataType.INT64);
    assertThat(ties.sum().getLong()).isEqualTo(18);
  }

  @Test
  void softmaxMatchesTheReference() {
    float[] x = Reference.randomFloats(random, 2 * 7, 30);
    NDArray a = manager.create(x, new Shape(2, 7));
    float[] p = a.softmax(1).toFloatArray();
    float[] logp = a.logSoftmax(-1).toFloatArray();
    float[] columns = a.softmax(0).toFloatArray();
    for (int r = 0; r < 2; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < 7; c++) {
        max = Math.max(max, x[r * 7 + c]);
      }
      double sum = 0;
      for (int c = 0; c < 7; c++) {
        sum += Math.exp(x[r * 7 + c] - max);
      }
      for (int c = 0; c < 7; c++) {
        double want = Math.exp(x[r * 7 + c] - max) / sum;
        assertThat((double) p[r * 7 + c]).isCloseTo(want, within(1e-7));
        assertThat((double) logp[r * 7 + c]).isCloseTo(Math.log(want), within(1e-5));
      }
    }
    for (int c = 0; c < 7; c++) {
      assertThat((double) columns[c] + columns[7 + c]).isCloseTo(1.0, within(1e-6));
    }
  }

  @Test
  void topKIsSortedAndKeepsTheFirstOfTies() {
    NDArray a = manager.create(new float[] {0.1f, 0.7f, 0.2f, 0.7f, -1f, 0.5f}, new Shape(2, 3));
    NDList top = a.topK(2, 1);
    assertThat(top.get(0).toFloatArray()).containsExactly(0.7f, 0.2f, 0.7f, 0.5f);
    assertThat(top.get(1).toLongArray()).containsExactly(1, 2, 0, 2);
    NDList flat = a.reshape(-1).topK(3, 0, false, true);
    assertThat(flat.get(0).toFloatArray()).containsExactly(-1f, 0.1f, 0.2f);
    assertThat(flat.get(1).toLongArray()).containsExactly(4, 0, 2);
    NDList ties = a.reshape(-1).topK(2, 0);
    assertThat(ties.get(1).toLongArray()).containsExactly(1, 3);
  }
}
