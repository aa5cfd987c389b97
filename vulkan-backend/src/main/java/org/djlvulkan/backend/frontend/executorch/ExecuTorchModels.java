package org.djlvulkan.backend.frontend.executorch;

import java.nio.file.Path;
import org.djlvulkan.backend.lower.CompiledModel;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.vk.VulkanDevice;

/** Loads ExecuTorch programs ({@code .pte}) onto a Vulkan device. */
public final class ExecuTorchModels {
  private ExecuTorchModels() {}

  /**
   * Loads a program: maps the file, translates its execution plan into the IR and compiles it.
   *
   * @param device the device to run on
   * @param file the program
   * @param options precision, profiling, variant cache size
   * @return the model; close it after its sessions
   * @throws org.djlvulkan.backend.model.ModelFormatException when the file is not a valid program
   * @throws org.djlvulkan.backend.model.UnsupportedModelException when it cannot run here
   */
  public static InferenceModel load(VulkanDevice device, Path file, ModelOptions options) {
    return CompiledModel.create(
        device, ExecuTorchImporter.importProgram(PteFile.open(file)), options);
  }
}
