package org.djlvulkan.tools.bench;

/**
 * One step kind's rate on the device (medians over the timed runs).
 *
 * @param step the step
 * @param micros GPU time of the dispatch
 * @param stepsPerNanosecond chains' steps per nanosecond, over all invocations
 * @param relativeToFma the rate over the float multiply-add's in the same run
 */
public record AluBenchRow(
    AluStep step, double micros, double stepsPerNanosecond, double relativeToFma) {}
