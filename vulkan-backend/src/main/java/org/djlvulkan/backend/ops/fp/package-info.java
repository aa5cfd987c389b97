/**
 * The float operators, fp32 and the fp16 storage mode alike: convolution (its kernel selector,
 * plans and weight packing), the float GEMM ({@code TiledGemm}), linear and matrix products,
 * elementwise, pooling, normalization, reduction, softmax, resize and concatenation, with {@code
 * FloatStorage} choosing each kernel's fp16 build.
 */
package org.djlvulkan.backend.ops.fp;
