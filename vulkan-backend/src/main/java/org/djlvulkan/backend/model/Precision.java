package org.djlvulkan.backend.model;

/** How a model's arithmetic runs. */
public enum Precision {
  /** As the file says: quantized regions in int8, the rest in fp32. */
  AUTO,
  /** Everything in fp32: quantized regions are dequantized at load time. */
  FP32,
  /**
   * Float operators keep their activations in fp16 (arithmetic and accumulation in fp32, fp32 at
   * the model's inputs and outputs, weights as the file has them); quantized regions as in {@link
   * #AUTO}. Operators without fp16 kernels read and write fp32, converted at the boundary.
   */
  FP16
}
