package org.djlvulkan.engine.ndarray;

import ai.djl.ndarray.types.Shape;

/**
 * A row-major array seen around one axis as {@code outer x length x inner}: slice {@code s} (in
 * row-major order of the shape without the axis) holds the {@code length} elements along the axis.
 */
final class AxisView {
  private final Shape shape;
  private final int axis;
  private final int outer;
  private final int length;
  private final int inner;

  /**
   * Creates the view.
   *
   * @param shape the array's shape
   * @param axis an axis in {@code [0, rank)}
   */
  AxisView(Shape shape, int axis) {
    this.shape = shape;
    this.axis = axis;
    this.outer = Math.toIntExact(shape.slice(0, axis).size());
    this.length = Math.toIntExact(shape.get(axis));
    this.inner = Math.toIntExact(shape.slice(axis + 1).size());
  }

  /** Returns the axis's size. */
  int length() {
    return length;
  }

  /** Returns the number of slices ({@code outer * inner}). */
  int slices() {
    return outer * inner;
  }

  /** Returns the flat index of element {@code k} along the axis in slice {@code slice}. */
  int index(int slice, int k) {
    int o = slice / inner;
    int i = slice % inner;
    return (o * length + k) * inner + i;
  }

  /** Returns the shape without the axis. */
  Shape without() {
    long[] dims = new long[shape.dimension() - 1];
    for (int i = 0, j = 0; i < shape.dimension(); i++) {
      if (i != axis) {
        dims[j++] = shape.get(i);
      }
    }
    return new Shape(dims);
  }

  /** Returns the shape with the axis resized to {@code size}. */
  Shape withLength(long size) {
    long[] dims = shape.getShape().clone();
    dims[axis] = size;
    return new Shape(dims);
  }
}
