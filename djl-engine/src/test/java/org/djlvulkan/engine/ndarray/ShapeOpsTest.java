package org.djlvulkan.engine.ndarray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShapeOpsTest extends ManagerScopedTest {
  private final Random random = new Random(7);

  private NDArray iota(Shape shape) {
    return manager.arange(0, (int) shape.size(), 1, DataType.FLOAT32).reshape(shape);
  }

  @Test
  void reshapeInfersOneDimension() {
    NDArray a = iota(new Shape(2, 3, 4));
    assertThat(a.reshape(4, -1).getShape()).isEqualTo(new Shape(4, 6));
    assertThat(a.flatten().getShape()).isEqualTo(new Shape(24));
    assertThat(a.flatten(1, 2).getShape()).isEqualTo(new Shape(2, 12));
    assertThat(a.reshape(6, 4).toFloatArray()).isEqualTo(a.toFloatArray());
    assertThatThrownBy(() -> a.reshape(5, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reshape")
        .hasMessageContaining("(2, 3, 4)");
  }

  @Test
  void expandAndSqueeze() {
    NDArray a = iota(new Shape(3, 1, 2));
    assertThat(a.expandDims(0).getShape()).isEqualTo(new Shape(1, 3, 1, 2));
    assertThat(a.expandDims(-1).getShape()).isEqualTo(new Shape(3, 1, 2, 1));
    assertThat(a.squeeze().getShape()).isEqualTo(new Shape(3, 2));
    assertThat(a.squeeze(1).getShape()).isEqualTo(new Shape(3, 2));
    assertThatThrownBy(() -> a.squeeze(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("size 3");
  }

  @Test
  void transposeMovesElementsLikeTheReference() {
    Shape shape = new Shape(2, 3, 4);
    NDArray a = iota(shape);
    int[] perm = {2, 0, 1};
    NDArray t = a.transpose(perm);
    assertThat(t.getShape()).isEqualTo(new Shape(4, 2, 3));
    float[] x = a.toFloatArray();
    float[] y = t.toFloatArray();
    for (int n = 0; n < y.length; n++) {
      long[] c = Reference.coordinates(n, t.getShape());
      long[] source = new long[3];
      for (int i = 0; i < 3; i++) {
        source[perm[i]] = c[i];
      }
      assertThat(y[n]).isEqualTo(x[Reference.flat(source, shape)]);
    }
    assertThat(a.transpose().getShape()).isEqualTo(new Shape(4, 3, 2));
    assertThat(a.transpose().transpose()).isEqualTo(a);
    assertThatThrownBy(() -> a.transpose(0, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("repeats");
  }

  @Test
  void stackSplitAndConcatRoundTrip() {
    NDArray a = manager.create(Reference.randomFloats(random, 6, 1), new Shape(2, 3));
    NDArray b = manager.create(Reference.randomFloats(random, 6, 1), new Shape(2, 3));
    NDArray stacked = NDArrays.stack(new NDList(a, b), 1);
    assertThat(stacked.getShape()).isEqualTo(new Shape(2, 2, 3));
    NDList parts = stacked.split(2, 1);
    assertThat(parts).hasSize(2);
    assertThat(parts.get(0).squeeze(1)).isEqualTo(a);
    assertThat(parts.get(1).squeeze(1)).isEqualTo(b);

    NDArray joined = a.concat(b, 1);
    assertThat(joined.getShape()).isEqualTo(new Shape(2, 6));
    float[] x = a.toFloatArray();
    float[] y = b.toFloatArray();
    float[] z = joined.toFloatArray();
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 6; c++) {
        assertThat(z[r * 6 + c]).isEqualTo(c < 3 ? x[r * 3 + c] : y[r * 3 + c - 3]);
      }
    }
    NDList uneven = joined.split(new long[] {1, 4}, 1);
    assertThat(uneven.getShapes())
        .containsExactly(new Shape(2, 1), new Shape(2, 3), new Shape(2, 2));
    assertThat(NDArrays.concat(uneven, 1)).isEqualTo(joined);
    assertThatThrownBy(() -> joined.split(4, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("equal parts");
    assertThatThrownBy(() -> a.concat(manager.zeros(new Shape(3, 3)), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("concat");
  }

  @Test
  void broadcastRepeatsAlongSizeOneDimensions() {
    NDArray a = manager.create(new float[] {1, 2, 3}, new Shape(3, 1));
    NDArray b = a.broadcast(new Shape(2, 3, 2));
    assertThat(b.toFloatArray()).containsExactly(1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3);
  }
}
