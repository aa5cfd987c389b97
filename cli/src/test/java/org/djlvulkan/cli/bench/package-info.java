/** Tests of the parts of bench. */
package org.djlvulkan.cli.bench;
