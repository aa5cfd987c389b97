/**
 * Op builders: each adds the nodes of one operator family to a {@link
 * org.djlvulkan.backend.graph.GraphBuilder}, checking shapes and choosing the kernel. Op names
 * follow ExecuTorch's operator names where one corresponds.
 */
package org.djlvulkan.backend.ops;
