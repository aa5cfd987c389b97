/**
 * The build-time shader tool: compiles the GLSL kernels listed in {@code
 * src/main/glsl/kernels.json} to SPIR-V with shaderc, reflects them and writes the kernel index
 * that {@link org.djlvulkan.shaders.KernelIndex} reads. Maven runs {@link
 * org.djlvulkan.shaders.build.ShaderBuild} in the {@code process-classes} phase.
 *
 * <p>Needs lwjgl-shaderc at build time only; nothing in {@code org.djlvulkan.shaders} depends on
 * this package.
 */
package org.djlvulkan.shaders.build;
