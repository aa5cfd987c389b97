/** Micro-benchmarks of the runtime itself, such as the cost of a dispatch. */
package org.djlvulkan.tools.bench;
