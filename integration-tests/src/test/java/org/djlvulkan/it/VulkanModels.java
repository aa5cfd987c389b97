package org.djlvulkan.it;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The model files on the Vulkan engine through DJL ({@code Predictor<NDList, NDList>}), each loaded
 * once per test JVM (the engine frees them at JVM shutdown).
 */
final class VulkanModels {
  /** A file and the engine options it is loaded with. */
  private record Key(Path file, Map<String, String> options) {}

  private static final Map<Key, ZooModel<NDList, NDList>> MODELS = new ConcurrentHashMap<>();

  private VulkanModels() {}

  /** Returns the model of a file, loading it on first use. */
  static ZooModel<NDList, NDList> get(Path file) {
    return get(file, Map.of());
  }

  /** Returns the model of a file loaded with engine options, loading it on first use. */
  static ZooModel<NDList, NDList> get(Path file, Map<String, String> options) {
    return MODELS.computeIfAbsent(new Key(file, Map.copyOf(options)), VulkanModels::load);
  }

  private static ZooModel<NDList, NDList> load(Key key) {
    Path file = key.file();
    try {
      Criteria.Builder<NDList, NDList> b =
          Criteria.builder().setTypes(NDList.class, NDList.class).optModelPath(file);
      key.options().forEach(b::optOption);
      return b.optEngine("Vulkan").build().loadModel();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ModelNotFoundException | MalformedModelException e) {
      throw new IllegalStateException("cannot load " + file + ": " + e.getMessage(), e);
    }
  }

  /** Runs a file's model on one input and returns its first output as floats. */
  static float[] run(Path file, ModelInput input) throws TranslateException {
    return Forward.first(get(file), input);
  }

  /** Runs a file's model on one input and returns its first output with its type. */
  static Forward.Output output(Path file, ModelInput input) throws TranslateException {
    return Forward.run(get(file), input);
  }
}
