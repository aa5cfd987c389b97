package org.djlvulkan.engine.ndarray;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;

/**
 * Operations that pick and reorder elements without arithmetic: sort and argSort (through {@link
 * TopK}), flip, booleanMask. Every element type works; the results are host arrays.
 */
final class Selection {
  private Selection() {}

  /**
   * Sorts along an axis, ascending or descending; NaN sorts as the largest value and equal values
   * keep their order.
   *
   * @param a the array
   * @param axis the axis (may count from the end)
   * @param ascending the order
   * @return the sorted values
   */
  static NDArray sort(VkNDArray a, int axis, boolean ascending) {
    return whole(a, axis, ascending).get(0);
  }

  /**
   * Returns the int64 indices that sort an axis, as {@link #sort} orders it.
   *
   * @param a the array
   * @param axis the axis (may count from the end)
   * @param ascending the order
   * @return the indices
   */
  static NDArray argSort(VkNDArray a, int axis, boolean ascending) {
    return whole(a, axis, ascending).get(1);
  }

  private static NDList whole(VkNDArray a, int axis, boolean ascending) {
    int at = Strides.axis("sort", axis, a.getShape().dimension());
    return TopK.apply(a, Math.toIntExact(a.getShape().get(at)), at, !ascending);
  }

  /**
   * Reverses the order of elements along axes.
   *
   * @param a the array
   * @param axes the axes (may count from the end); none reverses nothing
   * @return the flipped array
   */
  static NDArray flip(VkNDArray a, int... axes) {
    Shape shape = a.getShape();
    int rank = shape.dimension();
    int[] strides = Strides.rowMajor(shape);
    int base = 0;
    for (int axis : axes) {
      int at = Strides.axis("flip", axis, rank);
      if (strides[at] > 0) {
        base += strides[at] * (Math.toIntExact(shape.get(at)) - 1);
        strides[at] = -strides[at];
      }
    }
    int[] source = Strides.offsets(shape, strides, base);
    return a.host()
        .wrap(Elements.gather(a.buffer(), a.getDataType(), source), shape, a.getDataType());
  }

  /**
   * Keeps the elements where a boolean mask is true: the mask covers dimensions {@code axis} to
   * {@code axis + mask rank} of the array, which become one dimension of the kept count.
   *
   * @param a the array
   * @param mask a boolean array
   * @param axis where the mask's dimensions start (may count from the end)
   * @return the kept elements
   * @throws IllegalArgumentException when the mask is not boolean or its shape does not match
   */
  static NDArray booleanMask(VkNDArray a, NDArray mask, int axis) {
    if (mask.getDataType() != DataType.BOOLEAN) {
      throw new IllegalArgumentException(
          "booleanMask: the mask must be boolean, is " + mask.getDataType());
    }
    Shape shape = a.getShape();
    int at = Strides.axis("booleanMask", axis, shape.dimension());
    Shape maskShape = mask.getShape();
    int maskRank = maskShape.dimension();
    if (at + maskRank > shape.dimension() || !shape.slice(at, at + maskRank).equals(maskShape)) {
      throw new IllegalArgumentException(
          "booleanMask: mask " + maskShape + " does not match " + shape + " at axis " + at);
    }
    boolean[] keep = mask.toBooleanArray();
    int outer = Math.toIntExact(shape.slice(0, at).size());
    int inner = Math.toIntExact(shape.slice(at + maskRank).size());
    int kept = 0;
    for (boolean k : keep) {
      kept += k ? 1 : 0;
    }
    int[] source = new int[outer * kept * inner];
    int n = 0;
    for (int o = 0; o < outer; o++) {
      for (int m = 0; m < keep.length; m++) {
        if (keep[m]) {
          for (int i = 0; i < inner; i++) {
            source[n++] = (o * keep.length + m) * inner + i;
          }
        }
      }
    }
    long[] dims = new long[shape.dimension() - maskRank + 1];
    long[] all = shape.getShape();
    System.arraycopy(all, 0, dims, 0, at);
    dims[at] = kept;
    System.arraycopy(all, at + maskRank, dims, at + 1, all.length - at - maskRank);
    ByteBuffer out = Elements.gather(a.buffer(), a.getDataType(), source);
    return a.host().wrap(out, new Shape(dims), a.getDataType());
  }
}
