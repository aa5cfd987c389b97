package org.djlvulkan.backend.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.InferenceSession;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.model.NodeTiming;
import org.djlvulkan.backend.model.Precision;
import org.djlvulkan.backend.model.RunTiming;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a session measures about every run, without per-node profiling. */
@ExtendWith(VulkanExtension.class)
class RunTimingTest {
  private static final int FLOAT = 1;

  /** A 3x3 convolution of 8 channels over 6 x 6 (padding 1) followed by a ReLU. */
  private static byte[] convModel() {
    return new OnnxWriter(13)
        .input("x", FLOAT, 1, 8, 6, 6)
        .output("y", FLOAT, 1, 8, 6, 6)
        .initializer("w", OpRunner.random(8 * 8 * 9, 1), 8, 8, 3, 3)
        .conv3x3SamePadding("x", "w", "c")
        .node("Relu", List.of("c"), List.of("y"))
        .build();
  }

  @Test
  void theProfileCountsEachConvolutionsMultiplyAdds() {
    boolean timestamps = VulkanExtension.device().supportsTimestamps();
    ModelOptions profiling = ModelOptions.DEFAULT.withProfiling(true);
    for (Precision precision : List.of(Precision.FP32, Precision.FP16)) {
      try (InferenceModel m =
              OnnxModels.load(
                  VulkanExtension.device(),
                  convModel(),
                  "macs.onnx",
                  profiling.withPrecision(precision));
          InferenceSession s = m.newSession()) {
        s.run(List.of(HostTensor.ofFloats(OpRunner.random(8 * 36, 2), 1, 8, 6, 6)));
        List<NodeTiming> profile = s.lastProfile();
        if (!timestamps) {
          // Without timestamp queries there is no per-node profile to count in.
          assertThat(profile).isEmpty();
          continue;
        }
        // N * OH * OW * OC * IC * KH * KW, whichever kernel ran it; layout passes count none.
        assertThat(profile.stream().mapToLong(NodeTiming::multiplyAdds).sum())
            .as("%s: %s", precision, profile)
            .isEqualTo(1L * 6 * 6 * 8 * 8 * 3 * 3);
      }
    }
  }

  @Test
  void everyRunReportsItsPhasesAndTheDeviceSpan() {
    byte[] model = convModel();
    try (InferenceModel m =
            OnnxModels.load(VulkanExtension.device(), model, "timing.onnx", ModelOptions.DEFAULT);
        InferenceSession s = m.newSession()) {
      assertThat(s.lastTiming()).isEqualTo(RunTiming.NONE);
      s.run(List.of(HostTensor.ofFloats(OpRunner.random(8 * 36, 2), 1, 8, 6, 6)));
      RunTiming t = s.lastTiming();
      assertThat(t.deviceSteps()).isEqualTo(1);
      assertThat(t.dispatches()).isGreaterThanOrEqualTo(3); // layout in, conv, layout out
      assertThat(t.waitMicros()).isPositive();
      assertThat(t.uploadMicros()).isGreaterThanOrEqualTo(0);
      assertThat(t.readbackMicros()).isGreaterThanOrEqualTo(0);
      assertThat(t.hostMicros()).isZero();
      if (VulkanExtension.device().supportsTimestamps()) {
        // The device's span lies inside the wall time of submit and wait.
        assertThat(t.gpuMicros()).isPositive().isLessThanOrEqualTo(t.waitMicros());
      } else {
        assertThat(t.gpuMicros()).isNaN();
      }
    }
  }
}
