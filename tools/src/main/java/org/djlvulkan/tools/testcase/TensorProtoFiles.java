package org.djlvulkan.tools.testcase;

import java.nio.file.Path;
import org.djlvulkan.backend.frontend.onnx.OnnxModels;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.ModelException;

/**
 * Serialized ONNX {@code TensorProto} files (the {@code input_N.pb} / {@code output_N.pb} of the
 * ONNX test format) as host tensors, for tools that feed models from such files.
 */
public final class TensorProtoFiles {
  private TensorProtoFiles() {}

  /**
   * Reads a tensor file.
   *
   * @param file a serialized {@code TensorProto}
   * @return its value
   * @throws ModelException when the file is not a tensor, or holds a type a model input cannot have
   */
  public static HostTensor read(Path file) {
    TensorData t = OnnxModels.readTensor(file);
    try {
      return t.toHostTensor();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": a " + t + " tensor cannot be a model input", e);
    }
  }

  /**
   * Writes a tensor file.
   *
   * @param file the file to write
   * @param name the tensor's name inside the file
   * @param value the tensor
   */
  public static void write(Path file, String name, HostTensor value) {
    OnnxModels.writeTensor(file, name, TensorData.of(value));
  }
}
