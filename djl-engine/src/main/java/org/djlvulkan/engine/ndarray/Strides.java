package org.djlvulkan.engine.ndarray;

import ai.djl.ndarray.types.Shape;

/**
 * Row-major index arithmetic shared by the host operations: every strided walk (broadcast,
 * transpose, slice, reduction) is "visit a shape in row-major order and collect {@code base +
 * sum(coordinate[i] * stride[i])}".
 */
final class Strides {
  private Strides() {}

  /**
   * Returns the row-major strides of a shape, in elements.
   *
   * @param shape the shape
   * @return one stride per dimension; the last is 1
   */
  static int[] rowMajor(Shape shape) {
    int[] strides = new int[shape.dimension()];
    int stride = 1;
    for (int i = strides.length - 1; i >= 0; i--) {
      strides[i] = stride;
      stride = Math.multiplyExact(stride, Math.toIntExact(shape.get(i)));
    }
    return strides;
  }

  /**
   * Visits {@code shape} in row-major order and returns, for each position, {@code base +
   * sum(coordinate[i] * strides[i])}.
   *
   * @param shape the shape to visit
   * @param strides one stride per dimension of {@code shape} (0 repeats an element)
   * @param base the offset of the first position
   * @return one offset per element of {@code shape}
   */
  static int[] offsets(Shape shape, int[] strides, int base) {
    int count = Math.toIntExact(shape.size());
    int rank = shape.dimension();
    int[] out = new int[count];
    int[] coord = new int[rank];
    int offset = base;
    for (int n = 0; n < count; n++) {
      out[n] = offset;
      for (int i = rank - 1; i >= 0; i--) {
        coord[i]++;
        offset += strides[i];
        if (coord[i] < shape.get(i)) {
          break;
        }
        offset -= strides[i] * coord[i];
        coord[i] = 0;
      }
    }
    return out;
  }

  /**
   * Normalizes an axis that may count from the end.
   *
   * @param op the operation's name, for the error message
   * @param axis the axis, in {@code [-rank, rank)}
   * @param rank the number of dimensions
   * @return the axis in {@code [0, rank)}
   * @throws IllegalArgumentException naming the operation when the axis is out of range
   */
  static int axis(String op, int axis, int rank) {
    int a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw new IllegalArgumentException(
          op + ": axis " + axis + " is out of range for " + rank + " dimension(s)");
    }
    return a;
  }
}
