package org.djlvulkan.engine.ndarray;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;

/**
 * Element-wise operations with broadcasting. Float types compute in double and round once to the
 * result type (so float32 results equal float32 arithmetic); integer types compute in long and wrap
 * to the result's width.
 */
final class Elementwise {
  private Elementwise() {}

  /**
   * Applies a binary operation to two arrays that broadcast together.
   *
   * @return a new array of the broadcast shape and the operation's result type
   */
  static VkNDArray binary(BinaryOp op, VkNDArray a, VkNDArray b) {
    Shape shape = Broadcast.shape(op.opName(), a.getShape(), b.getShape());
    DataType resultType = op.resultType(a.getDataType(), b.getDataType());
    return a.host().wrap(compute(op, a, b, shape, resultType), shape, resultType);
  }

  /**
   * Applies a binary operation and stores the result in {@code a}, converted to {@code a}'s type
   * (PyTorch's in-place rule).
   *
   * @return {@code a}
   * @throws IllegalArgumentException when the broadcast shape is not {@code a}'s shape
   */
  static VkNDArray binaryInPlace(BinaryOp op, VkNDArray a, VkNDArray b) {
    Shape shape = Broadcast.shape(op.opName() + "i", a.getShape(), b.getShape());
    if (!shape.equals(a.getShape())) {
      throw new IllegalArgumentException(
          op.opName() + "i: the result " + shape + " does not fit in place into " + a.getShape());
    }
    a.replaceData(compute(op, a, b, shape, a.getDataType()));
    return a;
  }

  private static ByteBuffer compute(
      BinaryOp op, VkNDArray a, VkNDArray b, Shape shape, DataType storeType) {
    int[] ia = Broadcast.sourceIndex(a.getShape(), shape);
    int[] ib = Broadcast.sourceIndex(b.getShape(), shape);
    ByteBuffer out = Elements.allocate(storeType, ia.length);
    if (DataTypes.isFloating(op.computeType(a.getDataType(), b.getDataType()))) {
      double[] x = a.toDoubles();
      double[] y = b.toDoubles();
      for (int i = 0; i < ia.length; i++) {
        Elements.putDouble(out, storeType, i, op.apply(x[ia[i]], y[ib[i]]));
      }
    } else {
      long[] x = a.toLongs();
      long[] y = b.toLongs();
      for (int i = 0; i < ia.length; i++) {
        Elements.putLong(out, storeType, i, op.apply(x[ia[i]], y[ib[i]]));
      }
    }
    return out;
  }

  /**
   * Returns a scalar (shape {@code ()}) array holding a number, typed to combine with {@code like}
   * as PyTorch combines a tensor with a Python number: a floating-point number keeps a float
   * array's type and makes integer arrays float32; an integer number keeps the array's type (int64
   * for a boolean array).
   */
  static VkNDArray scalar(VkNDArray like, Number n) {
    DataType type = like.getDataType();
    boolean floatingNumber = n instanceof Double || n instanceof Float;
    if (floatingNumber && !DataTypes.isFloating(type)) {
      type = DataType.FLOAT32;
    } else if (!floatingNumber && type == DataType.BOOLEAN) {
      type = DataType.INT64;
    }
    ByteBuffer data = Elements.allocate(type, 1);
    if (floatingNumber) {
      Elements.putDouble(data, type, 0, n.doubleValue());
    } else {
      Elements.putLong(data, type, 0, n.longValue());
    }
    return like.host().wrap(data, new Shape(), type);
  }

  /** Applies a unary operation; integer inputs of float-only operations become float32. */
  static VkNDArray unary(UnaryOp op, VkNDArray a) {
    DataType type = a.getDataType();
    if (!DataTypes.isFloating(type) && !op.keepsIntegers()) {
      type = DataType.FLOAT32;
    }
    return a.host().wrap(computeUnary(op, a, type), a.getShape(), type);
  }

  /** Applies a unary operation in place, keeping {@code a}'s type. */
  static VkNDArray unaryInPlace(UnaryOp op, VkNDArray a) {
    a.replaceData(computeUnary(op, a, a.getDataType()));
    return a;
  }

  private static ByteBuffer computeUnary(UnaryOp op, VkNDArray a, DataType storeType) {
    int n = a.elementCount();
    ByteBuffer out = Elements.allocate(storeType, n);
    if (DataTypes.isFloating(a.getDataType()) || !op.keepsIntegers()) {
      double[] x = a.toDoubles();
      for (int i = 0; i < n; i++) {
        Elements.putDouble(out, storeType, i, op.apply(x[i]));
      }
    } else {
      long[] x = a.toLongs();
      for (int i = 0; i < n; i++) {
        Elements.putLong(out, storeType, i, op.apply(x[i]));
      }
    }
    return out;
  }
}
