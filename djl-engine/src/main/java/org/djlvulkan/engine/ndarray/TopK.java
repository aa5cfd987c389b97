package org.djlvulkan.engine.ndarray;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The k largest (or smallest) elements along an axis and their int64 indices, always in sorted
 * order (largest first for top-k); ties keep the lower index first; NaN counts as the largest.
 */
final class TopK {
  private TopK() {}

  /**
   * Returns {@code [values, indices]}, each of {@code a}'s shape with the axis cut to {@code k}.
   *
   * @param a the input
   * @param k how many, at most the axis's size
   * @param axis the axis (may count from the end)
   * @param largest the largest when true, the smallest otherwise
   * @return the values (of {@code a}'s type) and the indices (int64)
   */
  static NDList apply(VkNDArray a, int k, int axis, boolean largest) {
    int at = Strides.axis("topK", axis, a.getShape().dimension());
    AxisView view = new AxisView(a.getShape(), at);
    if (k < 0 || k > view.length()) {
      throw new IllegalArgumentException(
          "topK: k = " + k + " is out of range for an axis of size " + view.length());
    }
    double[] x = a.toDoubles();
    long[] xl = DataTypes.isFloating(a.getDataType()) ? null : a.toLongs();
    Shape outShape = view.withLength(k);
    AxisView outView = new AxisView(outShape, at);
    int[] valueSource = new int[k * view.slices()];
    long[] indices = new long[valueSource.length];
    Integer[] order = new Integer[view.length()];
    for (int s = 0; s < view.slices(); s++) {
      int slice = s;
      Comparator<Integer> ascending =
          xl != null
              ? Comparator.comparingLong(j -> xl[view.index(slice, j)])
              : Comparator.comparingDouble(j -> x[view.index(slice, j)]);
      Comparator<Integer> byValue = largest ? ascending.reversed() : ascending;
      for (int j = 0; j < order.length; j++) {
        order[j] = j;
      }
      Arrays.sort(order, byValue.thenComparingInt(j -> j));
      for (int r = 0; r < k; r++) {
        int target = outView.index(s, r);
        valueSource[target] = view.index(s, order[r]);
        indices[target] = order[r];
      }
    }
    ByteBuffer values = Elements.gather(a.buffer(), a.getDataType(), valueSource);
    VkNDManager host = a.host();
    return new NDList(
        host.wrap(values, outShape, a.getDataType()),
        host.wrap(Elements.fromLongs(indices, DataType.INT64), outShape, DataType.INT64));
  }
}
