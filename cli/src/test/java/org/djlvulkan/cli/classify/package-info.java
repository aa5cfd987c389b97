/** Tests of the ranking and report of classify. */
package org.djlvulkan.cli.classify;
