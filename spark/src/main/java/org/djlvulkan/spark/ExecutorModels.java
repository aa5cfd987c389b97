package org.djlvulkan.spark;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * The models of one executor JVM: each (spec, device) is loaded once, on first use by a task, and
 * kept for every later task and partition of the JVM (DJL predictors are made per partition; the
 * model's sessions are thread-safe). They live until the JVM exits or {@link #closeAll()}: no
 * shutdown hook frees device memory, as some drivers crash when a hook does.
 */
public final class ExecutorModels {
  private static final Map<Key, ZooModel<?, ?>> MODELS = new HashMap<>();
  private static final AtomicInteger LOADS = new AtomicInteger();

  private ExecutorModels() {}

  private record Key(ModelSpec spec, Device device, boolean raw) {}

  /**
   * Returns the model for a spec on the spec's device, else the one Spark gave the running task
   * (its first {@code gpu} resource address, when the job asks for GPUs), loading it once per JVM.
   *
   * @param spec the model
   * @return the loaded model (owned here: do not close it)
   * @throws IllegalStateException when the model cannot be loaded (the message says why)
   */
  public static ZooModel<Image, Classifications> get(ModelSpec spec) {
    @SuppressWarnings("unchecked")
    ZooModel<Image, Classifications> m =
        (ZooModel<Image, Classifications>) load(spec, false, d -> spec.criteria(d).loadModel());
    return m;
  }

  /**
   * Returns the model for a spec that runs tensors as they are (NDList in and out), on the task's
   * device, loading it once per JVM.
   *
   * @param spec the model
   * @return the loaded model (owned here: do not close it)
   */
  public static ZooModel<NDList, NDList> getRaw(ModelSpec spec) {
    @SuppressWarnings("unchecked")
    ZooModel<NDList, NDList> m =
        (ZooModel<NDList, NDList>) load(spec, true, d -> spec.rawCriteria(d).loadModel());
    return m;
  }

  /** Loads a model of the JVM once. */
  private interface Loader {
    ZooModel<?, ?> load(Device device)
        throws IOException, ModelNotFoundException, MalformedModelException;
  }

  private static ZooModel<?, ?> load(ModelSpec spec, boolean raw, Loader loader) {
    Device device = spec.device() >= 0 ? Device.gpu(spec.device()) : taskDevice();
    Key key = new Key(spec, device, raw);
    synchronized (MODELS) {
      ZooModel<?, ?> m = MODELS.get(key);
      if (m == null) {
        try {
          m = loader.load(device);
        } catch (IOException | ModelNotFoundException | MalformedModelException e) {
          throw new IllegalStateException(
              "cannot load " + spec.model() + " on " + device + ": " + e.getMessage(), e);
        }
        LOADS.incrementAndGet();
        MODELS.put(key, m);
      }
      return m;
    }
  }

  /** Returns how many models this JVM has loaded. */
  public static int loads() {
    return LOADS.get();
  }

  /**
   * Returns the GPU of the running task: the first address of its {@code gpu} resource, or null
   * (the engine's default device) outside a task or without GPU scheduling.
   */
  static Device taskDevice() {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return null;
    }
    ResourceInformation gpu = task.resourcesJMap().get("gpu");
    if (gpu == null || gpu.addresses().length == 0) {
      return null;
    }
    return Device.gpu(Integer.parseInt(gpu.addresses()[0]));
  }

  /** Closes every model of this JVM; a later task loads its model again. */
  public static void closeAll() {
    synchronized (MODELS) {
      MODELS.values().forEach(ZooModel::close);
      MODELS.clear();
    }
  }
}
