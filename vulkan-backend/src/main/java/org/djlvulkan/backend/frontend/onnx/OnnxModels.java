package org.djlvulkan.backend.frontend.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.djlvulkan.backend.frontend.onnx.proto.ModelProto;
import org.djlvulkan.backend.frontend.onnx.proto.OnnxDecoder;
import org.djlvulkan.backend.frontend.onnx.proto.TensorProtoData;
import org.djlvulkan.backend.frontend.onnx.proto.TensorProtoWriter;
import org.djlvulkan.backend.ir.IrGraph;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.lower.CompiledModel;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.ModelFormatException;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.model.UnsupportedModelException;
import org.djlvulkan.backend.vk.VulkanDevice;

/** Loads ONNX models onto a Vulkan device. */
public final class OnnxModels {
  private OnnxModels() {}

  /**
   * Loads a model file. External data is read from files in the model's folder (and only there).
   *
   * @param device the device to run on
   * @param file the {@code .onnx} file
   * @param options precision, profiling, variant cache size
   * @return the model; close it after its sessions
   * @throws ModelFormatException when the file is not a valid ONNX model
   * @throws UnsupportedModelException when the model is valid but cannot run here
   * @throws UncheckedIOException when the file cannot be read
   */
  public static InferenceModel load(VulkanDevice device, Path file, ModelOptions options) {
    String source = file.toString();
    byte[] bytes = readFile(file, source);
    Path dir = file.toAbsolutePath().getParent();
    return load(device, bytes, source, dir, options);
  }

  /**
   * Loads a model from bytes (a model without external data).
   *
   * @param device the device to run on
   * @param bytes the serialized {@code ModelProto}
   * @param name a display name for messages
   * @param options precision, profiling, variant cache size
   * @return the model; close it after its sessions
   * @throws ModelFormatException when the bytes are not a valid ONNX model
   * @throws UnsupportedModelException when the model is valid but cannot run here
   */
  public static InferenceModel load(
      VulkanDevice device, byte[] bytes, String name, ModelOptions options) {
    return load(device, bytes, name, null, options);
  }

  /**
   * Loads a model from a stream (a model without external data).
   *
   * @param device the device to run on
   * @param in the serialized {@code ModelProto}, read to its end (not closed)
   * @param name a display name for messages
   * @param options precision, profiling, variant cache size
   * @return the model; close it after its sessions
   * @throws UncheckedIOException when the stream cannot be read
   */
  public static InferenceModel load(
      VulkanDevice device, InputStream in, String name, ModelOptions options) {
    try {
      return load(device, in.readAllBytes(), name, null, options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ONNX model " + name, e);
    }
  }

  private static InferenceModel load(
      VulkanDevice device, byte[] bytes, String name, Path dir, ModelOptions options) {
    return CompiledModel.create(device, importGraph(bytes, name, dir), options);
  }

  /**
   * Decodes and imports a model without touching a device: the checks of the file and its graph.
   *
   * @param bytes the serialized {@code ModelProto}
   * @param name a display name for messages
   * @param dir the model's folder for external data, or null
   * @return the imported graph
   */
  static IrGraph importGraph(byte[] bytes, String name, Path dir) {
    ModelProto model = OnnxDecoder.decodeModel(bytes, name);
    return GraphImporter.importModel(model, name, dir);
  }

  /**
   * Reads a serialized {@code TensorProto} file, the ONNX test-data format ({@code input_0.pb}).
   *
   * @param file the file
   * @return the tensor
   * @throws ModelFormatException when the file is not a valid tensor
   */
  public static TensorData readTensor(Path file) {
    String source = file.toString();
    return TensorProtoData.resolve(
        OnnxDecoder.decodeTensor(readFile(file, source), source),
        source,
        file.toAbsolutePath().getParent());
  }

  /**
   * Writes a tensor as a serialized {@code TensorProto} file, the format {@link #readTensor} reads.
   *
   * @param file the file (replaced when it exists)
   * @param name the tensor's name, such as the graph output's name
   * @param tensor the tensor
   * @throws UncheckedIOException when the file cannot be written
   */
  public static void writeTensor(Path file, String name, TensorData tensor) {
    try {
      Files.write(file, TensorProtoWriter.encode(name, tensor));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static byte[] readFile(Path file, String source) {
    try {
      long size = Files.size(file);
      if (size > TensorData.MAX_BYTES) {
        throw new UnsupportedModelException(
            source, "the file has " + size + " bytes; files over 2 GiB need external data");
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
  }
}
