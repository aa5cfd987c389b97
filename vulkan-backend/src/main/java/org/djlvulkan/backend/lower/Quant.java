package org.djlvulkan.backend.lower;

import org.djlvulkan.backend.ir.DataType;
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
