/**
 * The DJL engine named {@code Vulkan}: {@link org.djlvulkan.engine.VkEngine} (registered by {@link
 * org.djlvulkan.engine.VkEngineProvider}), the devices it opens ({@link
 * org.djlvulkan.engine.VulkanDevices}, {@link org.djlvulkan.engine.DeviceMap}), and models loaded
 * from files ({@link org.djlvulkan.engine.VkModel}, {@link org.djlvulkan.engine.VkSymbolBlock}).
 * Host-side arrays are in {@link org.djlvulkan.engine.ndarray}.
 */
package org.djlvulkan.engine;
