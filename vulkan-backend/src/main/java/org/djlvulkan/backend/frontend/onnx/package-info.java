/**
 * The ONNX front end: {@link org.djlvulkan.backend.frontend.onnx.OnnxModels#load} decodes a model
 * file ({@code proto}), translates its graph into the IR ({@link
 * org.djlvulkan.backend.frontend.onnx.GraphImporter}, with the operator table {@code
 * OnnxOperators}: the only code that knows ONNX operator names) and hands it to {@code lower}.
 */
package org.djlvulkan.backend.frontend.onnx;
