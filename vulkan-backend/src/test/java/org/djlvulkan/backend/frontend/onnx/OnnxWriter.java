package org.djlvulkan.backend.frontend.onnx;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.TensorData;

/**
 * Writes small ONNX models for tests with protobuf's {@code CodedOutputStream} (field numbers of
 * the public {@code onnx.proto}). Test-only.
 */
final class OnnxWriter {
  /** Element type codes. */
  static final int FLOAT = 1;

  static final int UINT8 = 2;
  static final int INT8 = 3;
  static final int INT32 = 6;
  static final int INT64 = 7;
  static final int FLOAT16 = 10;

  /** Writes one message's fields. */
  @FunctionalInterface
  interface Fields {
    void write(CodedOutputStream out) throws IOException;
  }

  private long irVersion = 8;
  private final Map<String, Long> opsets = new LinkedHashMap<>();
  private final List<byte[]> nodes = new ArrayList<>();
  private final List<byte[]> initializers = new ArrayList<>();
  private final List<byte[]> inputs = new ArrayList<>();
  private final List<byte[]> outputs = new ArrayList<>();
  private int nodeCount;

  OnnxWriter(long opset) {
    opsets.put("", opset);
  }

  OnnxWriter irVersion(long v) {
    irVersion = v;
    return this;
  }

  OnnxWriter opset(String domain, long version) {
    opsets.put(domain, version);
    return this;
  }

  static byte[] message(Fields f) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      f.write(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A ValueInfoProto; a negative dimension becomes the symbolic {@code "N"}. */
  static byte[] valueInfo(String name, int elemType, long... dims) {
    byte[] shape =
        message(
            o -> {
              for (long d : dims) {
                byte[] dim =
                    message(
                        x -> {
                          if (d < 0) {
                            x.writeString(2, "N");
                          } else {
                            x.writeInt64(1, d);
                          }
                        });
                o.writeByteArray(1, dim);
              }
            });
    byte[] tensorType =
        message(
            o -> {
              o.writeInt32(1, elemType);
              o.writeByteArray(2, shape);
            });
    byte[] type = message(o -> o.writeByteArray(1, tensorType));
    return message(
        o -> {
          o.writeString(1, name);
          o.writeByteArray(2, type);
        });
  }

  /** A TensorProto with raw_data. */
  static byte[] tensor(String name, TensorData t) {
    return message(
        o -> {
          for (long d : t.shape()) {
            o.writeInt64(1, d);
          }
          o.writeInt32(2, t.type().code());
          o.writeString(8, name);
          byte[] raw = new byte[t.data().remaining()];
          t.data().duplicate().get(raw);
          o.writeByteArray(9, raw);
        });
  }

  /** A float TensorProto with float_data (the typed field) instead of raw_data. */
  static byte[] typedFloatTensor(String name, float[] values, long... dims) {
    return message(
        o -> {
          for (long d : dims) {
            o.writeInt64(1, d);
          }
          o.writeInt32(2, FLOAT);
          byte[] packed =
              message(
                  x -> {
                    for (float v : values) {
                      x.writeFloatNoTag(v);
                    }
                  });
          o.writeByteArray(4, packed);
          o.writeString(8, name);
        });
  }

  OnnxWriter input(String name, int elemType, long... dims) {
    inputs.add(valueInfo(name, elemType, dims));
    return this;
  }

  OnnxWriter output(String name, int elemType, long... dims) {
    outputs.add(valueInfo(name, elemType, dims));
    return this;
  }

  OnnxWriter initializer(String name, TensorData t) {
    initializers.add(tensor(name, t));
    return this;
  }

  OnnxWriter initializer(String name, float[] values, long... dims) {
    return initializer(name, TensorData.ofFloats(values, dims));
  }

  /**
   * Adds a per-tensor uint8 quantization grid: initializers {@code <prefix>s} (the fp32 scale) and
   * {@code <prefix>z} (the uint8 zero point).
   */
  OnnxWriter uint8Grid(String prefix, float scale, long zeroPoint) {
    return initializer(prefix + "s", TestTensors.f32(scale))
        .initializer(prefix + "z", TestTensors.u8(zeroPoint));
  }

  /**
   * Adds a per-channel int8 quantization grid: initializers {@code <prefix>s} (the fp32 scales) and
   * {@code <prefix>z} (int8 zero points, all 0).
   */
  OnnxWriter int8ChannelGrid(String prefix, float... scales) {
    int n = scales.length;
    return initializer(prefix + "s", TensorData.ofFloats(scales, n))
        .initializer(prefix + "z", TensorData.ofDoubles(DataType.INT8, new double[n], n));
  }

  /**
   * Adds a batch normalization's statistics for {@code c} channels as initializers gamma, beta,
   * mean and var (positive), seeded random values from seeds {@code seed} to {@code seed + 3}.
   */
  OnnxWriter batchNormStats(int c, long seed) {
    float[] var = TestTensors.rnd(c, seed + 3);
    for (int k = 0; k < c; k++) {
      var[k] = Math.abs(var[k]) + 0.1f;
    }
    return initializer("gamma", TestTensors.rnd(c, seed), c)
        .initializer("beta", TestTensors.rnd(c, seed + 1), c)
        .initializer("mean", TestTensors.rnd(c, seed + 2), c)
        .initializer("var", var, c);
  }

  OnnxWriter rawInitializer(byte[] tensorProto) {
    initializers.add(tensorProto);
    return this;
  }

  /** A Conv node with a 3 x 3 kernel, stride 1 and padding 1 (output as large as the input). */
  OnnxWriter conv3x3SamePadding(String in, String weights, String out) {
    return node(
        "Conv",
        List.of(in, weights),
        List.of(out),
        ints("kernel_shape", 3, 3),
        ints("pads", 1, 1, 1, 1));
  }

  OnnxWriter node(String op, List<String> in, List<String> out, byte[]... attrs) {
    return node("", op, in, out, attrs);
  }

  OnnxWriter node(String domain, String op, List<String> in, List<String> out, byte[]... attrs) {
    String name = op.toLowerCase() + "_" + nodeCount++;
    nodes.add(
        message(
            o -> {
              for (String s : in) {
                o.writeString(1, s);
              }
              for (String s : out) {
                o.writeString(2, s);
              }
              o.writeString(3, name);
              o.writeString(4, op);
              for (byte[] a : attrs) {
                o.writeByteArray(5, a);
              }
              if (!domain.isEmpty()) {
                o.writeString(7, domain);
              }
            }));
    return this;
  }

  /** An AttributeProto: its name, its value's fields and its type (AttributeType's number). */
  private static byte[] attribute(String name, int type, Fields value) {
    return message(
        o -> {
          o.writeString(1, name);
          value.write(o);
          o.writeInt32(20, type);
        });
  }

  static byte[] ints(String name, long... v) {
    return attribute(
        name,
        7,
        o -> {
          for (long x : v) {
            o.writeInt64(8, x);
          }
        });
  }

  static byte[] i(String name, long v) {
    return attribute(name, 2, o -> o.writeInt64(3, v));
  }

  static byte[] f(String name, float v) {
    return attribute(name, 1, o -> o.writeFloat(2, v));
  }

  static byte[] s(String name, String v) {
    return attribute(name, 3, o -> o.writeString(4, v));
  }

  static byte[] t(String name, TensorData v) {
    return attribute(name, 4, o -> o.writeByteArray(5, tensor("", v)));
  }

  /** Returns the serialized ModelProto. */
  byte[] build() {
    byte[] graph =
        message(
            o -> {
              for (byte[] n : nodes) {
                o.writeByteArray(1, n);
              }
              o.writeString(2, "test");
              for (byte[] t : initializers) {
                o.writeByteArray(5, t);
              }
              for (byte[] v : inputs) {
                o.writeByteArray(11, v);
              }
              for (byte[] v : outputs) {
                o.writeByteArray(12, v);
              }
            });
    return message(
        o -> {
          o.writeInt64(1, irVersion);
          o.writeString(2, "djl-vulkan tests");
          o.writeByteArray(7, graph);
          for (Map.Entry<String, Long> e : opsets.entrySet()) {
            byte[] id =
                message(
                    x -> {
                      x.writeString(1, e.getKey());
                      x.writeInt64(2, e.getValue());
                    });
            o.writeByteArray(8, id);
          }
        });
  }

  /** Returns little-endian bytes of floats. */
  static ByteBuffer floats(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return b;
  }
}
