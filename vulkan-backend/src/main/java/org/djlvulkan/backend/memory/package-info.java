/**
 * Device memory through the Vulkan Memory Allocator: device-local buffers for weights and
 * activations, persistently mapped staging buffers for host input and output, and statistics.
 */
package org.djlvulkan.backend.memory;
