/**
 * Decoding of ONNX protobuf messages by hand: {@code ModelProto}, {@code GraphProto}, {@code
 * NodeProto}, {@code AttributeProto}, {@code TensorProto}, {@code ValueInfoProto} and {@code
 * TypeProto}, {@code OperatorSetIdProto}, {@code StringStringEntryProto}. Every length is bounded
 * by the bytes that remain, nesting is bounded, and any malformed input becomes a {@link
 * org.djlvulkan.backend.model.ModelFormatException}.
 */
package org.djlvulkan.backend.frontend.onnx.proto;
