/**
 * Decoding of ONNX protobuf messages by hand with protobuf-java's {@code CodedInputStream}: {@code
 * ModelProto}, {@code GraphProto}, {@code NodeProto}, {@code AttributeProto}, {@code TensorProto},
 * {@code ValueInfoProto} and {@code TypeProto}, {@code OperatorSetIdProto}, {@code
 * StringStringEntryProto}. Every length is bounded by the bytes that remain, nesting is bounded,
 * and any malformed input becomes an {@link org.djlvulkan.backend.onnx.OnnxFormatException}.
 */
package org.djlvulkan.backend.onnx.proto;
