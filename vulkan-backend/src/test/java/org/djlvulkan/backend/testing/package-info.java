/**
 * Test support shared through the test-jar: one Vulkan device per test JVM with the validation
 * layer, a JUnit extension that fails a test on any validation error, and fixture locations.
 */
package org.djlvulkan.backend.testing;
