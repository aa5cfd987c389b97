/**
 * The ExecuTorch front end: reads a program ({@code .pte}, {@link
 * org.djlvulkan.backend.frontend.executorch.PteFile}) and translates its execution plan - portable
 * kernels and calls of the Vulkan delegate's {@code VkGraph} - into the IR ({@link
 * org.djlvulkan.backend.frontend.executorch.ExecuTorchImporter}). {@code EtOperators} and {@code
 * Q8taOperands} are the only code that knows ExecuTorch's operator names.
 */
package org.djlvulkan.backend.frontend.executorch;
