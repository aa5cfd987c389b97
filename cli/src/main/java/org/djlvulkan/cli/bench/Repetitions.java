package org.djlvulkan.cli.bench;

/**
 * The benchmark's timing loop, the same for the engine and the peer: untimed warm-up runs, then
 * timed runs, wall clock.
 */
public final class Repetitions {
  /**
   * A warm-up of at least one run lasts at least this long: the JIT compiles the host path only
   * after some hundred runs, and with 20 warm-up runs of ResNet50 int8 (1.3 ms each on an H100) the
   * timed runs still paid 0.4 ms of interpreted host code each.
   */
  public static final long MIN_WARMUP_NANOS = 1_000_000_000L;

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
   * Runs {@code run} {@code warmup} times untimed (and, when that is not zero, for at least {@link
   * #MIN_WARMUP_NANOS}), then {@code iterations} times timed.
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
    long warmupEnd = System.nanoTime() + MIN_WARMUP_NANOS;
    for (int i = 0; i < warmup || (warmup > 0 && System.nanoTime() < warmupEnd); i++) {
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
