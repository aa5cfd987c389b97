/**
 * The front ends, one package each ({@code onnx}, {@code executorch}), translating model files into
 * the IR; {@link org.djlvulkan.backend.frontend.ModelLoader} picks one by the file's content.
 */
package org.djlvulkan.backend.frontend;
