/** The ranking and report of {@code classify}. */
package org.djlvulkan.cli.classify;
