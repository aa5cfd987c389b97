package org.djlvulkan.backend.graph;

import java.util.List;
import org.djlvulkan.backend.kernel.PipelineKey;

/**
 * One kernel dispatch: the op it implements (named after ExecuTorch's operator where one
 * corresponds), the pipeline, the values bound in binding order, push constants and grid.
 *
 * @param op the operator name, e.g. {@code aten.add.Tensor}
 * @param pipeline kernel and specialization constants
 * @param bindings one value per descriptor binding, in binding order
 * @param pushConstants the push-constant bytes (little-endian), exactly the kernel's size
 * @param grid workgroups to dispatch
 * @param multiplyAdds the multiply-adds of the products it computes (a convolution's or GEMM's
 *     share), for the profile's throughput figures; 0 for other work
 */
public record DispatchNode(
    String op,
    PipelineKey pipeline,
    List<Binding> bindings,
    byte[] pushConstants,
    Grid grid,
    long multiplyAdds) {}
