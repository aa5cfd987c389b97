package org.djlvulkan.backend.frontend.onnx.proto;

import java.util.List;

/**
 * A decoded {@code NodeProto}.
 *
 * @param name the node's name (may be empty)
 * @param opType the operator
 * @param domain the operator's domain, {@code ""} for the default ONNX domain
 * @param inputs input value names; {@code ""} marks a missing optional input
 * @param outputs output value names; {@code ""} marks an unused optional output
 * @param attributes the attributes
 */
public record NodeProto(
    String name,
    String opType,
    String domain,
    List<String> inputs,
    List<String> outputs,
    List<AttributeProto> attributes) {}
