package org.djlvulkan.engine.ndarray;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * NumPy's {@code matmul} on host arrays of one element type: a 1-D operand is a row (left) or a
 * column (right) vector whose added dimension is dropped from the result, batch dimensions
 * broadcast. Floats accumulate in double, integers in long.
 */
final class MatMul {
  private MatMul() {}

  /**
   * Multiplies two arrays.
   *
   * @param a the left operand
   * @param b the right operand
   * @return the product, of the operands' type
   * @throws IllegalArgumentException for scalars, differing types, or shapes that do not multiply
   */
  static NDArray apply(VkNDArray a, VkNDArray b) {
    Shape sa = a.getShape();
    Shape sb = b.getShape();
    if (sa.dimension() == 0 || sb.dimension() == 0) {
      throw new IllegalArgumentException("matMul: scalars do not multiply, use mul");
    }
    if (a.getDataType() != b.getDataType()) {
      throw new IllegalArgumentException(
          "matMul: operand types differ: " + a.getDataType() + " and " + b.getDataType());
    }
    long[] da = sa.dimension() == 1 ? new long[] {1, sa.get(0)} : sa.getShape();
    long[] db = sb.dimension() == 1 ? new long[] {sb.get(0), 1} : sb.getShape();
    int m = Math.toIntExact(da[da.length - 2]);
    int k = Math.toIntExact(da[da.length - 1]);
    int n = Math.toIntExact(db[db.length - 1]);
    if (db[db.length - 2] != k) {
      throw new IllegalArgumentException("matMul: " + sa + " and " + sb + " do not multiply");
    }
    Shape batchA = new Shape(Arrays.copyOf(da, da.length - 2));
    Shape batchB = new Shape(Arrays.copyOf(db, db.length - 2));
    Shape batch = Broadcast.shape("matMul", batchA, batchB);
    int[] offA = Broadcast.sourceIndex(batchA, batch);
    int[] offB = Broadcast.sourceIndex(batchB, batch);
    boolean floating = DataTypes.isFloating(a.getDataType());
    double[] xa = floating ? a.toDoubles() : null;
    double[] xb = floating ? b.toDoubles() : null;
    long[] la = floating ? null : a.toLongs();
    long[] lb = floating ? null : b.toLongs();
    int count = Math.toIntExact(batch.size()) * m * n;
    ByteBuffer out = Elements.allocate(a.getDataType(), count);
    int o = 0;
    for (int p = 0; p < offA.length; p++) {
      int baseA = offA[p] * m * k;
      int baseB = offB[p] * k * n;
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          if (floating) {
            double acc = 0;
            for (int t = 0; t < k; t++) {
              acc += xa[baseA + i * k + t] * xb[baseB + t * n + j];
            }
            Elements.putDouble(out, a.getDataType(), o++, acc);
          } else {
            long acc = 0;
            for (int t = 0; t < k; t++) {
              acc += la[baseA + i * k + t] * lb[baseB + t * n + j];
            }
            Elements.putLong(out, a.getDataType(), o++, acc);
          }
        }
      }
    }
    long[] dims = Arrays.copyOf(batch.getShape(), batch.dimension() + 2);
    dims[dims.length - 2] = m;
    dims[dims.length - 1] = n;
    Shape result = new Shape(dims);
    if (sb.dimension() == 1) {
      result = result.slice(0, result.dimension() - 1);
    }
    if (sa.dimension() == 1) {
      long[] r = result.getShape();
      long[] without = new long[r.length - 1];
      int cut = sb.dimension() == 1 ? r.length - 1 : r.length - 2;
      for (int i = 0, w = 0; i < r.length; i++) {
        if (i != cut) {
          without[w++] = r[i];
        }
      }
      result = new Shape(without);
    }
    return a.host().wrap(out, result, a.getDataType());
  }
}
