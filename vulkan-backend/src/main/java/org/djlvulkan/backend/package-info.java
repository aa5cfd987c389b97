/**
 * The Vulkan compute runtime of djl-vulkan. It knows nothing of DJL: devices ({@code vk}), memory
 * ({@code memory}), kernels and pipelines ({@code kernel}), tensor descriptions ({@code tensor}),
 * the recorded compute graph ({@code graph}) and the op builders that add kernels to it ({@code
 * ops}).
 */
package org.djlvulkan.backend;
