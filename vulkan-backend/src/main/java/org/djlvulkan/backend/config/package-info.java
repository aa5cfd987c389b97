/** Run-time settings: environment variables with matching system properties. */
package org.djlvulkan.backend.config;
