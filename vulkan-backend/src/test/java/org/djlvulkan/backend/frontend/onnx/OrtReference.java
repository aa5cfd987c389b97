package org.djlvulkan.backend.frontend.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.djlvulkan.backend.model.ElementType;
import org.djlvulkan.backend.model.HostTensor;

/** Runs a model with ONNX Runtime (CPU) on the same bytes and inputs: the tests' reference. */
final class OrtReference {
  private OrtReference() {}

  private static ElementType elementType(OnnxJavaType t) {
    switch (t) {
      case FLOAT:
        return ElementType.FLOAT32;
      case FLOAT16:
        return ElementType.FLOAT16;
      case UINT8:
        return ElementType.UINT8;
      case INT8:
        return ElementType.INT8;
      case INT32:
        return ElementType.INT32;
      case INT64:
        return ElementType.INT64;
      case BOOL:
        return ElementType.BOOL;
      case DOUBLE:
        return ElementType.FLOAT64;
      default:
        throw new IllegalStateException("unexpected ONNX Runtime output type " + t);
    }
  }

  private static OnnxJavaType javaType(ElementType t) {
    switch (t) {
      case FLOAT16:
        return OnnxJavaType.FLOAT16;
      case UINT8:
        return OnnxJavaType.UINT8;
      case INT8:
        return OnnxJavaType.INT8;
      case INT32:
        return OnnxJavaType.INT32;
      case INT64:
        return OnnxJavaType.INT64;
      case BOOL:
        return OnnxJavaType.BOOL;
      default:
        return OnnxJavaType.FLOAT;
    }
  }

  /**
   * Runs a model with graph optimisation off: each operator as written, for per-operator tests.
   *
   * @param model the serialized model
   * @param names input names, in order
   * @param inputs input tensors (float32, float16, uint8, int8, int32, int64 or bool)
   * @return the outputs, in graph order
   */
  static List<HostTensor> run(byte[] model, List<String> names, List<HostTensor> inputs) {
    return run(model, names, inputs, OrtSession.SessionOptions.OptLevel.NO_OPT);
  }

  /**
   * Runs a whole model the way it is shipped: with ONNX Runtime's default graph optimisation, as
   * the outputs stored with the test models were produced. A QDQ file must run this way: with
   * optimisation off ONNX Runtime dequantizes to float and runs Conv/Add/Gemm in fp32 between
   * QuantizeLinear/DequantizeLinear pairs, while its default level fuses each group into the
   * integer QLinearConv/QLinearAdd/QGemm kernels - a different rounding of every layer, and the one
   * the int8 kernels implement.
   *
   * @param model the serialized model
   * @param names input names, in order
   * @param inputs input tensors (float32 or float16)
   * @return the outputs, in graph order
   */
  static List<HostTensor> runOptimized(byte[] model, List<String> names, List<HostTensor> inputs) {
    return run(model, names, inputs, OrtSession.SessionOptions.OptLevel.ALL_OPT);
  }

  private static List<HostTensor> run(
      byte[] model,
      List<String> names,
      List<HostTensor> inputs,
      OrtSession.SessionOptions.OptLevel level) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
      opts.setIntraOpNumThreads(1);
      opts.setOptimizationLevel(level);
      try (OrtSession session = env.createSession(model, opts)) {
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        try {
          for (int i = 0; i < names.size(); i++) {
            HostTensor t = inputs.get(i);
            ByteBuffer direct =
                ByteBuffer.allocateDirect(t.data().remaining()).order(ByteOrder.nativeOrder());
            direct.put(t.data().duplicate()).flip();
            OnnxJavaType type = javaType(t.type());
            feed.put(names.get(i), OnnxTensor.createTensor(env, direct, t.shape(), type));
          }
          try (OrtSession.Result r = session.run(feed)) {
            List<HostTensor> out = new ArrayList<>();
            for (Map.Entry<String, OnnxValue> e : r) {
              OnnxTensor t = (OnnxTensor) e.getValue();
              ByteBuffer b = t.getByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
              ElementType type = elementType(t.getInfo().type);
              ByteBuffer copy = ByteBuffer.allocate(b.remaining());
              copy.put(b).flip();
              out.add(new HostTensor(type, t.getInfo().getShape(), copy));
            }
            return out;
          }
        } finally {
          feed.values().forEach(OnnxTensor::close);
        }
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
    }
  }
}
