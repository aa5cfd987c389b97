package org.djlvulkan.engine.ndarray;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Operations that move elements without computing on them; every result is a new array. */
final class ShapeOps {
  private ShapeOps() {}

  /** Returns a copy with another shape; one dimension may be -1 (inferred). */
  static VkNDArray reshape(VkNDArray a, Shape target) {
    long[] dims = target.getShape();
    int infer = -1;
    long known = 1;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] == -1) {
        if (infer >= 0) {
          throw new IllegalArgumentException("reshape: more than one -1 in " + target);
        }
        infer = i;
      } else if (dims[i] < 0) {
        throw new IllegalArgumentException("reshape: negative dimension in " + target);
      } else {
        known *= dims[i];
      }
    }
    long size = a.getShape().size();
    if (infer >= 0 && known != 0 && size % known == 0) {
      dims = dims.clone();
      dims[infer] = size / known;
    }
    Shape shape = new Shape(dims);
    if ((infer >= 0 && dims[infer] == -1) || shape.size() != size) {
      throw new IllegalArgumentException(
          "reshape: cannot reshape " + a.getShape() + " (" + size + " elements) to " + target);
    }
    return a.host().wrap(a.copyOfData(), shape, a.getDataType());
  }

  /** Inserts a dimension of size 1 at {@code axis} (in {@code [-rank-1, rank]}). */
  static VkNDArray expandDims(VkNDArray a, int axis) {
    int rank = a.getShape().dimension();
    int at = Strides.axis("expandDims", axis, rank + 1);
    List<Long> dims = new ArrayList<>();
    for (long d : a.getShape().getShape()) {
      dims.add(d);
    }
    dims.add(at, 1L);
    return a.host().wrap(a.copyOfData(), new Shape(dims), a.getDataType());
  }

  /** Removes the given dimensions, each of size 1; all size-1 dimensions when none are given. */
  static VkNDArray squeeze(VkNDArray a, int[] axes) {
    Shape shape = a.getShape();
    boolean[] drop = new boolean[shape.dimension()];
    if (axes.length == 0) {
      for (int i = 0; i < drop.length; i++) {
        drop[i] = shape.get(i) == 1;
      }
    }
    for (int axis : axes) {
      int i = Strides.axis("squeeze", axis, drop.length);
      if (shape.get(i) != 1) {
        throw new IllegalArgumentException(
            "squeeze: axis " + axis + " of " + shape + " has size " + shape.get(i) + ", not 1");
      }
      drop[i] = true;
    }
    List<Long> dims = new ArrayList<>();
    for (int i = 0; i < drop.length; i++) {
      if (!drop[i]) {
        dims.add(shape.get(i));
      }
    }
    return a.host().wrap(a.copyOfData(), new Shape(dims), a.getDataType());
  }

  /** Permutes the dimensions; no axes reverses them. */
  static VkNDArray transpose(VkNDArray a, int... axes) {
    Shape shape = a.getShape();
    int rank = shape.dimension();
    int[] perm = new int[rank];
    if (axes.length == 0) {
      for (int i = 0; i < rank; i++) {
        perm[i] = rank - 1 - i;
      }
    } else {
      if (axes.length != rank) {
        throw new IllegalArgumentException(
            "transpose: " + Arrays.toString(axes) + " does not permute " + rank + " dimensions");
      }
      boolean[] seen = new boolean[rank];
      for (int i = 0; i < rank; i++) {
        perm[i] = Strides.axis("transpose", axes[i], rank);
        if (seen[perm[i]]) {
          throw new IllegalArgumentException(
              "transpose: axis " + axes[i] + " repeats in " + Arrays.toString(axes));
        }
        seen[perm[i]] = true;
      }
    }
    int[] from = Strides.rowMajor(shape);
    long[] dims = new long[rank];
    int[] strides = new int[rank];
    for (int i = 0; i < rank; i++) {
      dims[i] = shape.get(perm[i]);
      strides[i] = from[perm[i]];
    }
    Shape out = new Shape(dims);
    ByteBuffer data =
        Elements.gather(a.buffer(), a.getDataType(), Strides.offsets(out, strides, 0));
    return a.host().wrap(data, out, a.getDataType());
  }

  /** Repeats the array along its size-1 (or missing leading) dimensions to {@code target}. */
  static VkNDArray broadcast(VkNDArray a, Shape target) {
    Shape shape = Broadcast.shape("broadcast", a.getShape(), target);
    if (!shape.equals(target)) {
      throw new IllegalArgumentException(
          "broadcast: " + a.getShape() + " does not broadcast to " + target);
    }
    int[] index = Broadcast.sourceIndex(a.getShape(), target);
    return a.host()
        .wrap(Elements.gather(a.buffer(), a.getDataType(), index), target, a.getDataType());
  }

  /**
   * Joins arrays along an existing axis; their other dimensions must agree. Mixed types promote.
   */
  static VkNDArray concat(List<VkNDArray> arrays, int axis) {
    VkNDArray first = arrays.get(0);
    Shape shape = first.getShape();
    if (shape.dimension() == 0) {
      throw new IllegalArgumentException("concat: scalars cannot be concatenated");
    }
    int at = Strides.axis("concat", axis, shape.dimension());
    DataType type = first.getDataType();
    long total = 0;
    for (VkNDArray a : arrays) {
      Shape s = a.getShape();
      boolean fits = s.dimension() == shape.dimension();
      for (int i = 0; fits && i < s.dimension(); i++) {
        fits = i == at || s.get(i) == shape.get(i);
      }
      if (!fits) {
        throw new IllegalArgumentException(
            "concat: " + s + " does not fit " + shape + " along axis " + axis);
      }
      total += s.get(at);
      type = DataTypes.promote(type, a.getDataType());
    }
    long[] dims = shape.getShape().clone();
    dims[at] = total;
    Shape out = new Shape(dims);
    long outer = shape.slice(0, at).size();
    int inner = Math.toIntExact(shape.slice(at + 1).size());
    int[] offsets = new int[Math.toIntExact(out.size())];
    int[] source = new int[offsets.length];
    List<ByteBuffer> parts = new ArrayList<>();
    int n = 0;
    for (int o = 0; o < outer; o++) {
      for (int p = 0; p < arrays.size(); p++) {
        int block = Math.toIntExact(arrays.get(p).getShape().get(at)) * inner;
        for (int k = 0; k < block; k++) {
          source[n] = p;
          offsets[n++] = o * block + k;
        }
      }
    }
    for (VkNDArray a : arrays) {
      parts.add(a.getDataType() == type ? a.buffer() : a.convertedData(type));
    }
    ByteBuffer data = Elements.allocate(type, offsets.length);
    int size = type.getNumOfBytes();
    for (int i = 0; i < offsets.length; i++) {
      ByteBuffer part = parts.get(source[i]);
      for (int k = 0; k < size; k++) {
        data.put(i * size + k, part.get(offsets[i] * size + k));
      }
    }
    return first.host().wrap(data, out, type);
  }

  /** Joins arrays of one shape along a new axis. */
  static VkNDArray stack(List<VkNDArray> arrays, int axis) {
    Shape shape = arrays.get(0).getShape();
    int at = Strides.axis("stack", axis, shape.dimension() + 1);
    List<VkNDArray> expanded = new ArrayList<>();
    for (VkNDArray a : arrays) {
      if (!a.getShape().equals(shape)) {
        throw new IllegalArgumentException(
            "stack: arrays of shapes " + shape + " and " + a.getShape() + " cannot be stacked");
      }
      expanded.add(expandDims(a, at));
    }
    VkNDArray result = concat(expanded, at);
    expanded.forEach(VkNDArray::close);
    return result;
  }

  /**
   * Splits along an axis at the given indices: {@code [2, 3]} gives {@code [:2], [2:3], [3:]}; a
   * leading 0 is ignored (DJL's equal-sections split passes one).
   */
  static NDList split(VkNDArray a, long[] indices, int axis) {
    Shape shape = a.getShape();
    int at = Strides.axis("split", axis, shape.dimension());
    long length = shape.get(at);
    NDList out = new NDList();
    long start = 0;
    for (int i = 0; i <= indices.length; i++) {
      long end = i < indices.length ? indices[i] : length;
      if (i == 0 && end == 0 && indices.length > 0) {
        continue;
      }
      if (end < start || end > length) {
        throw new IllegalArgumentException(
            "split: indices " + Arrays.toString(indices) + " do not fit axis of size " + length);
      }
      out.add(VkIndexer.sliceAxis(a, at, start, end));
      start = end;
    }
    return out;
  }
}
