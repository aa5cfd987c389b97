package org.djlvulkan.engine;

import java.io.IOException;
import java.nio.file.Path;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.vk.VulkanDevice;

/** Turns a model file into a model loaded on a Vulkan device (the ONNX importer, for one). */
@FunctionalInterface
public interface ModelImporter {
  /**
   * Loads a model.
   *
   * @param device the device the model runs on
   * @param file the model file
   * @param options precision, profiling and caching
   * @return the loaded model; the caller closes it
   * @throws IOException when the file cannot be read
   */
  InferenceModel load(VulkanDevice device, Path file, ModelOptions options) throws IOException;
}
