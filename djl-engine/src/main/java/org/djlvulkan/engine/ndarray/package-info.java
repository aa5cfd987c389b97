/**
 * The Vulkan engine's NDArrays: dense arrays in Java heap memory whose operations (arithmetic with
 * broadcasting, reductions, shape changes, indexing, softmax, top-k, image resizing) run in Java,
 * enough for DJL's translators to prepare inputs and read outputs without another engine.
 * Operations they lack throw an {@link java.lang.UnsupportedOperationException} that names the
 * operation, or run in DJL's alternative engine (PyTorch, MXNet) when one is on the class path.
 */
package org.djlvulkan.engine.ndarray;
