package org.djlvulkan.engine.ndarray;

import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;

/**
 * Softmax and log-softmax along an axis, computed in double with the maximum subtracted first;
 * integer inputs give float32.
 */
final class Softmax {
  private Softmax() {}

  /**
   * Returns {@code exp(x - max) / sum(exp(x - max))} along the axis, or its logarithm.
   *
   * @param a the input
   * @param axis the axis (may count from the end)
   * @param log log-softmax instead of softmax
   * @return a new array of {@code a}'s shape
   */
  static VkNDArray apply(VkNDArray a, int axis, boolean log) {
    String op = log ? "logSoftmax" : "softmax";
    AxisView view = new AxisView(a.getShape(), Strides.axis(op, axis, a.getShape().dimension()));
    DataType type = DataTypes.isFloating(a.getDataType()) ? a.getDataType() : DataType.FLOAT32;
    double[] x = a.toDoubles();
    ByteBuffer out = Elements.allocate(type, x.length);
    for (int s = 0; s < view.slices(); s++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < view.length(); k++) {
        max = Math.max(max, x[view.index(s, k)]);
      }
      double sum = 0;
      for (int k = 0; k < view.length(); k++) {
        sum += Math.exp(x[view.index(s, k)] - max);
      }
      double logSum = Math.log(sum);
      for (int k = 0; k < view.length(); k++) {
        int i = view.index(s, k);
        double shifted = x[i] - max;
        Elements.putDouble(out, type, i, log ? shifted - logSum : Math.exp(shifted) / sum);
      }
    }
    return a.host().wrap(out, a.getShape(), type);
  }
}
