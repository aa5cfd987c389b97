package org.djlvulkan.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import org.djlvulkan.cli.CliException;
import org.junit.jupiter.api.Test;

/** The model properties bench reads, on a model of DJL's ONNX Runtime engine. */
class EngineMetricsTest {
  @Test
  void readsTheEnginesModelProperties() {
    try (Model model = Model.newInstance("m", "OnnxRuntime")) {
      assertThat(EngineMetrics.weightBytes(model)).isEmpty();
      assertThat(EngineMetrics.peakActivationBytes(model)).isEmpty();
      assertThat(EngineMetrics.profile(model)).isEmpty();

      model.setProperty(EngineMetrics.WEIGHT_BYTES, "25530000");
      model.setProperty(EngineMetrics.PEAK_ACTIVATION_BYTES, " 8000000 ");
      model.setProperty(EngineMetrics.PROFILE, "conv1\t120.5\n\nfc\t3.25\n");
      assertThat(EngineMetrics.weightBytes(model)).hasValue(25_530_000);
      assertThat(EngineMetrics.peakActivationBytes(model)).hasValue(8_000_000);
      assertThat(EngineMetrics.profile(model)).containsExactly("conv1\t120.5", "fc\t3.25");

      model.setProperty(EngineMetrics.WEIGHT_BYTES, "12 MiB");
      assertThatThrownBy(() -> EngineMetrics.weightBytes(model))
          .isInstanceOf(CliException.class)
          .hasMessage(
              "the engine set the model property djl.vulkan.memory.weights to '12 MiB', not a"
                  + " number");
    }
  }
}
