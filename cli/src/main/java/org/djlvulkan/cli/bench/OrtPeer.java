package org.djlvulkan.cli.bench;

import ai.djl.ndarray.types.DataType;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Path;
import java.util.Map;
import org.djlvulkan.cli.CliException;

/**
 * The benchmark's peer: ONNX Runtime's CPU provider, through its own Java API, on the same file and
 * the same input. Open it after any DJL model of the OnnxRuntime engine: ONNX Runtime allows one
 * environment per process, and DJL's engine insists on creating it.
 */
public final class OrtPeer implements AutoCloseable {
  private final OrtEnvironment env;
  private final OrtSession session;
  private final String inputName;
  private final OnnxJavaType inputType;

  private OrtPeer(OrtEnvironment env, OrtSession session, String inputName, OnnxJavaType type) {
    this.env = env;
    this.session = session;
    this.inputName = inputName;
    this.inputType = type;
  }

  /**
   * Opens a session on a model file.
   *
   * @param file the ONNX file
   * @return the peer; close it
   * @throws CliException when ONNX Runtime cannot load the file or the model has no tensor input
   */
  public static OrtPeer open(Path file) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession session = null;
    try {
      session = env.createSession(file.toString(), new OrtSession.SessionOptions());
      Map.Entry<String, NodeInfo> input = session.getInputInfo().entrySet().iterator().next();
      if (!(input.getValue().getInfo() instanceof TensorInfo info)) {
        throw new CliException("the peer: the input " + input.getKey() + " is not a tensor");
      }
      return new OrtPeer(env, session, input.getKey(), info.type);
    } catch (OrtException e) {
      closeQuietly(session);
      throw new CliException("ONNX Runtime cannot load " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(session);
      throw e;
    }
  }

  /** Returns how reports name the peer, such as {@code ONNX Runtime 1.29.0 CPU}. */
  public String description() {
    return "ONNX Runtime " + env.getVersion() + " CPU";
  }

  /**
   * Runs the model {@code warmup} times untimed, then {@code iterations} times timed.
   *
   * @param values the input values
   * @param shape the input shape
   * @param type the input element type, float32 or float16; must be the model's
   * @param warmup untimed runs
   * @param iterations timed runs, at least 1
   * @return the time of each timed run in milliseconds
   * @throws CliException when the type is not the model's or a run fails
   */
  public double[] time(float[] values, long[] shape, DataType type, int warmup, int iterations) {
    OnnxJavaType expected = type == DataType.FLOAT16 ? OnnxJavaType.FLOAT16 : OnnxJavaType.FLOAT;
    if (inputType != expected) {
      throw new CliException(
          "the peer: the model's input " + inputName + " is " + inputType + ", not " + type);
    }
    try (OnnxTensor tensor =
        OnnxTensor.createTensor(env, RandomInput.bytes(values, type), shape, expected)) {
      Map<String, OnnxTensor> inputs = Map.of(inputName, tensor);
      return Repetitions.time(warmup, iterations, () -> session.run(inputs).close());
    } catch (OrtException e) {
      throw new CliException("the peer (ONNX Runtime) failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    closeQuietly(session);
  }

  private static void closeQuietly(OrtSession session) {
    if (session != null) {
      try {
        session.close();
      } catch (OrtException e) {
        // Closing a session only frees memory; nothing to report.
      }
    }
  }
}
