/**
 * The int8 operators: q8ta convolution (its kernel selector, plans, weight packing and the fused
 * residual add), quantized linear, elementwise, pooling, concatenation, layout conversions and fake
 * quantization, with the int8 dot-product choice and lookup tables they share.
 */
package org.djlvulkan.backend.ops.int8;
