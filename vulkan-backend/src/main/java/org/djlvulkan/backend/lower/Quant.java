package org.djlvulkan.backend.lower;

import java.util.function.Function;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.tensor.QuantParams;

/**
 * The quantization of a tensor the model holds as 8-bit codes: {@code real = (q - zeroPoint) *
 * scale}, with the code type of the file.
 *
 * @param scale the scale
 * @param zeroPoint the zero point in the code type's range
 * @param type {@link DataType#UINT8} or {@link DataType#INT8}
 */
public record Quant(float scale, int zeroPoint, DataType type) {
  /**
   * Reads the quantization given by a node's scale and zero-point inputs (per tensor).
   *
   * @param n the node
   * @param scaleInput the scale's input index
   * @param zeroInput the zero point's input index (may be absent: uint8, zero)
   * @param constants the value of a constant by name, null for a value computed at run time
   * @return the quantization
   * @throws IllegalArgumentException when the inputs are not constants of a supported form
   */
  static Quant read(
      IrNode n, int scaleInput, int zeroInput, Function<String, TensorData> constants) {
    TensorData s = constants.apply(n.input(scaleInput));
    if (s == null) {
      throw new IllegalArgumentException("scale must be a constant");
    }
    if (s.count() != 1) {
      throw new IllegalArgumentException("scale must be a single value, is " + s);
    }
    float scale = (float) s.getDouble(0);
    if (!(scale > 0) || Float.isInfinite(scale)) {
      throw new IllegalArgumentException(
          "quantization scale " + scale + " is not positive and finite");
    }
    String zero = n.input(zeroInput);
    TensorData z = zero.isEmpty() ? null : constants.apply(zero);
    if (z == null) {
      if (!zero.isEmpty()) {
        throw new IllegalArgumentException("zero point must be a constant");
      }
      return new Quant(scale, 0, DataType.UINT8);
    }
    if (z.count() != 1) {
      throw new IllegalArgumentException("zero point must be a single value (per-tensor), is " + z);
    }
    if (z.type() != DataType.UINT8 && z.type() != DataType.INT8) {
      throw new IllegalArgumentException(
          "quantization to " + z.type() + " is not supported (8-bit only)");
    }
    return new Quant(scale, (int) z.getLong(0), z.type());
  }

  /** Returns the same grid as int8 parameters (uint8 zero points shift by -128, exactly). */
  public QuantParams int8() {
    return type == DataType.UINT8
        ? QuantParams.fromUint8(scale, zeroPoint)
        : new QuantParams(scale, zeroPoint);
  }

  /** Returns the smallest code. */
  public int min() {
    return type == DataType.UINT8 ? 0 : -128;
  }

  /** Returns the largest code. */
  public int max() {
    return type == DataType.UINT8 ? 255 : 127;
  }
}
