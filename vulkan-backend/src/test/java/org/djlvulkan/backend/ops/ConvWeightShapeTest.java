package org.djlvulkan.backend.ops;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.djlvulkan.backend.ops.fp.Conv2dWeights;
import org.djlvulkan.backend.ops.int8.QConv2dWeights;
import org.junit.jupiter.api.Test;

/** The float and int8 weight records reject dimensions and arrays that do not fit, by name. */
class ConvWeightShapeTest {
  @Test
  void floatWeightsNameTheShapeAndTheLengths() {
    assertThatThrownBy(() -> new Conv2dWeights(2, 3, 1, 0, new float[0], null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("weight dimensions must be positive");
    assertThatThrownBy(() -> new Conv2dWeights(2, 3, 1, 1, new float[5], null))
        .hasMessageContaining("need 6 values, got 5");
    assertThatThrownBy(() -> new Conv2dWeights(2, 3, 1, 1, null, null))
        .hasMessageContaining("got null");
    assertThatThrownBy(() -> new Conv2dWeights(2, 3, 1, 1, new float[6], new float[3]))
        .hasMessageContaining("bias needs 2 values, got 3");
  }

  @Test
  void int8WeightsNameTheShapeTheLengthsAndTheReduction() {
    float[] scales = {1f, 1f};
    assertThatThrownBy(() -> new QConv2dWeights(2, 3, 1, 1, new byte[7], scales, null, null))
        .hasMessageContaining("need 6 int8 values, got 7");
    assertThatThrownBy(() -> new QConv2dWeights(2, 3, 1, 1, new byte[6], scales, null, new int[1]))
        .hasMessageContaining("int32 bias needs 2 values, got 1");
    assertThatThrownBy(
            () -> new QConv2dWeights(1, 65536, 1, 1, new byte[65536], new float[] {1f}, null, null))
        .hasMessageContaining("exceeds 65535");
  }
}
