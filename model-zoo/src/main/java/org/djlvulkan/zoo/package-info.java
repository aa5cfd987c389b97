/**
 * The djl-vulkan model zoo for DJL: {@link org.djlvulkan.zoo.VkModelZoo} (group {@code
 * org.djlvulkan}) serves ResNet50, MobileNetV2 and SqueezeNet ImageNet classifiers from a mirror
 * folder, DJL's cache or their official downloads ({@link org.djlvulkan.zoo.FileResolver}), with
 * their pre- and post-processing.
 */
package org.djlvulkan.zoo;
