package org.djlvulkan.cli.bench;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;

/**
 * Times a DJL predictor on raw tensors: each run is one {@code predict} of the whole batch plus
 * reading every output back to the host, wall clock.
 */
public final class EngineTimer {
  private EngineTimer() {}

  /**
   * Runs the predictor {@code warmup} times untimed, then {@code iterations} times timed.
   *
   * @param predictor a predictor of (NDList, NDList)
   * @param manager where the input array is created (closed by the caller)
   * @param values the input values
   * @param shape the input shape
   * @param type the input element type, float32 or float16
   * @param warmup untimed runs
   * @param iterations timed runs, at least 1
   * @param afterEach called after each timed run, untimed
   * @return the time of each timed run in milliseconds
   * @throws TranslateException when a run fails
   */
  public static double[] time(
      Predictor<NDList, NDList> predictor,
      NDManager manager,
      float[] values,
      long[] shape,
      DataType type,
      int warmup,
      int iterations,
      Runnable afterEach)
      throws TranslateException {
    NDList input =
        new NDList(manager.create(RandomInput.bytes(values, type), new Shape(shape), type));
    return time(predictor, input, warmup, iterations, afterEach);
  }

  /**
   * Runs the predictor on a given input {@code warmup} times untimed, then {@code iterations} times
   * timed (8-bit images for a model loaded with a pixel input, for example).
   *
   * @param predictor a predictor of (NDList, NDList)
   * @param input the input
   * @param warmup untimed runs
   * @param iterations timed runs, at least 1
   * @param afterEach called after each timed run, untimed
   * @return the time of each timed run in milliseconds
   * @throws TranslateException when a run fails
   */
  public static double[] time(
      Predictor<NDList, NDList> predictor,
      NDList input,
      int warmup,
      int iterations,
      Runnable afterEach)
      throws TranslateException {
    return Repetitions.time(warmup, iterations, () -> runOnce(predictor, input), afterEach);
  }

  /**
   * Runs one predict and reads every output to the host.
   *
   * @param predictor the predictor
   * @param input the input
   * @throws TranslateException when the run fails
   */
  static void runOnce(Predictor<NDList, NDList> predictor, NDList input) throws TranslateException {
    try (NDList output = predictor.predict(input)) {
      for (NDArray array : output) {
        array.toByteBuffer();
      }
    }
  }
}
