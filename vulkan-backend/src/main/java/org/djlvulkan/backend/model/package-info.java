/**
 * The contract between a loaded model and its users (the DJL engine, the CLI, the conformance
 * runner): host tensors in, host tensors out, with no DJL types. Importers (see {@code
 * org.djlvulkan.backend.frontend.onnx}) produce an {@link
 * org.djlvulkan.backend.model.InferenceModel}.
 */
package org.djlvulkan.backend.model;
