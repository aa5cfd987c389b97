/**
 * Lowering of the IR to the op library ({@code org.djlvulkan.backend.ops}) for one set of input
 * shapes, and the {@link org.djlvulkan.backend.model.InferenceModel} that builds, caches and runs
 * one recorded graph per input shape with weights shared between them. Shape-dependent folding
 * ({@code Shape} of a runtime value) happens here, per input shape.
 */
package org.djlvulkan.backend.lower;
