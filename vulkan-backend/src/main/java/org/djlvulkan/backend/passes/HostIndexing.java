package org.djlvulkan.backend.passes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.ShapeRules;
import org.djlvulkan.backend.ir.TensorData;

/**
 * The host references of ONNX's indexing and mask operators that run on the host only (a folded
 * constant, or a host step between device steps): NonZero, GatherElements, GatherND,
 * ScatterElements, ScatterND, OneHot, Trilu, EyeLike. Values are carried as doubles (exact for
 * integers below 2^53) and written back in the input's type; bad indices are reported as {@link
 * IllegalArgumentException}s, which the evaluator turns into the node's error.
 */
final class HostIndexing {
  private HostIndexing() {}

  /** NonZero: the coordinates of the non-zero elements, int64 {@code [rank, count]}, row-major. */
  static TensorData nonZero(TensorData x) {
    long[] s = x.shape();
    List<Integer> hits = new ArrayList<>();
    for (int i = 0; i < x.count(); i++) {
      if (x.getDouble(i) != 0) {
        hits.add(i);
      }
    }
    int r = Math.max(s.length, 1);
    long[] out = new long[r * hits.size()];
    for (int h = 0; h < hits.size(); h++) {
      long rest = hits.get(h);
      for (int d = s.length - 1; d >= 0; d--) {
        out[d * hits.size() + h] = rest % s[d];
        rest /= s[d];
      }
    }
    return TensorData.ofLongs(out, r, hits.size());
  }

  /**
   * ScatterElements (and the older Scatter): the data with {@code updates[c]} written at {@code c}
   * with its axis coordinate replaced by {@code indices[c]}, combined by the reduction ({@code
   * none}, {@code add}, {@code mul}, {@code max}, {@code min}).
   */
  static TensorData scatterElements(
      TensorData data, TensorData indices, TensorData updates, long axisAttr, String reduction) {
    long[] ds = data.shape();
    long[] is = indices.shape();
    if (is.length != ds.length || !Arrays.equals(is, updates.shape())) {
      throw new IllegalArgumentException(
          "indices " + indices + " and updates " + updates + " do not fit the data " + data);
    }
    int axis = ShapeRules.axis(axisAttr, ds.length, "axis");
    long[] strides = ShapeRules.strides(ds);
    double[] v = data.toDoubles();
    long[] idx = indices.toLongs();
    for (int i = 0; i < idx.length; i++) {
      int at = (int) offsetAlong(i, is, ds, strides, axis, idx[i]);
      v[at] = combine(v[at], updates.getDouble(i), reduction);
    }
    return TensorData.ofDoubles(data.type(), v, ds);
  }

  /**
   * GatherElements: output element {@code c} (an index of {@code indices}' shape) reads the data at
   * {@code c} with its coordinate along the axis replaced by {@code indices[c]} (negative from the
   * end).
   */
  static TensorData gatherElements(TensorData data, TensorData indices, long axisAttr) {
    long[] ds = data.shape();
    long[] is = indices.shape();
    if (is.length != ds.length) {
      throw new IllegalArgumentException(
          "indices " + indices + " differ in rank from the data " + data);
    }
    int axis = ShapeRules.axis(axisAttr, ds.length, "axis");
    long[] strides = ShapeRules.strides(ds);
    long[] idx = indices.toLongs();
    double[] v = new double[idx.length];
    for (int i = 0; i < idx.length; i++) {
      v[i] = data.getDouble((int) offsetAlong(i, is, ds, strides, axis, idx[i]));
    }
    return TensorData.ofDoubles(data.type(), v, is);
  }

  /**
   * Returns the data offset of element {@code i} of a tensor of shape {@code is} with its
   * coordinate along the axis replaced by {@code raw} (negative from the end): the addressing of
   * GatherElements and ScatterElements.
   */
  private static long offsetAlong(
      long i, long[] is, long[] ds, long[] strides, int axis, long raw) {
    long rest = i;
    long at = 0;
    for (int d = is.length - 1; d >= 0; d--) {
      long c = rest % is[d];
      rest /= is[d];
      if (d == axis) {
        c = ShapeRules.index(raw, ds[d]);
      } else if (c >= ds[d]) {
        throw new IllegalArgumentException(
            "indices " + Arrays.toString(is) + " exceed the data " + Arrays.toString(ds));
      }
      at += c * strides[d];
    }
    return at;
  }

  /**
   * ScatterND: each index tuple (the last axis of {@code indices}, {@code k} long) addresses a
   * slice of the data that takes the matching slice of the updates, combined by the reduction.
   */
  static TensorData scatterNd(
      TensorData data, TensorData indices, TensorData updates, String reduction) {
    long[] ds = data.shape();
    long[] is = indices.shape();
    int k = (int) is[is.length - 1];
    if (k > ds.length) {
      throw new IllegalArgumentException(
          "index tuples of " + k + " for the rank-" + ds.length + " data");
    }
    long[] strides = ShapeRules.strides(ds);
    long slice = 1;
    for (int d = k; d < ds.length; d++) {
      slice *= ds[d];
    }
    double[] v = data.toDoubles();
    long[] idx = indices.toLongs();
    long tuples = idx.length / Math.max(k, 1);
    if (updates.count() != tuples * slice) {
      throw new IllegalArgumentException(
          "updates " + updates + " do not fit " + tuples + " slices of " + slice);
    }
    for (int t = 0; t < tuples; t++) {
      long at = 0;
      for (int d = 0; d < k; d++) {
        at += ShapeRules.index(idx[t * k + d], ds[d]) * strides[d];
      }
      for (int e = 0; e < slice; e++) {
        int i = (int) (at + e);
        v[i] = combine(v[i], updates.getDouble((int) (t * slice + e)), reduction);
      }
    }
    return TensorData.ofDoubles(data.type(), v, ds);
  }

  /**
   * GatherND: each index tuple (the last axis of {@code indices}, {@code k} long) picks a slice of
   * the data; with {@code batch_dims} b the first b axes of data and indices are matched batches.
   */
  static TensorData gatherNd(TensorData data, TensorData indices, long batchDims) {
    long[] ds = data.shape();
    long[] is = indices.shape();
    int b = (int) batchDims;
    int k = (int) is[is.length - 1];
    if (b < 0 || b >= is.length || k > ds.length - b) {
      throw new IllegalArgumentException(
          "indices " + indices + " do not fit " + data + " with batch_dims " + b);
    }
    long batches = 1;
    for (int d = 0; d < b; d++) {
      batches *= ds[d];
    }
    long slice = 1;
    for (int d = b + k; d < ds.length; d++) {
      slice *= ds[d];
    }
    long[] strides = ShapeRules.strides(ds);
    long tuplesPerBatch = indices.count() / Math.max(k, 1) / batches;
    long[] idx = indices.toLongs();
    double[] v = new double[Math.toIntExact(batches * tuplesPerBatch * slice)];
    for (long bt = 0; bt < batches; bt++) {
      for (long t = 0; t < tuplesPerBatch; t++) {
        long at = bt * (b > 0 ? strides[b - 1] : 0);
        long tuple = bt * tuplesPerBatch + t;
        for (int d = 0; d < k; d++) {
          at += ShapeRules.index(idx[(int) (tuple * k + d)], ds[b + d]) * strides[b + d];
        }
        for (long e = 0; e < slice; e++) {
          v[(int) (tuple * slice + e)] = data.getDouble((int) (at + e));
        }
      }
    }
    long[] out = new long[is.length - 1 + ds.length - b - k];
    System.arraycopy(is, 0, out, 0, is.length - 1);
    System.arraycopy(ds, b + k, out, is.length - 1, ds.length - b - k);
    return TensorData.ofDoubles(data.type(), v, out);
  }

  /**
   * OneHot: {@code values[1]} where the new axis' coordinate equals the index (negative from the
   * end of depth), {@code values[0]} elsewhere; an index outside the depth gives a row of off
   * values.
   */
  static TensorData oneHot(
      TensorData indices, TensorData depthInput, TensorData values, long axisAttr) {
    long depth = (long) depthInput.getDouble(0);
    long[] s = indices.shape();
    int axis = ShapeRules.axis(axisAttr, s.length + 1, "axis");
    long[] out = new long[s.length + 1];
    System.arraycopy(s, 0, out, 0, axis);
    out[axis] = depth;
    System.arraycopy(s, axis, out, axis + 1, s.length - axis);
    long inner = 1;
    for (int d = axis; d < s.length; d++) {
      inner *= s[d];
    }
    double off = values.getDouble(0);
    double on = values.getDouble(1);
    double[] v = new double[Math.toIntExact(indices.count() * depth)];
    for (int i = 0; i < v.length; i++) {
      long outer = i / (depth * inner);
      long c = (i / inner) % depth;
      long within = i % inner;
      double raw = indices.getDouble((int) (outer * inner + within));
      long at = (long) (raw < 0 ? raw + depth : raw);
      v[i] = at == c ? on : off;
    }
    return TensorData.ofDoubles(values.type(), v, out);
  }

  /**
   * Trilu: the upper ({@code j - i >= k}) or lower ({@code j - i <= k}) triangle of each matrix of
   * the last two axes kept, the rest zero.
   */
  static TensorData trilu(TensorData x, long k, boolean upper) {
    long[] s = x.shape();
    if (s.length < 2) {
      throw new IllegalArgumentException("Trilu of " + x + " (rank 2 or more)");
    }
    long rows = s[s.length - 2];
    long cols = s[s.length - 1];
    double[] v = x.toDoubles();
    for (int i = 0; i < v.length; i++) {
      long col = i % cols;
      long row = (i / cols) % rows;
      boolean kept = upper ? col - row >= k : col - row <= k;
      if (!kept) {
        v[i] = 0;
      }
    }
    return TensorData.ofDoubles(x.type(), v, s);
  }

  /**
   * EyeLike: a 2-D tensor of the input's shape, ones on diagonal {@code k}, in dtype or its type.
   */
  static TensorData eyeLike(TensorData x, long dtype, long k) {
    long[] s = x.shape();
    if (s.length != 2) {
      throw new IllegalArgumentException("EyeLike of " + x + " (2-D)");
    }
    DataType type = dtype < 0 ? x.type() : DataType.fromCode((int) dtype);
    if (type == null) {
      throw new IllegalArgumentException("EyeLike to type code " + dtype);
    }
    double[] v = new double[Math.toIntExact(x.count())];
    for (long r = 0; r < s[0]; r++) {
      long c = r + k;
      if (c >= 0 && c < s[1]) {
        v[(int) (r * s[1] + c)] = 1;
      }
    }
    return TensorData.ofDoubles(type, v, s);
  }

  private static double combine(double old, double update, String reduction) {
    return switch (reduction) {
      case "add" -> old + update;
      case "mul" -> old * update;
      case "max" -> Math.max(old, update);
      case "min" -> Math.min(old, update);
      case "none" -> update;
      default -> throw new IllegalArgumentException("reduction '" + reduction + "'");
    };
  }
}
