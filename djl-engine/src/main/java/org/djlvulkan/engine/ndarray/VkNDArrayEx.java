package org.djlvulkan.engine.ndarray;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDArrayIndexer;
import java.util.ArrayList;
import java.util.List;

/**
 * The internal operations DJL's image transforms and batchifiers call: {@code resize}, {@code
 * stack}, {@code concat}, indexing, and the activations {@code relu}, {@code sigmoid}, {@code
 * tanh}. {@code toTensor}, {@code normalize} and {@code crop} are NDArrayEx's own defaults, built
 * on the NDArray operations. The rest throws, naming the operation.
 */
final class VkNDArrayEx extends UnsupportedNDArrayEx {
  private final VkNDArray array;

  VkNDArrayEx(VkNDArray array) {
    this.array = array;
  }

  @Override
  public NDArray relu() {
    return Elementwise.unary(UnaryOp.RELU, array);
  }

  @Override
  public NDArray sigmoid() {
    return Elementwise.unary(UnaryOp.SIGMOID, array);
  }

  @Override
  public NDArray tanh() {
    return Elementwise.unary(UnaryOp.TANH, array);
  }

  @Override
  public NDArray resize(int width, int height, int interpolation) {
    return ImageResize.resize(array, width, height, interpolation);
  }

  @Override
  public NDArrayIndexer getIndexer(NDManager manager) {
    return new VkIndexer(manager instanceof VkNDManager ? (VkNDManager) manager : array.host());
  }

  /** Stacks this array and {@code arrays} along a new axis. */
  @Override
  public NDArray stack(NDList arrays, int axis) {
    return ShapeOps.stack(withArray(arrays), axis);
  }

  /** Concatenates this array and {@code arrays} along an existing axis. */
  @Override
  public NDArray concat(NDList arrays, int axis) {
    return ShapeOps.concat(withArray(arrays), axis);
  }

  private List<VkNDArray> withArray(NDList others) {
    List<VkNDArray> all = new ArrayList<>();
    all.add(array);
    for (NDArray other : others) {
      all.add(array.host().from(other));
    }
    return all;
  }

  @Override
  public NDArray getArray() {
    return array;
  }
}
