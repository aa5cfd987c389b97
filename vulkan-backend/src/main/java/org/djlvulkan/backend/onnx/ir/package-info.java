/**
 * The importer's graph IR and its passes: the ONNX graph as nodes over named values with host
 * constants, checked on import (versions, references, cycles), then simplified once per model
 * (constant folding, Identity/Dropout removal, BatchNorm folding, quantized-pattern recognition,
 * activation fusion, dead-code removal). Shape-dependent folding ({@code Shape} of a runtime value)
 * happens per input shape, during lowering.
 */
package org.djlvulkan.backend.onnx.ir;
