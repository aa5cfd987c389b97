package org.djlvulkan.backend.ir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** ONNX's shape rules as {@link ShapeRules} computes them, including the shapes it refuses. */
class ShapeRulesTest {
  @Test
  void broadcastAlignsAtTheRight() {
    assertThat(ShapeRules.broadcast(new long[] {2, 1, 5}, new long[] {3, 1}))
        .containsExactly(2, 3, 5);
    assertThat(ShapeRules.broadcast(new long[] {}, new long[] {4})).containsExactly(4);
    assertThatThrownBy(() -> ShapeRules.broadcast(new long[] {2, 3}, new long[] {4}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void squeezeAndUnsqueeze() {
    assertThat(ShapeRules.squeezedShape(new long[] {1, 3, 1, 5}, null)).containsExactly(3, 5);
    assertThat(ShapeRules.squeezedShape(new long[] {1, 3, 1, 5}, new long[] {-2}))
        .containsExactly(1, 3, 5);
    assertThatThrownBy(() -> ShapeRules.squeezedShape(new long[] {1, 3}, new long[] {1}))
        .hasMessageContaining("size 3");
    assertThat(ShapeRules.unsqueezedShape(new long[] {3, 5}, new long[] {0, -1}))
        .containsExactly(1, 3, 5, 1);
    assertThatThrownBy(() -> ShapeRules.unsqueezedShape(new long[] {3}, new long[] {0, 0}))
        .hasMessageContaining("repeated axes");
  }

  @Test
  void reshapeCopiesZerosAndInfersOneDimension() {
    assertThat(ShapeRules.reshapeTarget(new long[] {2, 3, 4}, new long[] {0, -1}, false))
        .containsExactly(2, 12);
    assertThat(ShapeRules.reshapeTarget(new long[] {0, 3}, new long[] {3, 0}, true))
        .containsExactly(3, 0);
    assertThatThrownBy(
            () -> ShapeRules.reshapeTarget(new long[] {2, 3}, new long[] {-1, -1}, false))
        .hasMessageContaining("more than one -1");
    assertThatThrownBy(() -> ShapeRules.reshapeTarget(new long[] {2, 3}, new long[] {4}, false))
        .hasMessageContaining("cannot reshape");
  }

  @Test
  void flattenAndAxes() {
    assertThat(ShapeRules.flattenedShape(new long[] {2, 3, 4}, 1)).containsExactly(2, 12);
    assertThat(ShapeRules.flattenedShape(new long[] {2, 3, 4}, 0)).containsExactly(1, 24);
    assertThat(ShapeRules.flattenedShape(new long[] {2, 3, 4}, -1)).containsExactly(6, 4);
    assertThat(ShapeRules.axis(-1, 4, "axis")).isEqualTo(3);
    assertThatThrownBy(() -> ShapeRules.axis(4, 4, "axis")).hasMessageContaining("out of range");
  }
}
