package org.djlvulkan.engine.ndarray;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDArrayIndexer;
import ai.djl.ndarray.index.full.NDIndexFullPick;
import ai.djl.ndarray.index.full.NDIndexFullSlice;
import ai.djl.ndarray.index.full.NDIndexFullTake;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;

/**
 * {@code NDArray.get} and {@code set} with fixed indices, slices (positive steps; bounds clamped to
 * the dimension as in NumPy) and ellipses. Picking and taking by index arrays are not supported.
 */
final class VkIndexer extends NDArrayIndexer {
  private final VkNDManager manager;

  /**
   * Creates an indexer whose results belong to {@code manager}.
   *
   * @param manager the manager of the arrays {@code get} returns
   */
  VkIndexer(VkNDManager manager) {
    this.manager = manager;
  }

  /** The region a full slice selects, clamped to the array. */
  private static final class Region {
    final Shape shape;
    final Shape squeezed;
    final int[] offsets;

    Region(VkNDArray a, NDIndexFullSlice slice) {
      Shape in = a.getShape();
      int rank = in.dimension();
      long[] dims = new long[rank];
      int[] strides = Strides.rowMajor(in);
      int[] stepped = new int[rank];
      int base = 0;
      for (int i = 0; i < rank; i++) {
        long size = in.get(i);
        long step = slice.getStep()[i];
        if (step <= 0) {
          throw Unsupported.operation("NDArray.get with slice step " + step);
        }
        long lo = Math.min(slice.getMin()[i], size);
        long hi = Math.min(slice.getMax()[i], size);
        dims[i] = hi > lo ? (hi - lo + step - 1) / step : 0;
        base += (int) lo * strides[i];
        stepped[i] = (int) step * strides[i];
      }
      for (int i : slice.getToSqueeze()) {
        if (slice.getMin()[i] >= in.get(i)) {
          throw new IllegalArgumentException(
              "index " + slice.getMin()[i] + " is out of bounds for axis " + i + " of " + in);
        }
      }
      this.shape = new Shape(dims);
      long[] kept = new long[rank - slice.getToSqueeze().length];
      for (int i = 0, j = 0; i < rank; i++) {
        if (!contains(slice.getToSqueeze(), i)) {
          kept[j++] = dims[i];
        }
      }
      this.squeezed = new Shape(kept);
      this.offsets = Strides.offsets(shape, stepped, base);
    }

    private static boolean contains(int[] values, int value) {
      for (int v : values) {
        if (v == value) {
          return true;
        }
      }
      return false;
    }
  }

  @Override
  public NDArray get(NDArray array, NDIndexFullSlice fullSlice) {
    VkNDArray a = manager.from(array);
    Region region = new Region(a, fullSlice);
    ByteBuffer data = Elements.gather(a.buffer(), a.getDataType(), region.offsets);
    return manager.wrap(data, region.squeezed, a.getDataType());
  }

  @Override
  public NDArray get(NDArray array, NDIndexFullPick fullPick) {
    throw Unsupported.operation("NDArray.get with an index array (pick)");
  }

  @Override
  public NDArray get(NDArray array, NDIndexFullTake fullTake) {
    throw Unsupported.operation("NDArray.get with an index array (take)");
  }

  @Override
  public void set(NDArray array, NDIndexFullSlice fullSlice, NDArray value) {
    VkNDArray a = (VkNDArray) array;
    VkNDArray v = a.host().from(value);
    Region region = new Region(a, fullSlice);
    Shape fit = Broadcast.shape("set", v.getShape(), region.squeezed);
    if (!fit.equals(region.squeezed)) {
      throw new IllegalArgumentException(
          "set: a value of shape " + v.getShape() + " does not fit the region " + region.squeezed);
    }
    int[] source = Broadcast.sourceIndex(v.getShape(), region.squeezed);
    write(a, region.offsets, v, source);
  }

  @Override
  public void set(NDArray array, NDIndexFullSlice fullSlice, Number value) {
    VkNDArray a = (VkNDArray) array;
    VkNDArray v = Elementwise.scalar(a, value);
    Region region = new Region(a, fullSlice);
    write(a, region.offsets, v, new int[region.offsets.length]);
    v.close();
  }

  private static void write(VkNDArray a, int[] offsets, VkNDArray v, int[] source) {
    ByteBuffer target = a.writableBuffer();
    DataType type = a.getDataType();
    if (DataTypes.isFloating(type) || DataTypes.isFloating(v.getDataType())) {
      double[] x = v.toDoubles();
      for (int i = 0; i < offsets.length; i++) {
        Elements.putDouble(target, type, offsets[i], x[source[i]]);
      }
    } else {
      long[] x = v.toLongs();
      for (int i = 0; i < offsets.length; i++) {
        Elements.putLong(target, type, offsets[i], x[source[i]]);
      }
    }
  }

  /**
   * Returns {@code a[..., start:end, ...]} along one axis.
   *
   * @param a the array
   * @param axis an axis in {@code [0, rank)}
   * @param start the first index
   * @param end one past the last index
   * @return a new array in {@code a}'s manager
   */
  static VkNDArray sliceAxis(VkNDArray a, int axis, long start, long end) {
    Shape shape = a.getShape();
    long[] dims = shape.getShape().clone();
    dims[axis] = end - start;
    int[] strides = Strides.rowMajor(shape);
    int base = Math.toIntExact(start * strides[axis]);
    Shape out = new Shape(dims);
    ByteBuffer data =
        Elements.gather(a.buffer(), a.getDataType(), Strides.offsets(out, strides, base));
    return a.host().wrap(data, out, a.getDataType());
  }
}
