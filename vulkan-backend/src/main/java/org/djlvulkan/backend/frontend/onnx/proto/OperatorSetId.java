package org.djlvulkan.backend.frontend.onnx.proto;

/**
 * An {@code OperatorSetIdProto}: an operator set the model imports.
 *
 * @param domain the domain, {@code ""} for the default ONNX domain
 * @param version the operator set version
 */
public record OperatorSetId(String domain, long version) {}
