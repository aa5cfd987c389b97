/**
 * The ONNX importer: {@link org.djlvulkan.backend.onnx.OnnxModels#load} decodes a model file
 * ({@code proto}), builds and simplifies its graph IR ({@code ir}) and lowers it to the op library
 * ({@code lower}), returning an {@link org.djlvulkan.backend.model.InferenceModel}. Problems are
 * {@link org.djlvulkan.backend.onnx.OnnxFormatException}s (invalid files) and {@link
 * org.djlvulkan.backend.onnx.UnsupportedModelException}s (valid, but not runnable here).
 */
package org.djlvulkan.backend.onnx;
