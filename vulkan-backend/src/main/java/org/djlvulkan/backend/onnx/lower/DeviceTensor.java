package org.djlvulkan.backend.onnx.lower;

import java.util.Arrays;
import org.djlvulkan.backend.graph.Value;

/**
 * A runtime tensor of the model during lowering: its device value (F32 NC4HW4), its ONNX shape,
 * and, for a tensor the model holds as 8-bit codes, their quantization (the device value then holds
 * the real values the codes stand for).
 *
 * @param value the device value
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

  int rank() {
    return shape.length;
  }

  @Override
  public String toString() {
    return value.name() + Arrays.toString(shape) + (quant == null ? "" : " " + quant);
  }
}
