package org.djlvulkan.backend.frontend.onnx.proto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.djlvulkan.backend.frontend.onnx.OnnxModels;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.TensorData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tensors written by {@link TensorProtoWriter} read back with the same name, type, shape, bytes.
 */
class TensorProtoWriterTest {
  /** Values that reach the sign bit and the high bytes of every integer width. */
  private static final double[] VALUES = {0, 1, -1, 127, -128, 255, 1000, -40000, 3.5, 1e10};

  private static TensorData sample(DataType type) {
    return TensorData.ofDoubles(type, VALUES, 2, 5);
  }

  @Test
  void everyTypeRoundTripsThroughTheDecoder() {
    for (DataType type : DataType.values()) {
      TensorData t = sample(type);
      byte[] bytes = TensorProtoWriter.encode("out_" + type, t);
      TensorProto decoded = OnnxDecoder.decodeTensor(bytes, "memory");
      assertThat(decoded.name()).isEqualTo("out_" + type);
      TensorData back = TensorProtoData.resolve(decoded, "memory", null);
      assertThat(back.type()).as(type.name()).isEqualTo(type);
      assertThat(back.shape()).isEqualTo(new long[] {2, 5});
      assertThat(back.data()).as(type.name()).isEqualTo(t.data());
    }
  }

  @Test
  void scalarsAndEmptyTensorsRoundTrip() {
    TensorData scalar = TensorData.ofFloats(new float[] {2.5f});
    TensorData empty = TensorData.ofFloats(new float[0], 0, 3);
    for (TensorData t : new TensorData[] {scalar, empty}) {
      TensorData back =
          TensorProtoData.resolve(
              OnnxDecoder.decodeTensor(TensorProtoWriter.encode("", t), "memory"), "memory", null);
      assertThat(back.shape()).isEqualTo(t.shape());
      assertThat(back.data()).isEqualTo(t.data());
    }
  }

  @Test
  void filesRoundTripThroughOnnxModels(@TempDir Path dir) {
    TensorData t = sample(DataType.INT64);
    Path file = dir.resolve("output_0.pb");
    OnnxModels.writeTensor(file, "y", t);
    TensorData back = OnnxModels.readTensor(file);
    assertThat(back.toLongs()).isEqualTo(t.toLongs());
    assertThat(back.shape()).isEqualTo(t.shape());
  }
}
