package org.djlvulkan.backend.frontend.onnx.proto;

import java.nio.ByteBuffer;
import java.util.Map;
import org.djlvulkan.backend.ir.TensorData;

/**
 * A decoded {@code TensorProto}, before its data is resolved (see {@link TensorData}): the typed
 * fields and {@code raw_data} as the file holds them, external data as key-value pairs.
 *
 * @param name the tensor's name
 * @param dataType {@code TensorProto.DataType}
 * @param dims the dimensions as written (checked later)
 * @param raw {@code raw_data} (a read-only view of the file's bytes), or null
 * @param floatData {@code float_data}
 * @param int32Data {@code int32_data} (as longs)
 * @param stringCount the number of {@code string_data} entries (strings are not decoded)
 * @param int64Data {@code int64_data}
 * @param doubleData {@code double_data}
 * @param uint64Data {@code uint64_data} (bit patterns)
 * @param externalData {@code external_data} entries
 * @param external whether {@code data_location} is EXTERNAL
 * @param segmented whether the tensor is one {@code segment} of a larger one (not supported)
 */
public record TensorProto(
    String name,
    int dataType,
    long[] dims,
    ByteBuffer raw,
    float[] floatData,
    long[] int32Data,
    int stringCount,
    long[] int64Data,
    double[] doubleData,
    long[] uint64Data,
    Map<String, String> externalData,
    boolean external,
    boolean segmented) {}
