package org.djlvulkan.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import org.djlvulkan.backend.tensor.Float16;
import org.junit.jupiter.api.Test;

class RandomInputTest {
  @Test
  void theSameSeedGivesTheSameValuesInRange() {
    float[] a = RandomInput.values(10_000, 7);
    assertThat(RandomInput.values(10_000, 7)).containsExactly(a);
    assertThat(RandomInput.values(10_000, 8)).isNotEqualTo(a);
    for (float v : a) {
      assertThat(v).isBetween((float) -RandomInput.BOUND, (float) RandomInput.BOUND);
    }
  }

  @Test
  void encodesFloat32AndFloat16() {
    float[] values = {1.5f, -0.1f, 2f};
    ByteBuffer f32 = RandomInput.bytes(values, DataType.FLOAT32);
    assertThat(f32.isDirect()).isTrue();
    assertThat(f32.remaining()).isEqualTo(12);
    assertThat(f32.getFloat(4)).isEqualTo(-0.1f);
    ByteBuffer f16 = RandomInput.bytes(values, DataType.FLOAT16);
    assertThat(f16.remaining()).isEqualTo(6);
    for (int i = 0; i < values.length; i++) {
      assertThat(f16.getShort(2 * i)).isEqualTo(Float16.fromFloat(values[i]));
    }
    assertThatThrownBy(() -> RandomInput.bytes(values, DataType.INT8))
        .hasMessage("the bench feeds float32 or float16 inputs, not int8");
  }
}
