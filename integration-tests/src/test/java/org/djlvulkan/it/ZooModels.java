package org.djlvulkan.it;

import ai.djl.MalformedModelException;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.djlvulkan.testfixtures.SharedFixtures;
import org.djlvulkan.zoo.VkModelZoo;
import org.djlvulkan.zoo.ZooCatalog;

/**
 * The zoo's models, on the Vulkan engine or DJL's OnnxRuntime engine, with the shared models folder
 * as the mirror (the build sets {@code djl.vulkan.model.mirror}). Each (engine, artifact,
 * precision, types) is loaded once per test JVM.
 */
final class ZooModels {
  private static final Map<String, ZooModel<?, ?>> MODELS = new ConcurrentHashMap<>();

  private ZooModels() {}

  /** Returns the model file the zoo picks, in the shared folder (skips when it is missing). */
  static Path file(String artifactId, String precision) {
    String relative =
        ZooCatalog.select(artifactId, Map.of(ZooCatalog.PRECISION, precision))
            .file()
            .relativePath();
    return SharedFixtures.model(relative);
  }

  /** Returns a {@code Predictor<Image, Classifications>} model. */
  static ZooModel<Image, Classifications> classifier(
      String engine, String artifactId, String precision) {
    return cached(engine, artifactId, precision, Image.class, Classifications.class);
  }

  /** Returns a {@code Predictor<NDList, NDList>} model (the raw logits). */
  static ZooModel<NDList, NDList> tensors(String engine, String artifactId, String precision) {
    return cached(engine, artifactId, precision, NDList.class, NDList.class);
  }

  /** Loads a zoo model once per JVM and types of predictor. */
  @SuppressWarnings("unchecked")
  private static <I, O> ZooModel<I, O> cached(
      String engine, String artifactId, String precision, Class<I> input, Class<O> output) {
    file(artifactId, precision);
    return (ZooModel<I, O>)
        MODELS.computeIfAbsent(
            String.join("/", engine, artifactId, precision, input.getSimpleName()),
            k ->
                load(
                    Criteria.builder()
                        .setTypes(input, output)
                        .optEngine(engine)
                        .optGroupId(VkModelZoo.GROUP_ID)
                        .optArtifactId(artifactId)
                        .optFilter(ZooCatalog.PRECISION, precision)
                        .build()));
  }

  private static ZooModel<?, ?> load(Criteria<?, ?> criteria) {
    try {
      return criteria.loadModel();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ModelNotFoundException | MalformedModelException e) {
      throw new IllegalStateException("cannot load " + criteria + ": " + e.getMessage(), e);
    }
  }
}
