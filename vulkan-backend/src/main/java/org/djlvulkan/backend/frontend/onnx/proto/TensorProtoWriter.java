package org.djlvulkan.backend.frontend.onnx.proto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.djlvulkan.backend.ir.TensorData;

/**
 * Serializes a tensor as an ONNX {@code TensorProto}: {@code dims} (packed), {@code data_type},
 * {@code name} and the elements in {@code raw_data} (little-endian, as ONNX specifies). The format
 * of the backend tests' {@code input_N.pb} / {@code output_N.pb} files, read back by {@link
 * OnnxDecoder#decodeTensor} and {@link TensorProtoData#resolve}.
 */
public final class TensorProtoWriter {
  private static final int DIMS = 1;
  private static final int DATA_TYPE = 2;
  private static final int NAME = 8;
  private static final int RAW_DATA = 9;
  private static final int VARINT = 0;
  private static final int LENGTH_DELIMITED = 2;

  private TensorProtoWriter() {}

  /**
   * Returns the serialized {@code TensorProto}.
   *
   * @param name the tensor's name (may be empty)
   * @param t the tensor
   * @return the bytes
   */
  public static byte[] encode(String name, TensorData t) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (t.rank() > 0) {
      ByteArrayOutputStream dims = new ByteArrayOutputStream();
      for (long d : t.shape()) {
        varint(dims, d);
      }
      bytesField(out, DIMS, dims.toByteArray());
    }
    tag(out, DATA_TYPE, VARINT);
    varint(out, t.type().code());
    if (!name.isEmpty()) {
      bytesField(out, NAME, name.getBytes(StandardCharsets.UTF_8));
    }
    byte[] raw = new byte[t.data().remaining()];
    t.data().duplicate().get(raw);
    bytesField(out, RAW_DATA, raw);
    return out.toByteArray();
  }

  private static void bytesField(ByteArrayOutputStream out, int field, byte[] bytes) {
    tag(out, field, LENGTH_DELIMITED);
    varint(out, bytes.length);
    out.write(bytes, 0, bytes.length);
  }

  private static void tag(ByteArrayOutputStream out, int field, int wireType) {
    varint(out, ((long) field << 3) | wireType);
  }

  private static void varint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
