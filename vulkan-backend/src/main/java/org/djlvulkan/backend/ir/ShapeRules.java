package org.djlvulkan.backend.ir;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The shape rules the operators share, as ONNX defines them (broadcasting, Squeeze, Unsqueeze,
 * Reshape, Flatten): pure functions of shapes, used by the host evaluator, the lowering and the
 * view operators alike, so each rule is written once. The planning pass's shape inference
 * (docs/architecture.md) builds on them.
 */
public final class ShapeRules {
  private ShapeRules() {}

  /**
   * Returns an ONNX axis (negative counts from the end) as an index into a shape of {@code rank}.
   *
   * @param axis the axis
   * @param rank the rank
   * @param what names the axis in the message
   * @return the index
   * @throws IllegalArgumentException when the axis is out of range
   */
  public static int axis(long axis, int rank, String what) {
    long a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw new IllegalArgumentException(what + " " + axis + " out of range for rank " + rank);
    }
    return (int) a;
  }

  /**
   * Returns the shape after ONNX Squeeze.
   *
   * @param s the input shape
   * @param axes the axes, or null for every dimension of size 1
   * @return the output shape
   */
  public static long[] squeezedShape(long[] s, long[] axes) {
    boolean[] drop = new boolean[s.length];
    if (axes == null) {
      for (int i = 0; i < s.length; i++) {
        drop[i] = s[i] == 1;
      }
    } else {
      for (long a : axes) {
        int ax = axis(a, s.length, "axis");
        if (s[ax] != 1) {
          throw new IllegalArgumentException(
              "cannot squeeze dimension " + ax + " of size " + s[ax]);
        }
        drop[ax] = true;
      }
    }
    long[] out = new long[s.length];
    int j = 0;
    for (int i = 0; i < s.length; i++) {
      if (!drop[i]) {
        out[j++] = s[i];
      }
    }
    return Arrays.copyOf(out, j);
  }

  /**
   * Returns the shape after ONNX Unsqueeze.
   *
   * @param s the input shape
   * @param axes the axes to insert
   * @return the output shape
   */
  public static long[] unsqueezedShape(long[] s, long[] axes) {
    int r = s.length + axes.length;
    boolean[] inserted = new boolean[r];
    for (long a : axes) {
      int ax = axis(a, r, "axis");
      if (inserted[ax]) {
        throw new IllegalArgumentException("repeated axes " + Arrays.toString(axes));
      }
      inserted[ax] = true;
    }
    long[] out = new long[r];
    int j = 0;
    for (int i = 0; i < r; i++) {
      out[i] = inserted[i] ? 1 : s[j++];
    }
    return out;
  }

  /**
   * Resolves a Reshape target: 0 copies the input dimension (unless {@code allowzero}), one -1 is
   * inferred.
   *
   * @param in the input shape
   * @param target the requested shape
   * @param allowZero ONNX Reshape's {@code allowzero}: a 0 is a dimension of size 0, not a copy
   * @return the output shape
   */
  public static long[] reshapeTarget(long[] in, long[] target, boolean allowZero) {
    long[] out = target.clone();
    int infer = -1;
    long known = 1;
    for (int i = 0; i < out.length; i++) {
      if (out[i] == 0 && !allowZero) {
        if (i >= in.length) {
          throw new IllegalArgumentException("0 at position " + i + " beyond the input's rank");
        }
        out[i] = in[i];
      }
      if (out[i] == -1) {
        if (infer >= 0) {
          throw new IllegalArgumentException("more than one -1 in " + Arrays.toString(target));
        }
        infer = i;
      } else if (out[i] < 0) {
        throw new IllegalArgumentException("bad dimension in " + Arrays.toString(target));
      } else {
        known = Math.multiplyExact(known, out[i]);
      }
    }
    long total = 1;
    for (long d : in) {
      total = Math.multiplyExact(total, d);
    }
    if (infer >= 0) {
      if (known == 0 || total % known != 0) {
        throw new IllegalArgumentException(
            "cannot reshape " + Arrays.toString(in) + " to " + Arrays.toString(target));
      }
      out[infer] = total / known;
    } else if (known != total) {
      throw new IllegalArgumentException(
          "cannot reshape " + Arrays.toString(in) + " to " + Arrays.toString(target));
    }
    return out;
  }

  /**
   * Returns the 2-D shape of ONNX Flatten.
   *
   * @param s the input shape
   * @param axisAttr the axis, {@code -rank <= axis <= rank}
   * @return {@code [outer, inner]}
   */
  public static long[] flattenedShape(long[] s, long axisAttr) {
    long a = axisAttr < 0 ? axisAttr + s.length : axisAttr;
    if (a < 0 || a > s.length) {
      throw new IllegalArgumentException("axis " + axisAttr + " out of range for rank " + s.length);
    }
    long outer = 1;
    long inner = 1;
    for (int i = 0; i < s.length; i++) {
      if (i < a) {
        outer *= s[i];
      } else {
        inner *= s[i];
      }
    }
    return new long[] {outer, inner};
  }

  /**
   * Returns the shape two shapes broadcast to (numpy rules: aligned at the right).
   *
   * @param a one shape
   * @param b another
   * @return the broadcast shape
   * @throws IllegalArgumentException when they do not broadcast
   */
  public static long[] broadcast(long[] a, long[] b) {
    int r = Math.max(a.length, b.length);
    long[] out = new long[r];
    for (int i = 0; i < r; i++) {
      long da = i < r - a.length ? 1 : a[i - (r - a.length)];
      long db = i < r - b.length ? 1 : b[i - (r - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(
            "shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /**
   * Returns the row-major index into an operand of shape {@code s} that broadcasts (numpy rules)
   * onto element {@code o} of a result of shape {@code out}.
   *
   * @param o the result's row-major element index
   * @param out the result's shape
   * @param s the operand's shape, broadcasting onto {@code out}
   * @return the operand's element index
   */
  public static long broadcastIndex(long o, long[] out, long[] s) {
    long idx = 0;
    long stride = 1;
    int off = out.length - s.length;
    for (int i = out.length - 1; i >= 0; i--) {
      long coord = o % out[i];
      o /= out[i];
      if (i >= off) {
        long d = s[i - off];
        idx += (d == 1 ? 0 : coord) * stride;
        stride *= d;
      }
    }
    return idx;
  }

  /**
   * Returns which axes a reduction reduces (ONNX's Reduce operators).
   *
   * @param axes the axes (negative from the end), or null or empty for all of them
   * @param rank the input's rank
   * @param noopWithEmptyAxes whether empty axes mean "no reduction" rather than "all axes"
   * @return one flag per axis
   * @throws IllegalArgumentException when an axis is out of range or repeated
   */
  public static boolean[] reducedAxes(long[] axes, int rank, boolean noopWithEmptyAxes) {
    boolean[] reduced = new boolean[rank];
    if (axes == null || axes.length == 0) {
      Arrays.fill(reduced, !noopWithEmptyAxes);
      return reduced;
    }
    for (long a : axes) {
      long k = a < 0 ? a + rank : a;
      if (k < 0 || k >= rank || reduced[(int) k]) {
        throw new IllegalArgumentException(
            "axes " + Arrays.toString(axes) + " out of range or repeated for rank " + rank);
      }
      reduced[(int) k] = true;
    }
    return reduced;
  }

  /**
   * Returns the shape after a reduction.
   *
   * @param s the input shape
   * @param reduced which axes are reduced
   * @param keepDims whether reduced axes stay as 1 (else they are dropped)
   * @return the output shape
   */
  public static long[] reducedShape(long[] s, boolean[] reduced, boolean keepDims) {
    return IntStream.range(0, s.length)
        .filter(d -> keepDims || !reduced[d])
        .mapToLong(d -> reduced[d] ? 1 : s[d])
        .toArray();
  }

  /**
   * Returns the rank-3 shape {@code [before, axis, after]} of a shape around one axis: the
   * dimensions before it and after it merged (an operator along one axis runs on any rank so).
   *
   * @param s the shape
   * @param axis the axis, an index into the shape
   * @return the rank-3 shape of the same element count
   */
  public static long[] aroundAxis(long[] s, int axis) {
    long before = 1;
    long after = 1;
    for (int d = 0; d < s.length; d++) {
      if (d < axis) {
        before = Math.multiplyExact(before, s[d]);
      } else if (d > axis) {
        after = Math.multiplyExact(after, s[d]);
      }
    }
    return new long[] {before, s[axis], after};
  }

  /**
   * Returns the row-major strides of a shape (elements between neighbours along each axis).
   *
   * @param shape the shape
   * @return one stride per axis, the last 1
   */
  public static long[] strides(long[] shape) {
    long[] st = new long[shape.length];
    long acc = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      st[d] = acc;
      acc = Math.multiplyExact(acc, shape[d]);
    }
    return st;
  }

  /**
   * Returns an index into a dimension (negative counts from the end), as Gather, GatherElements,
   * GatherND and the scatters read theirs.
   *
   * @param raw the index as given
   * @param size the dimension's size
   * @return the index in {@code [0, size)}
   * @throws IllegalArgumentException when it is out of range
   */
  public static long index(long raw, long size) {
    long at = raw < 0 ? raw + size : raw;
    if (at < 0 || at >= size) {
      throw new IllegalArgumentException("index " + raw + " out of range for dimension " + size);
    }
    return at;
  }
}
