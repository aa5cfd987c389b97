/**
 * End-to-end tests through DJL: the shared models on the Vulkan engine against ONNX Runtime, the
 * zoo's predictors, device memory over many predictions, and an app whose class path holds only the
 * project's jars and their runtime dependencies. The ONNX conformance suite is in {@code
 * conformance}.
 */
package org.djlvulkan.it;
