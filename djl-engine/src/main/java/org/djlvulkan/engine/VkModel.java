package org.djlvulkan.engine;

import ai.djl.BaseModel;
import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.ModelException;
import org.djlvulkan.backend.vk.VulkanDevice;

/**
 * The Vulkan engine's {@link Model}: {@code load} finds the {@code .onnx} file (see {@link
 * ModelFiles}), imports it onto the model's Vulkan device and makes its block a {@link
 * VkSymbolBlock}. Options: see {@link LoadOptions}. Closing the model frees its device memory. The
 * model reports its device, device memory and GPU profile as properties ({@link #DEVICE}, {@link
 * #WEIGHT_BYTES}, {@link #PEAK_ACTIVATION_BYTES}, {@link #PROFILE}).
 */
public final class VkModel extends BaseModel {
  /** Model property set at load: the device bytes of the packed weights. */
  public static final String WEIGHT_BYTES = "djl.vulkan.memory.weights";

  /**
   * Model property updated by every run: the most device bytes one session's activations and
   * staging have taken so far.
   */
  public static final String PEAK_ACTIVATION_BYTES = "djl.vulkan.memory.activations.peak";

  /**
   * Model property updated by every run when the model was loaded with {@code profiling=true}: the
   * per-node GPU times of the last run, one {@code node<TAB>microseconds} line per node (the node
   * is its index, operator and kernel).
   */
  public static final String PROFILE = "djl.vulkan.profile";

  /**
   * Model property updated by every run: the nodes that ran on the host (the CPU fallback) so far,
   * one line each naming the node and why; empty when every node runs on the GPU.
   */
  public static final String HOST_NODES = "djl.vulkan.hostNodes";

  /**
   * Model property updated by every run: where its time went, as {@code key=microseconds} pairs
   * separated by {@code ;} ({@link RunPhases}): prepare (NDArrays to host tensors), upload, gpu
   * (device span from timestamps, NaN without them), wait (submit and fence), readback, host (CPU
   * fallback nodes), outputs (host tensors to NDArrays), dispatches and steps.
   */
  public static final String TIMING = "djl.vulkan.timing";

  /**
   * Model property set at load: the Vulkan device the model runs on, its type, and how a run waits
   * for it ({@code NVIDIA H200 [DISCRETE_GPU], host wait spin}).
   */
  public static final String DEVICE = "djl.vulkan.deviceDescription";

  private final VulkanDevices devices;
  private final ModelImporter importer;

  /**
   * Creates an empty model.
   *
   * @param name the model's name
   * @param manager the manager its block and arrays belong to; its device is the model's device
   * @param devices the engine's devices
   * @param importer what turns the file into a loaded model
   */
  VkModel(String name, NDManager manager, VulkanDevices devices, ModelImporter importer) {
    super(name);
    this.manager = manager;
    this.manager.setName("vkModel");
    this.devices = devices;
    this.importer = importer;
    this.dataType = DataType.FLOAT32;
  }

  @Override
  public void load(Path modelPath, String prefix, Map<String, ?> options)
      throws IOException, MalformedModelException {
    if (block != null) {
      throw new UnsupportedOperationException(
          "the Vulkan engine loads models from files, not into a block built in Java");
    }
    setModelDir(modelPath);
    Path file;
    if (Files.isRegularFile(modelDir)) {
      file = modelDir;
      modelDir = modelDir.toAbsolutePath().getParent();
      String fileName = file.getFileName().toString();
      modelName = fileName.replaceFirst("\\.(onnx|pte)$", "");
    } else {
      List<String> candidates = ModelFiles.candidates(prefix, modelName, modelDir);
      file = ModelFiles.find(modelDir, candidates);
      if (file == null) {
        throw new FileNotFoundException(
            "no model file in " + modelPath + " (tried " + String.join(", ", candidates) + ")");
      }
    }
    LoadOptions parsed = LoadOptions.parse(options);
    Device target = parsed.device().map(devices::select).orElse(manager.getDevice());
    VulkanDevice device = devices.open(target);
    InferenceModel loaded;
    try {
      loaded = importer.load(device, file, parsed.model());
    } catch (ModelException | IllegalArgumentException | UnsupportedOperationException e) {
      throw new MalformedModelException("cannot load " + file + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new IOException("cannot read " + file + ": " + e.getMessage(), e.getCause());
    }
    block =
        new VkSymbolBlock(
            loaded,
            manager,
            devices,
            this::setProperty,
            parsed.model().pixelInput() != null,
            parsed.outputsOnDevice());
    setProperty(WEIGHT_BYTES, Long.toString(loaded.weightBytes()));
    setProperty(
        DEVICE,
        device.info().name()
            + " ["
            + device.info().type()
            + "], host wait "
            + device.fenceWait().word());
    wasLoaded = true;
  }
}
