package org.djlvulkan.engine;

import java.util.Locale;
import org.djlvulkan.backend.model.RunTiming;

/** Formats the phases of one run for the model property {@link VkModel#TIMING}. */
final class RunPhases {
  private RunPhases() {}

  /**
   * Returns the phases as {@code key=value} pairs separated by {@code ;}.
   *
   * @param prepareMicros converting the input NDArrays to host tensors
   * @param t what the session measured
   * @param outputsMicros converting the outputs to NDArrays
   * @return the text
   */
  static String format(double prepareMicros, RunTiming t, double outputsMicros) {
    return String.format(
        Locale.ROOT,
        "prepare=%.1f;upload=%.1f;gpu=%.1f;wait=%.1f;readback=%.1f;host=%.1f;outputs=%.1f;"
            + "dispatches=%d;steps=%d;deviceInputs=%d",
        prepareMicros,
        t.uploadMicros(),
        t.gpuMicros(),
        t.waitMicros(),
        t.readbackMicros(),
        t.hostMicros(),
        outputsMicros,
        t.dispatches(),
        t.deviceSteps(),
        t.deviceInputs());
  }
}
