package org.djlvulkan.backend.lower;

import java.util.Arrays;
import org.djlvulkan.backend.graph.Value;

/**
 * A runtime tensor of the model during lowering: its device value, its ONNX shape, and, for a
 * tensor the model holds as 8-bit codes, their quantization. The value is either F32 NC4HW4 (for a
 * quantized tensor: the real values its codes stand for, exactly) or, on the int8 path, the codes
 * themselves in a packed int8 layout; a packed value may keep a 4-D shape {@code [N, C, 1, 1]}
 * where the ONNX shape is {@code [N, C]} (Flatten before a classifier).
 *
 * @param value the device value (F32 NC4HW4, or int8 4C1W / 4W4C)
 * @param shape the ONNX shape
 * @param quant the quantization, or null for a float tensor
 */
record DeviceTensor(Value value, long[] shape, Quant quant) {
  DeviceTensor {
    shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Returns whether the value holds int8 codes in a packed layout. */
  boolean int8() {
    return value.spec().layout().isInt8Packed();
  }

  /** Returns the number of elements. */
  long count() {
    return Arrays.stream(shape).reduce(1, Math::multiplyExact);
  }

  int rank() {
    return shape.length;
  }

  @Override
  public String toString() {
    return value.name() + Arrays.toString(shape) + (quant == null ? "" : " " + quant);
  }
}
