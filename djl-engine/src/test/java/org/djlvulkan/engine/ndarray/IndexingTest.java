package org.djlvulkan.engine.ndarray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IndexingTest extends ManagerScopedTest {
  private static final Shape SHAPE = new Shape(4, 3, 5);
  private NDArray a;

  @BeforeEach
  void createInput() {
    a = manager.arange(0, (int) SHAPE.size(), 1, DataType.INT32).reshape(SHAPE);
  }

  /** The value of {@code a} at (i, j, k): its flat index. */
  private static int at(long i, long j, long k) {
    return (int) ((i * 3 + j) * 5 + k);
  }

  @Test
  void slicesWithStepsMatchTheReference() {
    NDArray s = a.get("1:3, :, ::2");
    assertThat(s.getShape()).isEqualTo(new Shape(2, 3, 3));
    int[] v = s.toIntArray();
    for (int n = 0; n < v.length; n++) {
      long[] c = Reference.coordinates(n, s.getShape());
      assertThat(v[n]).isEqualTo(at(c[0] + 1, c[1], c[2] * 2));
    }
  }

  @Test
  void fixedNegativeAndEllipsisIndices() {
    assertThat(a.get(1).getShape()).isEqualTo(new Shape(3, 5));
    assertThat(a.get(1).toIntArray()[0]).isEqualTo(at(1, 0, 0));
    assertThat(a.get("-1, 2").toIntArray())
        .containsExactly(at(3, 2, 0), at(3, 2, 1), at(3, 2, 2), at(3, 2, 3), at(3, 2, 4));
    NDArray last = a.get("..., 4");
    assertThat(last.getShape()).isEqualTo(new Shape(4, 3));
    assertThat(last.toIntArray()[5]).isEqualTo(at(1, 2, 4));
    assertThat(a.get(2, 1, 3).getInt()).isEqualTo(at(2, 1, 3));
    assertThat(a.getInt(2, 1, 3)).isEqualTo(at(2, 1, 3));
  }

  @Test
  void slicesAreClampedAndFixedIndicesChecked() {
    assertThat(a.get("2:10").getShape()).isEqualTo(new Shape(2, 3, 5));
    assertThat(a.get("5:").getShape()).isEqualTo(new Shape(0, 3, 5));
    assertThatThrownBy(() -> a.get(4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of bounds");
  }

  @Test
  void setWritesRegionsWithBroadcasting() {
    NDArray b = a.toType(DataType.FLOAT32, true);
    b.set(new NDIndex("1, :, 1:3"), manager.create(new float[] {-1, -2}));
    b.set(new NDIndex("3"), 0.5f);
    b.set(new NDIndex("0, 0, 0"), x -> x.add(100));
    float[] v = b.toFloatArray();
    for (int n = 0; n < v.length; n++) {
      long[] c = Reference.coordinates(n, SHAPE);
      float want = n;
      if (c[0] == 1 && (c[2] == 1 || c[2] == 2)) {
        want = c[2] == 1 ? -1 : -2;
      } else if (c[0] == 3) {
        want = 0.5f;
      } else if (n == 0) {
        want = 100;
      }
      assertThat(v[n]).as("at %d", n).isEqualTo(want);
    }
    assertThatThrownBy(() -> b.set(new NDIndex("0"), manager.zeros(new Shape(2, 2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("set")
        .hasMessageContaining("(3, 5)");
  }

  @Test
  void cropCutsAnHwcImage() {
    NDArray image = a.transpose(1, 2, 0); // 3 x 5 x 4: H x W x C
    NDArray crop = NDImageUtils.crop(image, 1, 0, 3, 2);
    assertThat(crop.getShape()).isEqualTo(new Shape(2, 3, 4));
    assertThat(crop.get("1, 2").toIntArray()).isEqualTo(image.get("1, 3").toIntArray());
  }

  @Test
  void indexArraysAreNotSupported() {
    NDArray index = manager.create(new long[] {0, 2});
    assertThatThrownBy(() -> a.get(index))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("index array");
  }
}
