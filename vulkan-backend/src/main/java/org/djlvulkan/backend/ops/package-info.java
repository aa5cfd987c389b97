/**
 * Op builders: each adds the nodes of one operator family to a {@link
 * org.djlvulkan.backend.graph.GraphBuilder}, checking shapes and choosing the kernel. Op names
 * follow ExecuTorch's operator names where one corresponds. This package holds the float operators
 * (fp32 and the fp16 storage mode), the integer ones and what every family shares (argument checks,
 * grids, convolution geometry and the selectors' common rules); the int8 operators live in {@link
 * org.djlvulkan.backend.ops.int8}.
 */
package org.djlvulkan.backend.ops;
