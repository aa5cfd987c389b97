package org.djlvulkan.backend.frontend;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.djlvulkan.backend.frontend.executorch.ExecuTorchModels;
import org.djlvulkan.backend.frontend.executorch.PteFile;
import org.djlvulkan.backend.frontend.onnx.OnnxModels;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.vk.VulkanDevice;

/**
 * Loads a model file of any supported format, recognized by its content rather than its name: an
 * ExecuTorch program carries the file identifier {@code ET12} at byte 4; anything else is read as
 * an ONNX model (whose decoder says clearly when it is not one).
 */
public final class ModelLoader {
  /** The formats the engine reads. */
  public enum Format {
    /** An ONNX {@code ModelProto}. */
    ONNX,
    /** An ExecuTorch program ({@code .pte}). */
    EXECUTORCH
  }

  private ModelLoader() {}

  /**
   * Returns a file's format from its first bytes.
   *
   * @param file the file
   * @return the format
   * @throws UncheckedIOException when the file cannot be read
   */
  public static Format format(Path file) {
    byte[] head = new byte[8];
    int n = 0;
    try (InputStream in = Files.newInputStream(file)) {
      while (n < head.length) {
        int r = in.read(head, n, head.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("no such file: " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return PteFile.isProgram(ByteBuffer.wrap(head, 0, n)) ? Format.EXECUTORCH : Format.ONNX;
  }

  /**
   * Loads a model file onto a device.
   *
   * @param device the device to run on
   * @param file an ONNX model or an ExecuTorch program
   * @param options precision, profiling, variant cache size
   * @return the model; close it after its sessions
   * @throws org.djlvulkan.backend.model.ModelFormatException when the file is damaged
   * @throws org.djlvulkan.backend.model.UnsupportedModelException when it cannot run here
   * @throws UncheckedIOException when it cannot be read
   */
  public static InferenceModel load(VulkanDevice device, Path file, ModelOptions options) {
    return format(file) == Format.EXECUTORCH
        ? ExecuTorchModels.load(device, file, options)
        : OnnxModels.load(device, file, options);
  }
}
