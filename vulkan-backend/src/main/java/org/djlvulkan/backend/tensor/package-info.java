/**
 * Tensor descriptions: shape, element type, memory layout (NCHW, NC4HW4, int8 4C1W and 4W4C) and
 * per-tensor quantization. Layout arithmetic (sizes, padded extents) lives here and nowhere else.
 */
package org.djlvulkan.backend.tensor;
