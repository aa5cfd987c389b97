package org.djlvulkan.cli.bench;

/**
 * The benchmark's timing loop, the same for the engine and the peer: untimed warm-up runs, then
 * timed runs, wall clock.
 */
public final class Repetitions {
  private Repetitions() {}

  /**
   * One run of what is timed.
   *
   * @param <E> the exception a run may throw
   */
  @FunctionalInterface
  public interface Run<E extends Exception> {
    /**
     * Runs once.
     *
     * @throws E when the run fails
     */
    void run() throws E;
  }

  /**
   * Runs {@code run} {@code warmup} times untimed, then {@code iterations} times timed.
   *
   * @param <E> the exception a run may throw
   * @param warmup untimed runs
   * @param iterations timed runs
   * @param run one run
   * @return the time of each timed run in milliseconds
   * @throws E when a run fails
   */
  public static <E extends Exception> double[] time(int warmup, int iterations, Run<E> run)
      throws E {
    return time(warmup, iterations, run, () -> {});
  }

  /**
   * Runs like {@link #time(int, int, Run)}, calling {@code afterEach} untimed after every timed run
   * (to read what the engine measured about it).
   *
   * @param <E> the exception a run may throw
   * @param warmup untimed runs
   * @param iterations timed runs
   * @param run one run
   * @param afterEach called after each timed run, outside the timing
   * @return the time of each timed run in milliseconds
   * @throws E when a run fails
   */
  public static <E extends Exception> double[] time(
      int warmup, int iterations, Run<E> run, Runnable afterEach) throws E {
    for (int i = 0; i < warmup; i++) {
      run.run();
    }
    double[] millis = new double[iterations];
    for (int i = 0; i < iterations; i++) {
      long start = System.nanoTime();
      run.run();
      millis[i] = (System.nanoTime() - start) / 1e6;
      afterEach.run();
    }
    return millis;
  }
}
