package org.djlvulkan.engine.ndarray;

import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.djlvulkan.backend.model.ElementType;

/**
 * The DJL data types the Vulkan engine's NDArrays hold, their mapping to the backend's element
 * types, and the result type of mixed-type arithmetic.
 *
 * <p>Promotion follows PyTorch (DJL's usual alternative engine): the wider kind wins (boolean, then
 * integers, then floats), within a kind the wider type wins; int8 with uint8 gives int32 (PyTorch
 * gives int16, which these arrays do not hold).
 */
public final class DataTypes {
  /** The types these NDArrays hold. */
  public static final List<DataType> SUPPORTED =
      List.of(
          DataType.FLOAT32,
          DataType.FLOAT16,
          DataType.FLOAT64,
          DataType.INT8,
          DataType.UINT8,
          DataType.INT32,
          DataType.INT64,
          DataType.BOOLEAN);

  private DataTypes() {}

  /**
   * Checks that a type is one of {@link #SUPPORTED}.
   *
   * @param type the type
   * @return the type
   * @throws UnsupportedOperationException naming the type otherwise
   */
  public static DataType check(DataType type) {
    if (!SUPPORTED.contains(type)) {
      throw new UnsupportedOperationException(
          "the Vulkan engine's NDArrays do not hold " + type + "; they hold " + SUPPORTED);
    }
    return type;
  }

  /** Returns true for float16, float32 and float64. */
  public static boolean isFloating(DataType type) {
    return type == DataType.FLOAT16 || type == DataType.FLOAT32 || type == DataType.FLOAT64;
  }

  private static int rank(DataType type) {
    switch (type) {
      case BOOLEAN:
        return 0;
      case INT8:
      case UINT8:
        return 1;
      case INT32:
        return 2;
      case INT64:
        return 3;
      case FLOAT16:
        return 4;
      case FLOAT32:
        return 5;
      case FLOAT64:
        return 6;
      default:
        throw new IllegalStateException("unchecked type " + type);
    }
  }

  /**
   * Returns the type of a binary operation's result.
   *
   * @param a the left operand's type
   * @param b the right operand's type
   * @return the promoted type
   */
  public static DataType promote(DataType a, DataType b) {
    if (a == b) {
      return a;
    }
    int ra = rank(a);
    int rb = rank(b);
    if (ra == rb) {
      // int8 with uint8: the smallest type holding both ranges.
      return DataType.INT32;
    }
    return ra > rb ? a : b;
  }

  /**
   * Returns the backend element type of a DJL type.
   *
   * @param type a supported type
   * @return the element type
   */
  public static ElementType toElementType(DataType type) {
    switch (check(type)) {
      case FLOAT32:
        return ElementType.FLOAT32;
      case FLOAT16:
        return ElementType.FLOAT16;
      case FLOAT64:
        return ElementType.FLOAT64;
      case INT8:
        return ElementType.INT8;
      case UINT8:
        return ElementType.UINT8;
      case INT32:
        return ElementType.INT32;
      case INT64:
        return ElementType.INT64;
      case BOOLEAN:
        return ElementType.BOOL;
      default:
        throw new IllegalStateException("unmapped type " + type);
    }
  }

  /**
   * Returns the DJL type of a backend element type.
   *
   * @param type the element type
   * @return the DJL type
   * @throws UnsupportedOperationException for int16, which these NDArrays do not hold
   */
  public static DataType fromElementType(ElementType type) {
    switch (type) {
      case FLOAT32:
        return DataType.FLOAT32;
      case FLOAT16:
        return DataType.FLOAT16;
      case FLOAT64:
        return DataType.FLOAT64;
      case INT8:
        return DataType.INT8;
      case UINT8:
        return DataType.UINT8;
      case INT32:
        return DataType.INT32;
      case INT64:
        return DataType.INT64;
      case BOOL:
        return DataType.BOOLEAN;
      default:
        throw new UnsupportedOperationException(
            "the Vulkan engine's NDArrays do not hold " + type + "; they hold " + SUPPORTED);
    }
  }
}
