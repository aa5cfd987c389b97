package org.djlvulkan.engine;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.SymbolBlock;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import org.djlvulkan.backend.vk.DeviceOptions;
import org.djlvulkan.backend.vk.errors.VulkanException;
import org.djlvulkan.engine.ndarray.VkNDManager;

/**
 * The DJL engine named {@code Vulkan}: models run through Vulkan compute shaders on any GPU, or on
 * Mesa's lavapipe CPU driver ({@code Device.cpu()}). NDArrays live in host memory and their
 * operations run in Java; a model's {@code forward} is the only work that reaches the device.
 *
 * <p>The engine owns one Vulkan instance and opens each device on first use; everything is closed
 * at JVM shutdown. DJL makes the engine of the lowest rank the default; this one's rank (12) is
 * above PyTorch's and ONNX Runtime's (10), so it is the default only when neither is on the class
 * path. Ask for it with {@code Criteria.optEngine("Vulkan")}.
 */
public final class VkEngine extends Engine {
  /** The engine's name, as given to {@code Criteria.optEngine}. */
  public static final String ENGINE_NAME = "Vulkan";

  /** The capability this engine has and others lack. */
  public static final String CAPABILITY = "VULKAN";

  static final int RANK = 12;

  /** Engines whose NDArray operations fill in for the ones this engine lacks, in order. */
  private static final List<String> ALTERNATIVES = List.of("PyTorch", "MXNet");

  private static volatile VkEngine running;

  private final VulkanDevices devices;
  private final ModelImporter importer;
  private final String version;
  private Engine alternativeEngine;
  private boolean alternativeResolved;

  private VkEngine(VulkanDevices devices, ModelImporter importer) {
    this.devices = devices;
    this.importer = importer;
    this.version = readVersion();
  }

  /**
   * Starts the engine: creates the Vulkan instance (validation as the settings say) and checks that
   * a usable device exists.
   *
   * @return the engine
   * @throws EngineException naming what to install when there is no Vulkan loader, driver or
   *     device, or naming the devices when {@code DJL_VULKAN_DEVICE} matches none
   */
  static VkEngine start() {
    VulkanDevices devices;
    try {
      devices = VulkanDevices.create(DeviceOptions.fromSettings());
    } catch (VulkanException | IllegalArgumentException e) {
      throw new EngineException("the Vulkan engine cannot start: " + e.getMessage(), e);
    }
    VkEngine engine = new VkEngine(devices, Importers.any());
    running = engine;
    return engine;
  }

  /**
   * Frees the engine's devices and its Vulkan instance now, on the calling thread, when the engine
   * has started; later use of the engine fails. Programs that exit right after their work (a
   * command-line app, say) call it last, after closing their models.
   *
   * <p>Nothing is destroyed from a shutdown hook: NVIDIA's driver (580) crashed the JVM at exit
   * when the devices were destroyed from one. Without this call the process exit releases them.
   */
  public static void shutdown() {
    VkEngine engine = running;
    if (engine != null) {
      running = null;
      engine.devices.close();
    }
  }

  private static String readVersion() {
    try (InputStream in = VkEngine.class.getResourceAsStream("engine.properties")) {
      if (in == null) {
        throw new IllegalStateException("engine.properties is missing from the djl-engine jar");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the Vulkan instance and devices this engine runs on. */
  public VulkanDevices devices() {
    return devices;
  }

  /**
   * Returns PyTorch's or MXNet's engine when one is on the class path (it then runs the NDArray
   * operations this engine lacks, as DJL's ONNX Runtime engine does); otherwise null.
   */
  @Override
  public synchronized Engine getAlternativeEngine() {
    if (!alternativeResolved) {
      alternativeResolved = true;
      for (String name : ALTERNATIVES) {
        if (Engine.hasEngine(name)) {
          alternativeEngine = Engine.getEngine(name);
          break;
        }
      }
    }
    return alternativeEngine;
  }

  @Override
  public String getEngineName() {
    return ENGINE_NAME;
  }

  @Override
  public int getRank() {
    return RANK;
  }

  /** Returns the djl-vulkan version. */
  @Override
  public String getVersion() {
    return version;
  }

  @Override
  public boolean hasCapability(String capability) {
    return CAPABILITY.equals(capability);
  }

  /** Returns the device the settings select: {@code gpu(0)} when a GPU exists, else cpu(). */
  @Override
  public Device defaultDevice() {
    return devices.defaultDevice();
  }

  @Override
  public int getGpuCount() {
    return devices.map().gpuCount();
  }

  @Override
  public SymbolBlock newSymbolBlock(NDManager manager) {
    throw new UnsupportedOperationException(
        "newSymbolBlock: the Vulkan engine builds blocks only by loading a model file");
  }

  @Override
  public Model newModel(String name, Device device) {
    Device target = device == null ? defaultDevice() : device;
    devices.map().physical(target);
    return new VkModel(name, newBaseManager(target), devices, importer);
  }

  @Override
  public NDManager newBaseManager() {
    return newBaseManager(null);
  }

  /**
   * Returns a manager of host arrays on a device of this engine: {@code null} is the default
   * device; a device the engine does not have is refused as {@link #newModel} refuses it, so that a
   * manager never reports a GPU that no model could run on.
   *
   * @throws IllegalArgumentException naming the device and listing the Vulkan devices
   */
  @Override
  public NDManager newBaseManager(Device device) {
    if (device != null) {
      devices.map().physical(device);
    }
    return VkNDManager.getSystemManager().newSubManager(device);
  }

  @Override
  public GradientCollector newGradientCollector() {
    throw new UnsupportedOperationException(
        "newGradientCollector: the Vulkan engine runs inference only, not training");
  }

  @Override
  public String toString() {
    return ENGINE_NAME
        + ":"
        + version
        + ", default device "
        + defaultDevice()
        + ", "
        + devices.map().listing();
  }
}
