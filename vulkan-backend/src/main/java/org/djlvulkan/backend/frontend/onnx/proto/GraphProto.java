package org.djlvulkan.backend.frontend.onnx.proto;

import java.util.List;

/**
 * A decoded {@code GraphProto}.
 *
 * @param name the graph's name
 * @param nodes the nodes, in file order
 * @param initializers the dense initializers
 * @param sparseInitializers how many sparse initializers the file holds (not decoded)
 * @param inputs the graph inputs (in old IR versions, initializers may be listed too)
 * @param outputs the graph outputs
 * @param valueInfo type and shape hints for intermediate values
 */
public record GraphProto(
    String name,
    List<NodeProto> nodes,
    List<TensorProto> initializers,
    int sparseInitializers,
    List<ValueInfo> inputs,
    List<ValueInfo> outputs,
    List<ValueInfo> valueInfo) {}
