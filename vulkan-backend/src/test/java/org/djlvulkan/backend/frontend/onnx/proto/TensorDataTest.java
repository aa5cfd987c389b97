package org.djlvulkan.backend.frontend.onnx.proto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.tensor.Float16;
import org.junit.jupiter.api.Test;

/** Every numeric type from its typed field decodes to the same values as from raw_data. */
class TensorDataTest {
  private static TensorProto typed(
      int type, long[] int32, long[] int64, double[] doubles, long[] uint64, long... dims) {
    return new TensorProto(
        "t",
        type,
        dims,
        null,
        new float[0],
        int32,
        0,
        int64,
        doubles,
        uint64,
        Map.of(),
        false,
        false);
  }

  private static TensorProto raw(int type, ByteBuffer bytes, long... dims) {
    return new TensorProto(
        "t",
        type,
        dims,
        bytes.flip(),
        new float[0],
        new long[0],
        0,
        new long[0],
        new double[0],
        new long[0],
        Map.of(),
        false,
        false);
  }

  private static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }

  @Test
  void typedFieldsAndRawDataAgreeForEveryType() {
    long[] small = {-3, 0, 7, 100};
    long[] unsigned = {3, 0, 7, 200};
    for (DataType type : DataType.values()) {
      TensorProto typedProto;
      ByteBuffer bytes = le(4 * type.bytes());
      long[] values = type == DataType.UINT8 || type == DataType.UINT16 ? unsigned : small;
      switch (type) {
        case FLOAT:
          continue; // float_data: covered by the model tests
        case DOUBLE:
          double[] d = {-3.5, 0, 7.25, 1e300};
          typedProto = typed(type.code(), new long[0], new long[0], d, new long[0], 4);
          for (double v : d) {
            bytes.putDouble(v);
          }
          break;
        case INT64:
          long[] l = {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE};
          typedProto = typed(type.code(), new long[0], l, new double[0], new long[0], 4);
          for (long v : l) {
            bytes.putLong(v);
          }
          break;
        case UINT32:
        case UINT64:
          long[] u = {0, 1, 0xffffffffL, 12345};
          typedProto = typed(type.code(), new long[0], new long[0], new double[0], u, 4);
          for (long v : u) {
            if (type == DataType.UINT32) {
              bytes.putInt((int) v);
            } else {
              bytes.putLong(v);
            }
          }
          break;
        case FLOAT16:
        case BFLOAT16:
          long[] bits = new long[4];
          for (int k = 0; k < 4; k++) {
            bits[k] =
                type == DataType.FLOAT16
                    ? Float16.fromFloat(small[k] / 4f) & 0xffff
                    : Float.floatToIntBits(small[k] / 4f) >>> 16;
            bytes.putShort((short) bits[k]);
          }
          typedProto = typed(type.code(), bits, new long[0], new double[0], new long[0], 4);
          break;
        default:
          long[] v = type == DataType.BOOL ? new long[] {1, 0, 1, 1} : values;
          typedProto = typed(type.code(), v, new long[0], new double[0], new long[0], 4);
          for (long x : v) {
            switch (type.bytes()) {
              case 1:
                bytes.put((byte) x);
                break;
              case 2:
                bytes.putShort((short) x);
                break;
              default:
                bytes.putInt((int) x);
            }
          }
      }
      TensorData fromTyped = TensorProtoData.resolve(typedProto, "test", null);
      TensorData fromRaw = TensorProtoData.resolve(raw(type.code(), bytes, 4), "test", null);
      assertThat(fromTyped.data()).as(type.name()).isEqualTo(fromRaw.data());
      assertThat(fromTyped.toDoubles()).as(type.name()).containsExactly(fromRaw.toDoubles());
    }
  }

  @Test
  void valuesWidenAsTheirTypesSay() {
    TensorData u8 = TensorData.ofDoubles(DataType.UINT8, new double[] {255, 0}, 2);
    assertThat(u8.toLongs()).containsExactly(255, 0);
    TensorData i8 = TensorData.ofDoubles(DataType.INT8, new double[] {-128, 127}, 2);
    assertThat(i8.toLongs()).containsExactly(-128, 127);
    TensorData h = TensorData.ofDoubles(DataType.FLOAT16, new double[] {0.1}, 1);
    assertThat(h.toFloats()[0]).isEqualTo(Float16.toFloat(Float16.fromFloat(0.1f)));
  }
}
