/** End-to-end tests of djl-vulkan. */
package org.djlvulkan.it;
