package org.djlvulkan.cli.bench;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.translate.TranslateException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Measures throughput with several streams: each stream is a thread with its own predictor and
 * input that runs {@code warmup} untimed and then {@code iterations} timed batches; the streams
 * start the timed part together, and the wall clock from that start to the last stream's end gives
 * images per second.
 */
public final class StreamThroughput {
  private StreamThroughput() {}

  /**
   * One stream's predictor and input.
   *
   * @param predictor the stream's own predictor
   * @param input the stream's own input
   */
  public record Stream(Predictor<NDList, NDList> predictor, NDList input) {}

  /**
   * Runs the streams.
   *
   * @param streams the streams (closed by the caller)
   * @param batch images per input
   * @param warmup untimed runs per stream
   * @param iterations timed runs per stream
   * @return images per second over all streams
   * @throws TranslateException when a run fails
   */
  public static double imagesPerSecond(List<Stream> streams, int batch, int warmup, int iterations)
      throws TranslateException {
    long[] startNanos = new long[1];
    CyclicBarrier timed =
        new CyclicBarrier(streams.size(), () -> startNanos[0] = System.nanoTime());
    ExecutorService pool = Executors.newFixedThreadPool(streams.size());
    try {
      List<Future<Long>> ends = new ArrayList<>();
      for (Stream s : streams) {
        ends.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < warmup; i++) {
                    EngineTimer.runOnce(s.predictor(), s.input());
                  }
                  timed.await();
                  for (int i = 0; i < iterations; i++) {
                    EngineTimer.runOnce(s.predictor(), s.input());
                  }
                  return System.nanoTime();
                }));
      }
      long last = 0;
      for (Future<Long> end : ends) {
        last = Math.max(last, get(end));
      }
      double seconds = (last - startNanos[0]) / 1e9;
      return (double) streams.size() * iterations * batch / seconds;
    } finally {
      pool.shutdownNow();
    }
  }

  private static long get(Future<Long> f) throws TranslateException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TranslateException("interrupted while streams ran", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TranslateException t) {
        throw t;
      }
      throw new TranslateException("a stream failed: " + cause, cause);
    }
  }

  /**
   * Opens {@code count} streams.
   *
   * @param count how many
   * @param predictor opens a predictor
   * @param input makes an input
   * @return the streams
   */
  public static List<Stream> open(
      int count, Supplier<Predictor<NDList, NDList>> predictor, Supplier<NDList> input) {
    List<Stream> streams = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      streams.add(new Stream(predictor.get(), input.get()));
    }
    return streams;
  }
}
