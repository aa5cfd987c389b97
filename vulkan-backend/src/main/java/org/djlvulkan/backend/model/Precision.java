package org.djlvulkan.backend.model;

/** How a model's arithmetic runs. */
public enum Precision {
  /** As the file says: quantized regions in int8, the rest in fp32. */
  AUTO,
  /** Everything in fp32: quantized regions are dequantized at load time. */
  FP32
}
