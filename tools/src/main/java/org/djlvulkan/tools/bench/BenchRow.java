package org.djlvulkan.tools.bench;

/** A benchmarked (shape, candidate kernel) pair, as the selection summary reads it. */
public interface BenchRow {
  /** Returns the shape. */
  ConvShape shape();

  /** Returns the median GPU time of the convolution's dispatches per run, in microseconds. */
  double medianMicros();

  /** Returns whether this row's kernel is the one the selector picks for the shape. */
  boolean isSelected();
}
