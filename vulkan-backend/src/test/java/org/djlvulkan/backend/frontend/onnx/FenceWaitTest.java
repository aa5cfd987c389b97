package org.djlvulkan.backend.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.FLOAT;

import java.util.List;
import org.djlvulkan.backend.config.FenceWait;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.InferenceSession;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.testing.TestDevice;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A device that polls its fences runs models as a blocking one does; {@code auto} resolves per
 * device.
 */
@ExtendWith(VulkanExtension.class)
class FenceWaitTest {
  @Test
  void aSpinningDeviceRunsModelsAsABlockingOneDoes() {
    byte[] model =
        new OnnxWriter(17)
            .input("x", FLOAT, 2, 3)
            .output("y", FLOAT, 2, 3)
            .node("Relu", List.of("x"), List.of("y"))
            .build();
    try (VulkanDevice device =
            VulkanDevice.open(TestDevice.options().withFenceWait(FenceWait.SPIN));
        InferenceModel m = OnnxModels.load(device, model, "relu.onnx", ModelOptions.DEFAULT);
        InferenceSession s = m.newSession()) {
      for (int run = 0; run < 20; run++) {
        float[] x = {run - 3f, -1f, 0f, 2f, -run, 0.5f * run};
        float[] y = s.run(List.of(HostTensor.ofFloats(x, 2, 3))).get(0).toFloats();
        float[] expected = new float[x.length];
        for (int i = 0; i < x.length; i++) {
          expected[i] = Math.max(0f, x[i]);
        }
        assertThat(y).as("run %d", run).containsExactly(expected);
      }
    }
  }

  @Test
  void autoResolvesPerDevice() {
    try (VulkanDevice device =
        VulkanDevice.open(TestDevice.options().withFenceWait(FenceWait.AUTO))) {
      assertThat(device.fenceWait())
          .as("%s", device.info().describe())
          .isEqualTo(device.info().type().isGpu() ? FenceWait.SPIN : FenceWait.BLOCK);
    }
  }
}
