package org.djlvulkan.backend.frontend.onnx.proto;

import java.util.List;

/**
 * A decoded {@code ModelProto}: the fields the importer uses.
 *
 * @param irVersion {@code ir_version}
 * @param opsets {@code opset_import}
 * @param producer {@code producer_name} and {@code producer_version}, for messages
 * @param graph the main graph
 */
public record ModelProto(
    long irVersion, List<OperatorSetId> opsets, String producer, GraphProto graph) {}
