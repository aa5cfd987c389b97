package org.djlvulkan.backend.passes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.ir.ShapeRules;
import org.djlvulkan.backend.ir.TensorData;

/**
 * The host references of ONNX operators outside the CNN kernels that run on the host only (a folded
 * constant, or a host step between device steps): the trigonometric and hyperbolic functions,
 * Hardmax, Compress, ReverseSequence, Det and Einsum. Floats are computed in double and rounded to
 * the input's type; bad parameters are reported as {@link IllegalArgumentException}s, which the
 * evaluator turns into the node's error.
 */
final class HostMath {
  private HostMath() {}

  /** Returns the function of a trigonometric or hyperbolic operator, or null for another one. */
  static DoubleUnaryOperator trigonometric(Op op) {
    return switch (op) {
      case SIN -> Math::sin;
      case COS -> Math::cos;
      case TAN -> Math::tan;
      case ASIN -> Math::asin;
      case ACOS -> Math::acos;
      case ATAN -> Math::atan;
      case SINH -> Math::sinh;
      case COSH -> Math::cosh;
      case ASINH -> x -> Double.isInfinite(x) ? x : Math.log(x + Math.sqrt(x * x + 1));
      case ACOSH -> x -> Math.log(x + Math.sqrt(x * x - 1));
      case ATANH -> x -> 0.5 * Math.log((1 + x) / (1 - x));
      default -> null;
    };
  }

  /** Applies a float function element by element, rounding to the input's type. */
  static TensorData map(TensorData x, DoubleUnaryOperator f) {
    if (!x.type().isFloat()) {
      throw new IllegalArgumentException("needs a float input, got " + x);
    }
    double[] v = x.toDoubles();
    for (int i = 0; i < v.length; i++) {
      v[i] = f.applyAsDouble(v[i]);
    }
    return TensorData.ofDoubles(x.type(), v, x.shape());
  }

  /**
   * MeanVarianceNormalization: {@code (x - mean) / (sqrt(var) + 1e-9)} with the mean and the
   * (biased) variance over {@code axes}.
   */
  static TensorData meanVarianceNormalization(TensorData x, long[] axes) {
    long[] s = x.shape();
    boolean[] reduced = ShapeRules.reducedAxes(axes, s.length, false);
    long[] strides = ShapeRules.strides(s);
    long[] kept = ShapeRules.reducedShape(s, reduced, true);
    long[] keptStrides = ShapeRules.strides(kept);
    double[] v = x.toDoubles();
    int groups = (int) Arrays.stream(kept).reduce(1, (p, q) -> p * q);
    double[] sum = new double[groups];
    double[] squares = new double[groups];
    int[] group = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      long g = 0;
      for (int d = 0; d < s.length; d++) {
        g += reduced[d] ? 0 : ((i / strides[d]) % s[d]) * keptStrides[d];
      }
      group[i] = (int) g;
      sum[group[i]] += v[i];
    }
    double count = v.length == 0 ? 1 : (double) v.length / groups;
    for (int i = 0; i < v.length; i++) {
      double c = v[i] - sum[group[i]] / count;
      squares[group[i]] += c * c;
    }
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      double mean = sum[group[i]] / count;
      out[i] = (v[i] - mean) / (Math.sqrt(squares[group[i]] / count) + 1e-9);
    }
    return TensorData.ofDoubles(x.type(), out, s);
  }

  /**
   * Unique: the distinct elements (without an axis, of the flattened input) or slices along the
   * axis, sorted ascending (lexicographically for slices) or in order of first appearance, with the
   * first appearance of each, each input's position in the result, and the counts (int64).
   */
  static List<TensorData> unique(TensorData x, Long axisAttr, boolean sorted) {
    TensorData in = axisAttr == null ? x.reshape(x.count()) : x;
    long[] s = in.shape();
    int axis = ShapeRules.axis(axisAttr == null ? 0 : axisAttr, s.length, "axis");
    long[] v = ShapeRules.aroundAxis(s, axis);
    int len = (int) v[1];
    int after = (int) v[2];
    int width = (int) (v[0] * after);
    double[] src = in.toDoubles();
    double[][] slices = new double[len][width];
    for (int b = 0; b < v[0]; b++) {
      for (int k = 0; k < len; k++) {
        for (int a = 0; a < after; a++) {
          slices[k][b * after + a] = src[(b * len + k) * after + a];
        }
      }
    }
    // Each distinct slice's number (in order of first appearance) and its first position.
    Map<List<Double>, Integer> numbers = new HashMap<>();
    List<Integer> firsts = new ArrayList<>();
    int[] inverse = new int[len];
    for (int k = 0; k < len; k++) {
      int next = firsts.size();
      inverse[k] = numbers.computeIfAbsent(Arrays.stream(slices[k]).boxed().toList(), key -> next);
      if (inverse[k] == next) {
        firsts.add(k);
      }
    }
    Integer[] order = new Integer[firsts.size()];
    for (int u = 0; u < order.length; u++) {
      order[u] = u;
    }
    if (sorted) {
      Arrays.sort(order, (p, q) -> Arrays.compare(slices[firsts.get(p)], slices[firsts.get(q)]));
    }
    int[] rank = new int[order.length];
    for (int r = 0; r < order.length; r++) {
      rank[order[r]] = r;
    }
    long[] counts = new long[order.length];
    long[] inverseOut = new long[len];
    for (int k = 0; k < len; k++) {
      inverseOut[k] = rank[inverse[k]];
      counts[rank[inverse[k]]]++;
    }
    long[] indices = new long[order.length];
    double[] y = new double[(int) (v[0] * order.length * after)];
    for (int r = 0; r < order.length; r++) {
      int first = firsts.get(order[r]);
      indices[r] = first;
      for (int b = 0; b < v[0]; b++) {
        for (int a = 0; a < after; a++) {
          y[(b * order.length + r) * after + a] = slices[first][b * after + a];
        }
      }
    }
    long[] yShape = s.clone();
    yShape[axis] = order.length;
    return List.of(
        TensorData.ofDoubles(x.type(), y, yShape),
        TensorData.ofLongs(indices, indices.length),
        TensorData.ofLongs(inverseOut, len),
        TensorData.ofLongs(counts, counts.length));
  }

  /** Hardmax: 1 at the first largest element along the axis, 0 elsewhere. */
  static TensorData hardmax(TensorData x, long axisAttr) {
    long[] s = x.shape();
    int axis = ShapeRules.axis(axisAttr, s.length, "axis");
    long[] v = ShapeRules.aroundAxis(s, axis);
    int before = (int) v[0];
    int len = (int) v[1];
    int after = (int) v[2];
    double[] in = x.toDoubles();
    double[] out = new double[in.length];
    for (int b = 0; b < before; b++) {
      for (int a = 0; a < after; a++) {
        int base = b * len * after + a;
        int best = 0;
        for (int k = 1; k < len; k++) {
          if (in[base + k * after] > in[base + best * after]) {
            best = k;
          }
        }
        if (len > 0) {
          out[base + best * after] = 1;
        }
      }
    }
    return TensorData.ofDoubles(x.type(), out, s);
  }

  /**
   * Compress: the slices along the axis whose condition is true (the flattened input without an
   * axis); the condition may be shorter than the axis, never longer than its true entries' reach.
   */
  static TensorData compress(TensorData x, TensorData condition, Long axisAttr) {
    TensorData in = axisAttr == null ? x.reshape(x.count()) : x;
    long[] s = in.shape();
    int axis = ShapeRules.axis(axisAttr == null ? 0 : axisAttr, s.length, "axis");
    if (condition.count() > s[axis]) {
      throw new IllegalArgumentException(
          "condition of "
              + condition.count()
              + " entries is longer than the axis ("
              + s[axis]
              + ")");
    }
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < condition.count(); i++) {
      if (condition.getDouble(i) != 0) {
        kept.add(i);
      }
    }
    long[] v = ShapeRules.aroundAxis(s, axis);
    int len = (int) v[1];
    int after = (int) v[2];
    double[] src = in.toDoubles();
    double[] out = new double[(int) (v[0] * kept.size() * after)];
    int o = 0;
    for (int b = 0; b < v[0]; b++) {
      for (int k : kept) {
        for (int a = 0; a < after; a++) {
          out[o++] = src[(b * len + k) * after + a];
        }
      }
    }
    long[] shape = s.clone();
    shape[axis] = kept.size();
    return TensorData.ofDoubles(x.type(), out, shape);
  }

  /**
   * ReverseSequence: along the time axis, the first {@code lengths[b]} elements of each batch entry
   * reversed, the rest as they are.
   */
  static TensorData reverseSequence(
      TensorData x, TensorData lengths, long batchAxis, long timeAxis) {
    long[] s = x.shape();
    if (s.length < 2) {
      throw new IllegalArgumentException("needs rank 2 or more, got " + Arrays.toString(s));
    }
    int batch = ShapeRules.axis(batchAxis, s.length, "batch_axis");
    int time = ShapeRules.axis(timeAxis, s.length, "time_axis");
    if (batch == time || lengths.count() != s[batch]) {
      throw new IllegalArgumentException(
          "batch_axis "
              + batch
              + ", time_axis "
              + time
              + " and lengths "
              + lengths
              + " do not fit");
    }
    long[] strides = ShapeRules.strides(s);
    double[] src = x.toDoubles();
    double[] out = src.clone();
    for (int i = 0; i < src.length; i++) {
      long b = (i / strides[batch]) % s[batch];
      long t = (i / strides[time]) % s[time];
      long len = lengths.getLong((int) b);
      if (len < 0 || len > s[time]) {
        throw new IllegalArgumentException("sequence length " + len + " outside the time axis");
      }
      if (t < len) {
        out[(int) (i + (len - 1 - 2 * t) * strides[time])] = src[i];
      }
    }
    return TensorData.ofDoubles(x.type(), out, s);
  }

  /** Det: the determinant of each square matrix of the last two axes (LU with partial pivoting). */
  static TensorData det(TensorData x) {
    long[] s = x.shape();
    if (s.length < 2 || s[s.length - 1] != s[s.length - 2]) {
      throw new IllegalArgumentException("needs square matrices, got " + Arrays.toString(s));
    }
    int n = (int) s[s.length - 1];
    double[] v = x.toDoubles();
    int count = n == 0 ? 0 : v.length / (n * n);
    double[] out = new double[count];
    for (int m = 0; m < count; m++) {
      double[][] a = new double[n][n];
      for (int r = 0; r < n; r++) {
        for (int c = 0; c < n; c++) {
          a[r][c] = v[m * n * n + r * n + c];
        }
      }
      out[m] = luDeterminant(a);
    }
    return TensorData.ofDoubles(x.type(), out, Arrays.copyOf(s, s.length - 2));
  }

  private static double luDeterminant(double[][] a) {
    int n = a.length;
    double d = 1;
    for (int c = 0; c < n; c++) {
      int pivot = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
          pivot = r;
        }
      }
      if (a[pivot][c] == 0) {
        return 0;
      }
      if (pivot != c) {
        double[] t = a[pivot];
        a[pivot] = a[c];
        a[c] = t;
        d = -d;
      }
      d *= a[c][c];
      for (int r = c + 1; r < n; r++) {
        double f = a[r][c] / a[c][c];
        for (int k = c; k < n; k++) {
          a[r][k] -= f * a[c][k];
        }
      }
    }
    return d;
  }

  /**
   * Einsum: every output element the sum, over the labels that are not in the output, of the
   * product of the operands' elements (explicit {@code ->} form, or the implicit form's output of
   * the labels that appear once, in alphabetical order; see {@link EinsumSpec#parse}).
   */
  static TensorData einsum(String equation, List<TensorData> operands) {
    EinsumSpec spec = EinsumSpec.parse(equation, operands.stream().map(TensorData::rank).toList());
    long[] sizes = spec.sizes(operands);
    long[] outShape = spec.outputShape(sizes);
    int labels = spec.labelCount();
    double[][] values = new double[operands.size()][];
    long[][] strides = new long[operands.size()][];
    for (int i = 0; i < operands.size(); i++) {
      values[i] = operands.get(i).toDoubles();
      strides[i] = ShapeRules.strides(operands.get(i).shape());
    }
    long total = 1;
    for (long z : sizes) {
      total *= z;
    }
    long outCount = 1;
    for (long z : outShape) {
      outCount *= z;
    }
    double[] out = new double[(int) outCount];
    long[] outStrides = ShapeRules.strides(outShape);
    long[] at = new long[labels];
    for (long flat = 0; flat < total; flat++) {
      long rest = flat;
      for (int l = labels - 1; l >= 0; l--) {
        at[l] = rest % sizes[l];
        rest /= sizes[l];
      }
      double p = 1;
      for (int i = 0; i < operands.size(); i++) {
        int[] dims = spec.operand(i);
        long index = 0;
        for (int d = 0; d < dims.length; d++) {
          index += at[dims[d]] * strides[i][d];
        }
        p *= values[i][(int) index];
      }
      int[] outDims = spec.output();
      long o = 0;
      for (int d = 0; d < outDims.length; d++) {
        o += at[outDims[d]] * outStrides[d];
      }
      out[(int) o] += p;
    }
    return TensorData.ofDoubles(operands.get(0).type(), out, outShape);
  }
}
