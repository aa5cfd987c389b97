package org.djlvulkan.backend.ops.int8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.QuantParams;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.testing.Int8Reference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Host-packed int8 constants hold the words the layouts' reference gives, padding included. */
class Int8ConstantPackingTest {
  @ParameterizedTest
  @EnumSource(
      value = Layout.class,
      names = {"INT8_4C1W", "INT8_4W4C"})
  void packsTheWordsOfTheLayoutWithTheZeroPointInPadding(Layout layout) {
    QuantParams q = new QuantParams(0.1f, -7);
    for (int[] d : new int[][] {{2, 5, 3, 6}, {1, 1000, 1, 1}, {3, 4, 2, 4}}) {
      int[] codes = Int8Reference.random(d[0] * d[1] * d[2] * d[3], d[1] * 7L + d[3]);
      TensorSpec spec = TensorSpec.quantized(layout, q, d[0], d[1], d[2], d[3]);
      ByteBuffer bytes = Int8ConstantPacking.words(codes, spec);
      int[] words = new int[bytes.capacity() / 4];
      bytes.asIntBuffer().get(words);
      assertThat(words)
          .as("%s %dx%dx%dx%d", layout, d[0], d[1], d[2], d[3])
          .containsExactly(Int8Reference.pack(codes, d, q.zeroPoint(), layout));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Layout.class,
      names = {"INT8_4C1W"})
  void rejectsCodesThatDoNotFitTheShapeOrInt8(Layout layout) {
    TensorSpec spec = TensorSpec.quantized(layout, new QuantParams(1f, 0), 1, 4, 1, 1);
    assertThatThrownBy(() -> Int8ConstantPacking.words(new int[3], spec))
        .hasMessageContaining("3 codes do not fill");
    assertThatThrownBy(() -> Int8ConstantPacking.words(new int[] {0, 1, 200, 3}, spec))
        .hasMessageContaining("code 200 is not int8");
  }
}
