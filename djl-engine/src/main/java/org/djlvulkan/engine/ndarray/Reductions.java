package org.djlvulkan.engine.ndarray;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * Reductions over axes (sum, product, mean, max, min) and the index of the extreme along an axis
 * (argMax, argMin). Floats accumulate in double; integers in long.
 */
final class Reductions {
  /** What a reduction computes. */
  enum Kind {
    /** The sum: integer and boolean inputs give int64 (as PyTorch does). */
    SUM(0, 0, Double::sum, Long::sum),
    /** The product: integer and boolean inputs give int64. */
    PROD(1, 1, (acc, v) -> acc * v, (acc, v) -> acc * v),
    /** The arithmetic mean: integer and boolean inputs give float32. */
    MEAN(0, 0, Double::sum, Long::sum),
    /** The largest element (NaN wins); the input's type. */
    MAX(Double.NEGATIVE_INFINITY, Long.MIN_VALUE, Math::max, Math::max),
    /** The smallest element (NaN wins); the input's type. */
    MIN(Double.POSITIVE_INFINITY, Long.MAX_VALUE, Math::min, Math::min);

    private final double identity;
    private final long integerIdentity;
    private final DoubleBinaryOperator floatStep;
    private final LongBinaryOperator integerStep;

    Kind(
        double identity,
        long integerIdentity,
        DoubleBinaryOperator floatStep,
        LongBinaryOperator integerStep) {
      this.identity = identity;
      this.integerIdentity = integerIdentity;
      this.floatStep = floatStep;
      this.integerStep = integerStep;
    }

    /** Returns the DJL method name, for messages. */
    String opName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** One accumulation step in floating point. */
    DoubleBinaryOperator floatStep() {
      return floatStep;
    }

    /** One accumulation step on integers (wrapping, as Java and PyTorch's int64 do). */
    LongBinaryOperator integerStep() {
      return integerStep;
    }

    /** The value a float accumulator starts from. */
    double identity() {
      return identity;
    }

    /** The value an integer accumulator starts from. */
    long integerIdentity() {
      return integerIdentity;
    }

    DataType resultType(DataType input) {
      if (DataTypes.isFloating(input) || this == MAX || this == MIN) {
        return input;
      }
      return this == MEAN ? DataType.FLOAT32 : DataType.INT64;
    }
  }

  private Reductions() {}

  /**
   * Reduces over the given axes, or over all axes when {@code axes} is null.
   *
   * @param kind what to compute
   * @param a the input
   * @param axes the axes to reduce (may count from the end), null for all
   * @param keepDims keep reduced axes as size 1
   * @return the result
   */
  static VkNDArray reduce(Kind kind, VkNDArray a, int[] axes, boolean keepDims) {
    Shape shape = a.getShape();
    int rank = shape.dimension();
    boolean[] reduced = new boolean[rank];
    for (int i = 0; i < rank; i++) {
      reduced[i] = axes == null;
    }
    if (axes != null) {
      for (int axis : axes) {
        reduced[Strides.axis(kind.opName(), axis, rank)] = true;
      }
    }
    long[] kept = new long[rank];
    List<Long> outDims = new ArrayList<>();
    for (int i = 0; i < rank; i++) {
      kept[i] = reduced[i] ? 1 : shape.get(i);
      if (!reduced[i] || keepDims) {
        outDims.add(kept[i]);
      }
    }
    Shape keptShape = new Shape(kept);
    int[] keptStrides = Strides.rowMajor(keptShape);
    for (int i = 0; i < rank; i++) {
      if (reduced[i]) {
        keptStrides[i] = 0;
      }
    }
    int[] target = Strides.offsets(shape, keptStrides, 0);
    int outCount = Math.toIntExact(keptShape.size());
    int perOutput = outCount == 0 ? 0 : a.elementCount() / outCount;
    if (perOutput == 0 && (kind == Kind.MAX || kind == Kind.MIN) && outCount > 0) {
      throw new IllegalArgumentException(
          kind.opName() + ": cannot reduce " + shape + " over an empty axis");
    }
    DataType type = kind.resultType(a.getDataType());
    ByteBuffer out = Elements.allocate(type, outCount);
    if (DataTypes.isFloating(a.getDataType()) || kind == Kind.MEAN) {
      double[] acc = accumulate(kind, a.toDoubles(), target, outCount);
      for (int i = 0; i < outCount; i++) {
        Elements.putDouble(out, type, i, kind == Kind.MEAN ? acc[i] / perOutput : acc[i]);
      }
    } else {
      long[] acc = accumulate(kind, a.toLongs(), target, outCount);
      for (int i = 0; i < outCount; i++) {
        Elements.putLong(out, type, i, acc[i]);
      }
    }
    return a.host().wrap(out, new Shape(outDims), type);
  }

  private static double[] accumulate(Kind kind, double[] x, int[] target, int outCount) {
    double[] acc = new double[outCount];
    Arrays.fill(acc, kind.identity());
    DoubleBinaryOperator op = kind.floatStep();
    for (int i = 0; i < x.length; i++) {
      acc[target[i]] = op.applyAsDouble(acc[target[i]], x[i]);
    }
    return acc;
  }

  private static long[] accumulate(Kind kind, long[] x, int[] target, int outCount) {
    long[] acc = new long[outCount];
    Arrays.fill(acc, kind.integerIdentity());
    LongBinaryOperator op = kind.integerStep();
    for (int i = 0; i < x.length; i++) {
      acc[target[i]] = op.applyAsLong(acc[target[i]], x[i]);
    }
    return acc;
  }

  /**
   * Returns the int64 index of the largest (or smallest) element along an axis, the first on ties;
   * NaN counts as the extreme (as in PyTorch). A null axis indexes the flattened array.
   *
   * @param a the input, not empty
   * @param axis the axis (may count from the end), or null
   * @param largest argMax when true, argMin otherwise
   * @return the indices, with the axis removed
   */
  static VkNDArray argExtreme(VkNDArray a, Integer axis, boolean largest) {
    String op = largest ? "argMax" : "argMin";
    if (a.elementCount() == 0) {
      throw new IllegalArgumentException(op + ": the array " + a.getShape() + " is empty");
    }
    Shape shape = axis == null ? new Shape(a.elementCount()) : a.getShape();
    int at = axis == null ? 0 : Strides.axis(op, axis, shape.dimension());
    AxisView view = new AxisView(shape, at);
    boolean floating = DataTypes.isFloating(a.getDataType());
    double[] x = floating ? a.toDoubles() : null;
    long[] xl = floating ? null : a.toLongs();
    long[] best = new long[view.slices()];
    for (int s = 0; s < best.length; s++) {
      int b = 0;
      for (int k = 1; k < view.length(); k++) {
        int cur = view.index(s, k);
        int old = view.index(s, b);
        boolean better =
            xl != null
                ? (largest ? xl[cur] > xl[old] : xl[cur] < xl[old])
                : !Double.isNaN(x[old])
                    && (Double.isNaN(x[cur]) || (largest ? x[cur] > x[old] : x[cur] < x[old]));
        if (better) {
          b = k;
        }
      }
      best[s] = b;
    }
    Shape out = axis == null ? new Shape() : view.without();
    return a.host().wrap(Elements.fromLongs(best, DataType.INT64), out, DataType.INT64);
  }
}
