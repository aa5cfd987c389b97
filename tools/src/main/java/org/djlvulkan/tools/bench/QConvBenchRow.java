package org.djlvulkan.tools.bench;

import org.djlvulkan.backend.ops.int8.QConvKernel;
import org.djlvulkan.backend.ops.int8.QConvVariant;
import org.djlvulkan.backend.tensor.Layout;

/**
 * One benchmarked (shape, forced q8ta kernel, input layout) triple.
 *
 * @param shape the shape
 * @param kernel the kernel forced for this row
 * @param variant the shader variant the plan chose for the kernel and input layout
 * @param inputLayout the layout the input was given in (the kernel read it without a change)
 * @param medianMicros median GPU time of the convolution's dispatches per run (timestamps)
 * @param gops {@code 2 * MACs / time}, in giga-operations per second
 * @param selected whether the selector picks this kernel and variant for a 4W4C input
 */
public record QConvBenchRow(
    ConvShape shape,
    QConvKernel kernel,
    QConvVariant variant,
    Layout inputLayout,
    double medianMicros,
    double gops,
    boolean selected)
    implements BenchRow {

  @Override
  public boolean isSelected() {
    return selected;
  }
}
