/**
 * The compute kernels of djl-vulkan as the runtime sees them: the kernel index built from {@code
 * src/main/glsl/kernels.json}, with each kernel's SPIR-V, descriptor bindings, push-constant size,
 * specialization constants and required device features.
 *
 * <p>Start with {@link org.djlvulkan.shaders.KernelIndex#shared()}. This package depends on Gson
 * and the JDK only.
 */
package org.djlvulkan.shaders;
