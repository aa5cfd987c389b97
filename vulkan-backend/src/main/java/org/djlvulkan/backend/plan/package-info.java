/**
 * Kernel planning: {@link org.djlvulkan.backend.plan.KernelPlanner} picks each convolution's kernel
 * and layouts (float and q8ta) from the node's geometry, its input spec, the device's capabilities
 * and the kernel policy, all passed in, and keeps the plans of a compiled model, so a variant for
 * another input shape re-plans only the nodes whose input changed. The lowering reads plans from
 * here; the selectors in {@code ops.fp} and {@code ops.int8} hold the rules.
 */
package org.djlvulkan.backend.plan;
