/**
 * The shape-independent passes over the IR, run once per model: Identity/Dropout removal, constant
 * folding with the host reference implementation ({@link
 * org.djlvulkan.backend.passes.ConstantEvaluator}), BatchNorm folding, activation fusion,
 * quantized-pattern recognition (QDQ into quantized operators), dead-code removal.
 */
package org.djlvulkan.backend.passes;
