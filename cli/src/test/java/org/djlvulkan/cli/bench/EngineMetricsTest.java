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

  @Test
  void readsWhereTheLastRunsTimeWent() {
    try (Model model = Model.newInstance("m", "OnnxRuntime")) {
      assertThat(EngineMetrics.timing(model)).isEmpty();
      model.setProperty(
          EngineMetrics.TIMING, "prepare=12.5;upload=3.0;gpu=NaN;wait=800.0;dispatches=95;steps=1");
      assertThat(EngineMetrics.timing(model))
          .containsExactly(
              java.util.Map.entry("prepare", 12.5),
              java.util.Map.entry("upload", 3.0),
              java.util.Map.entry("gpu", Double.NaN),
              java.util.Map.entry("wait", 800.0),
              java.util.Map.entry("dispatches", 95.0),
              java.util.Map.entry("steps", 1.0));
      model.setProperty(EngineMetrics.TIMING, "wait=soon");
      assertThatThrownBy(() -> EngineMetrics.timing(model)).isInstanceOf(CliException.class);
    }
  }
}
