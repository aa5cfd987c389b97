package org.djlvulkan.engine.ndarray;

import ai.djl.ndarray.types.Shape;

/**
 * NumPy broadcasting: the shapes are aligned at their last dimension; each pair of dimensions must
 * be equal or one of them 1, and the result takes the larger.
 */
final class Broadcast {
  private Broadcast() {}

  /**
   * Returns the shape two operands broadcast to.
   *
   * @param op the operation's name, for the error message
   * @param a the left operand's shape
   * @param b the right operand's shape
   * @return the broadcast shape
   * @throws IllegalArgumentException naming the operation and both shapes when they do not fit
   */
  static Shape shape(String op, Shape a, Shape b) {
    int rank = Math.max(a.dimension(), b.dimension());
    long[] out = new long[rank];
    for (int i = 0; i < rank; i++) {
      long da = aligned(a, i, rank);
      long db = aligned(b, i, rank);
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(
            op + ": shapes " + a + " and " + b + " do not broadcast together");
      }
      out[i] = da == 1 ? db : da;
    }
    return new Shape(out);
  }

  private static long aligned(Shape s, int i, int rank) {
    int j = i - (rank - s.dimension());
    return j >= 0 ? s.get(j) : 1;
  }

  /**
   * Maps every element of the broadcast result to the element of the operand it reads.
   *
   * @param from the operand's shape; must broadcast to {@code to}
   * @param to the result shape
   * @return for each flat index of the result, the operand's flat index
   */
  static int[] sourceIndex(Shape from, Shape to) {
    int rank = to.dimension();
    int[] fromStrides = Strides.rowMajor(from);
    int[] strides = new int[rank];
    for (int i = 0; i < rank; i++) {
      int j = i - (rank - from.dimension());
      strides[i] = j < 0 || from.get(j) == 1 ? 0 : fromStrides[j];
    }
    return Strides.offsets(to, strides, 0);
  }
}
