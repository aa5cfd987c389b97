/**
 * Vulkan instance and device: discovery, capabilities, selection, queue submission and the
 * exceptions that Vulkan result codes become.
 */
package org.djlvulkan.backend.vk;
