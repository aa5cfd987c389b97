package org.djlvulkan.backend.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.model.UnsupportedModelException;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * LpPool on the GPU against ONNX Runtime: p of 1, 2 and 3 with strides and pads; dilation and ceil
 * mode are refused by name.
 */
@ExtendWith(VulkanExtension.class)
class LpPoolTest {
  private static final int FLOAT = 1;

  private static byte[] lpPool(int p, long[] out, byte[]... attrs) {
    return new OnnxWriter(18)
        .input("x", FLOAT, 2, 5, 9, 8)
        .output("y", FLOAT, out)
        .node("LpPool", List.of("x"), List.of("y"), attrs)
        .build();
  }

  private static List<HostTensor> input() {
    long[] shape = {2, 5, 9, 8};
    return List.of(HostTensor.ofFloats(OpRunner.random(OpRunner.count(shape), 5), shape));
  }

  @Test
  void everyNormWithStridesAndPadsMatchesOnnxRuntime() {
    for (int p = 1; p <= 3; p++) {
      byte[] model =
          lpPool(
              p,
              new long[] {2, 5, 5, 4},
              OnnxWriter.i("p", p),
              OnnxWriter.ints("kernel_shape", 3, 2),
              OnnxWriter.ints("strides", 2, 2),
              OnnxWriter.ints("pads", 1, 0, 1, 0));
      OrtComparison.assertMatches("LpPool p=" + p, model, List.of("x"), input());
    }
  }

  @Test
  void aDilatedWindowIsRefusedByName() {
    // The average pool it runs on has no dilation.
    byte[] model =
        lpPool(
            2,
            new long[] {2, 5, 5, 6},
            OnnxWriter.ints("kernel_shape", 3, 2),
            OnnxWriter.ints("dilations", 2, 2));
    assertRefused(model, "dilation");
  }

  @Test
  void ceilModeIsRefusedByName() {
    byte[] model =
        lpPool(
            2,
            new long[] {2, 5, 5, 4},
            OnnxWriter.ints("kernel_shape", 2, 2),
            OnnxWriter.ints("strides", 2, 2),
            OnnxWriter.i("ceil_mode", 1));
    assertRefused(model, "ceil_mode");
  }

  private static void assertRefused(byte[] model, String feature) {
    assertThatThrownBy(
            () ->
                OnnxModels.load(
                    VulkanExtension.device(), model, "lppool.onnx", ModelOptions.DEFAULT))
        .isInstanceOf(UnsupportedModelException.class)
        .hasMessageContaining("LpPool")
        .hasMessageContaining(feature);
  }
}
