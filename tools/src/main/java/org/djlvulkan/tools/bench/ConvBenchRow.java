package org.djlvulkan.tools.bench;

import org.djlvulkan.backend.ops.fp.ConvKernel;

/**
 * One benchmarked (shape, forced kernel) pair.
 *
 * @param shape the shape
 * @param kernel the kernel forced for this row
 * @param medianMicros median GPU time of the convolution's dispatches per run (timestamps)
 * @param gflops {@code 2 * MACs / time}
 * @param selected the kernel the selector picks for the shape
 */
public record ConvBenchRow(
    ConvShape shape, ConvKernel kernel, double medianMicros, double gflops, ConvKernel selected)
    implements BenchRow {

  /** Returns whether this row's kernel is the one the selector picks. */
  @Override
  public boolean isSelected() {
    return kernel == selected;
  }
}
