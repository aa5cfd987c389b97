/**
 * Test fixtures shared by every module's tests: the location of the shared models and images
 * ({@link org.djlvulkan.testfixtures.SharedFixtures}). Never a runtime dependency.
 */
package org.djlvulkan.testfixtures;
