package org.djlvulkan.engine.ndarray;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The element-wise {@link NDArray} operations of {@link VkNDArray}: arithmetic with broadcasting
 * (and its in-place forms), comparisons, logical operations and unary functions. Numbers combine
 * with arrays as Python numbers combine with PyTorch tensors (see {@link Elementwise#scalar}).
 */
abstract class ElementwiseNDArrayOps extends UnsupportedNDArrayOps {

  ElementwiseNDArrayOps(
      NDManager manager, NDManager alternativeManager, Shape shape, DataType dataType, String uid) {
    super(manager, alternativeManager, shape, dataType, uid);
  }

  /** Returns this array as the concrete type the operations work on. */
  abstract VkNDArray self();

  private NDArray apply(BinaryOp op, NDArray other) {
    VkNDArray operand = self().host().from(other);
    try {
      return Elementwise.binary(op, self(), operand);
    } finally {
      if (operand != other) {
        operand.close();
      }
    }
  }

  private NDArray apply(BinaryOp op, Number n) {
    try (VkNDArray operand = Elementwise.scalar(self(), n)) {
      return Elementwise.binary(op, self(), operand);
    }
  }

  private NDArray applyInPlace(BinaryOp op, NDArray other) {
    VkNDArray operand = self().host().from(other);
    try {
      return Elementwise.binaryInPlace(op, self(), operand);
    } finally {
      if (operand != other) {
        operand.close();
      }
    }
  }

  private NDArray applyInPlace(BinaryOp op, Number n) {
    try (VkNDArray operand = Elementwise.scalar(self(), n)) {
      return Elementwise.binaryInPlace(op, self(), operand);
    }
  }

  @Override
  public NDArray add(Number n) {
    return apply(BinaryOp.ADD, n);
  }

  @Override
  public NDArray add(NDArray other) {
    return apply(BinaryOp.ADD, other);
  }

  @Override
  public NDArray addi(Number n) {
    return applyInPlace(BinaryOp.ADD, n);
  }

  @Override
  public NDArray addi(NDArray other) {
    return applyInPlace(BinaryOp.ADD, other);
  }

  @Override
  public NDArray sub(Number n) {
    return apply(BinaryOp.SUB, n);
  }

  @Override
  public NDArray sub(NDArray other) {
    return apply(BinaryOp.SUB, other);
  }

  @Override
  public NDArray subi(Number n) {
    return applyInPlace(BinaryOp.SUB, n);
  }

  @Override
  public NDArray subi(NDArray other) {
    return applyInPlace(BinaryOp.SUB, other);
  }

  @Override
  public NDArray mul(Number n) {
    return apply(BinaryOp.MUL, n);
  }

  @Override
  public NDArray mul(NDArray other) {
    return apply(BinaryOp.MUL, other);
  }

  @Override
  public NDArray muli(Number n) {
    return applyInPlace(BinaryOp.MUL, n);
  }

  @Override
  public NDArray muli(NDArray other) {
    return applyInPlace(BinaryOp.MUL, other);
  }

  @Override
  public NDArray div(Number n) {
    return apply(BinaryOp.DIV, n);
  }

  @Override
  public NDArray div(NDArray other) {
    return apply(BinaryOp.DIV, other);
  }

  @Override
  public NDArray divi(Number n) {
    return applyInPlace(BinaryOp.DIV, n);
  }

  @Override
  public NDArray divi(NDArray other) {
    return applyInPlace(BinaryOp.DIV, other);
  }

  @Override
  public NDArray mod(Number n) {
    return apply(BinaryOp.MOD, n);
  }

  @Override
  public NDArray mod(NDArray other) {
    return apply(BinaryOp.MOD, other);
  }

  @Override
  public NDArray modi(Number n) {
    return applyInPlace(BinaryOp.MOD, n);
  }

  @Override
  public NDArray modi(NDArray other) {
    return applyInPlace(BinaryOp.MOD, other);
  }

  @Override
  public NDArray pow(Number n) {
    return apply(BinaryOp.POW, n);
  }

  @Override
  public NDArray pow(NDArray other) {
    return apply(BinaryOp.POW, other);
  }

  @Override
  public NDArray powi(Number n) {
    return applyInPlace(BinaryOp.POW, n);
  }

  @Override
  public NDArray powi(NDArray other) {
    return applyInPlace(BinaryOp.POW, other);
  }

  @Override
  public NDArray maximum(Number n) {
    return apply(BinaryOp.MAXIMUM, n);
  }

  @Override
  public NDArray maximum(NDArray other) {
    return apply(BinaryOp.MAXIMUM, other);
  }

  @Override
  public NDArray minimum(Number n) {
    return apply(BinaryOp.MINIMUM, n);
  }

  @Override
  public NDArray minimum(NDArray other) {
    return apply(BinaryOp.MINIMUM, other);
  }

  @Override
  public NDArray eq(Number n) {
    return apply(BinaryOp.EQ, n);
  }

  @Override
  public NDArray eq(NDArray other) {
    return apply(BinaryOp.EQ, other);
  }

  @Override
  public NDArray neq(Number n) {
    return apply(BinaryOp.NEQ, n);
  }

  @Override
  public NDArray neq(NDArray other) {
    return apply(BinaryOp.NEQ, other);
  }

  @Override
  public NDArray gt(Number n) {
    return apply(BinaryOp.GT, n);
  }

  @Override
  public NDArray gt(NDArray other) {
    return apply(BinaryOp.GT, other);
  }

  @Override
  public NDArray gte(Number n) {
    return apply(BinaryOp.GTE, n);
  }

  @Override
  public NDArray gte(NDArray other) {
    return apply(BinaryOp.GTE, other);
  }

  @Override
  public NDArray lt(Number n) {
    return apply(BinaryOp.LT, n);
  }

  @Override
  public NDArray lt(NDArray other) {
    return apply(BinaryOp.LT, other);
  }

  @Override
  public NDArray lte(Number n) {
    return apply(BinaryOp.LTE, n);
  }

  @Override
  public NDArray lte(NDArray other) {
    return apply(BinaryOp.LTE, other);
  }

  @Override
  public NDArray logicalAnd(NDArray other) {
    return apply(BinaryOp.AND, other);
  }

  @Override
  public NDArray logicalOr(NDArray other) {
    return apply(BinaryOp.OR, other);
  }

  @Override
  public NDArray logicalXor(NDArray other) {
    return apply(BinaryOp.XOR, other);
  }

  @Override
  public NDArray logicalNot() {
    return apply(BinaryOp.EQ, 0);
  }

  @Override
  public NDArray neg() {
    return Elementwise.unary(UnaryOp.NEG, self());
  }

  @Override
  public NDArray abs() {
    return Elementwise.unary(UnaryOp.ABS, self());
  }

  @Override
  public NDArray sign() {
    return Elementwise.unary(UnaryOp.SIGN, self());
  }

  @Override
  public NDArray square() {
    return Elementwise.unary(UnaryOp.SQUARE, self());
  }

  @Override
  public NDArray sqrt() {
    return Elementwise.unary(UnaryOp.SQRT, self());
  }

  @Override
  public NDArray exp() {
    return Elementwise.unary(UnaryOp.EXP, self());
  }

  @Override
  public NDArray log() {
    return Elementwise.unary(UnaryOp.LOG, self());
  }

  @Override
  public NDArray floor() {
    return Elementwise.unary(UnaryOp.FLOOR, self());
  }

  @Override
  public NDArray ceil() {
    return Elementwise.unary(UnaryOp.CEIL, self());
  }

  @Override
  public NDArray round() {
    return Elementwise.unary(UnaryOp.ROUND, self());
  }

  @Override
  public NDArray trunc() {
    return Elementwise.unary(UnaryOp.TRUNC, self());
  }

  @Override
  public NDArray sin() {
    return Elementwise.unary(UnaryOp.SIN, self());
  }

  @Override
  public NDArray cos() {
    return Elementwise.unary(UnaryOp.COS, self());
  }

  @Override
  public NDArray tanh() {
    return Elementwise.unary(UnaryOp.TANH, self());
  }

  @Override
  public NDArray negi() {
    return Elementwise.unaryInPlace(UnaryOp.NEG, self());
  }

  @Override
  public NDArray signi() {
    return Elementwise.unaryInPlace(UnaryOp.SIGN, self());
  }

  /** Clamps to {@code [min, max]}, as {@code maximum(min).minimum(max)}. */
  @Override
  public NDArray clip(Number min, Number max) {
    try (NDArray low = maximum(min)) {
      return low.minimum(max);
    }
  }
}
