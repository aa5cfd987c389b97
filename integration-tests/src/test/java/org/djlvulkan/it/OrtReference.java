package org.djlvulkan.it;

import ai.djl.engine.Engine;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.djlvulkan.backend.tensor.Float16;

/**
 * ONNX Runtime Java (CPU) on the same model files: the reference. One session per file for the
 * whole test JVM.
 */
final class OrtReference {
  private static final Map<Path, OrtSession> SESSIONS = new ConcurrentHashMap<>();

  private OrtReference() {}

  /**
   * Runs a one-input model and returns its first output as floats.
   *
   * @param file the {@code .onnx} file
   * @param input the input, float32 or float16 as the model takes it
   * @return the first output's values (float16 outputs widened)
   */
  static float[] run(Path file, ModelInput input) {
    OrtEnvironment env = environment();
    try {
      OrtSession session = SESSIONS.computeIfAbsent(file, OrtReference::open);
      String name = session.getInputNames().iterator().next();
      OnnxJavaType type = input.half() ? OnnxJavaType.FLOAT16 : OnnxJavaType.FLOAT;
      try (OnnxTensor in = OnnxTensor.createTensor(env, input.bytes(), input.shape(), type);
          OrtSession.Result result = session.run(Map.of(name, in))) {
        OnnxTensor out = (OnnxTensor) result.get(0);
        ByteBuffer bytes = out.getByteBuffer().order(ByteOrder.nativeOrder());
        if (out.getInfo().type == OnnxJavaType.FLOAT16) {
          return Float16.toFloats(bytes.asShortBuffer());
        }
        float[] values = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(values);
        return values;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Returns the JVM's one ONNX Runtime environment. DJL's OnnxRuntime engine creates it with global
   * thread pools and fails when one already exists, so the engine starts first and this reference
   * shares its environment.
   */
  private static OrtEnvironment environment() {
    Engine.getEngine("OnnxRuntime");
    return OrtEnvironment.getEnvironment();
  }

  private static OrtSession open(Path file) {
    try {
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      options.setIntraOpNumThreads(1);
      return environment().createSession(file.toString(), options);
    } catch (OrtException e) {
      throw new IllegalStateException(
          "ONNX Runtime cannot load " + file + ": " + e.getMessage(), e);
    }
  }
}
