package org.djlvulkan.zoo;

import ai.djl.Application;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDList;
import ai.djl.repository.MRL;
import ai.djl.repository.Repository;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelLoader;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.util.ProgressBar;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import ai.djl.util.Progress;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.djlvulkan.zoo.translator.ImageNetTranslator;
import org.djlvulkan.zoo.translator.ImageNetTranslatorFactory;

/**
 * Loads one artifact of the zoo: picks the file by the {@code precision} filter, resolves it and
 * the labels ({@link FileResolver}), loads it on the requested engine and attaches the translator.
 * Serves {@code (Image, Classifications)} with {@link ImageNetTranslatorFactory} and {@code
 * (NDList, NDList)} as raw tensors; a translator factory in the criteria takes precedence.
 */
final class VkModelLoader implements ModelLoader {
  /** The version the zoo's MRLs carry. */
  static final String VERSION = "0.1.0";

  private final String artifactId;
  private final Supplier<FileResolver> resolver;

  /**
   * Creates the loader.
   *
   * @param artifactId an id of {@link ZooCatalog}
   * @param resolver gives the resolver in force when a model is loaded
   */
  VkModelLoader(String artifactId, Supplier<FileResolver> resolver) {
    if (ZooCatalog.variants(artifactId).isEmpty()) {
      throw new IllegalArgumentException("no artifact '" + artifactId + "' in the catalog");
    }
    this.artifactId = artifactId;
    this.resolver = resolver;
  }

  @Override
  public String getGroupId() {
    return VkModelZoo.GROUP_ID;
  }

  @Override
  public String getArtifactId() {
    return artifactId;
  }

  @Override
  public Application getApplication() {
    return Application.CV.IMAGE_CLASSIFICATION;
  }

  /** Returns the model's name in DJL's listings; the zoo resolves files itself, not through it. */
  @Override
  public MRL getMrl() {
    Repository repository =
        Repository.newInstance(VkModelZoo.GROUP_ID, ZooSettings.defaultCacheDir());
    return MRL.model(
        repository, getApplication(), VkModelZoo.GROUP_ID, artifactId, VERSION, artifactId);
  }

  @Override
  public <I, O> ZooModel<I, O> loadModel(Criteria<I, O> criteria)
      throws IOException, ModelNotFoundException, MalformedModelException {
    ZooArtifact artifact = select(criteria);
    TranslatorFactory factory = translatorFactory(criteria);
    String engine = engine(criteria);
    Progress progress = progress(criteria);
    FileResolver files = resolver.get();
    Path modelFile = files.resolve(artifact.file(), artifact.label(), progress).path();
    Path synset = files.resolve(ZooCatalog.SYNSET, artifact.label() + " labels", progress).path();

    Map<String, Object> arguments = new HashMap<>(artifact.translatorArguments());
    arguments.put(ImageNetTranslatorFactory.SYNSET_PATH, synset.toString());
    if (criteria.getArguments() != null) {
      arguments.putAll(criteria.getArguments());
    }
    Map<String, String> options =
        new HashMap<>(criteria.getOptions() == null ? Map.of() : criteria.getOptions());
    if (options.containsKey(VkModelZoo.PIXEL_INPUT)) {
      // One switch for both sides: the model normalizes 8-bit images the way this artifact's
      // translator would have (and resizes them too, for the value "images"), and the translator
      // hands it the images.
      boolean resize = VkModelZoo.RESIZE_ON_DEVICE.equals(options.get(VkModelZoo.PIXEL_INPUT));
      Object encoding =
          arguments.getOrDefault(ImageNetTranslatorFactory.PIXEL_ENCODING, "imagenet-rgb");
      options.put(VkModelZoo.PIXEL_INPUT, encoding.toString());
      arguments.put(
          ImageNetTranslatorFactory.INPUT_TYPE,
          (resize ? ImageNetTranslator.InputForm.IMAGES : ImageNetTranslator.InputForm.UINT8)
              .argument());
    }

    Model model = Model.newInstance(artifactId, criteria.getDevice(), engine);
    try {
      String fileName = modelFile.getFileName().toString();
      model.load(modelFile.getParent(), fileName.substring(0, fileName.lastIndexOf('.')), options);
      Translator<I, O> translator =
          factory.newInstance(
              criteria.getInputClass(), criteria.getOutputClass(), model, arguments);
      return new ZooModel<>(model, translator);
    } catch (TranslateException e) {
      model.close();
      throw new IOException(artifact.label() + ": " + e.getMessage(), e);
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  @Override
  public <I, O> boolean isDownloaded(Criteria<I, O> criteria) throws ModelNotFoundException {
    ZooArtifact artifact = select(criteria);
    FileResolver files = resolver.get();
    return files.findLocal(artifact.file()).isPresent()
        && files.findLocal(ZooCatalog.SYNSET).isPresent();
  }

  @Override
  public <I, O> void downloadModel(Criteria<I, O> criteria, Progress progress)
      throws IOException, ModelNotFoundException {
    ZooArtifact artifact = select(criteria);
    FileResolver files = resolver.get();
    files.resolve(artifact.file(), artifact.label(), progress);
    files.resolve(ZooCatalog.SYNSET, artifact.label() + " labels", progress);
  }

  @Override
  public String toString() {
    return VkModelZoo.GROUP_ID
        + ":"
        + artifactId
        + " "
        + getApplication()
        + " "
        + ZooCatalog.variants(artifactId).stream()
            .map(
                a ->
                    a.format().equals(ZooCatalog.ONNX)
                        ? a.precision()
                        : a.precision() + " (" + a.format() + ")")
            .toList();
  }

  private ZooArtifact select(Criteria<?, ?> criteria) throws ModelNotFoundException {
    try {
      return ZooCatalog.select(artifactId, criteria.getFilters());
    } catch (IllegalArgumentException e) {
      throw new ModelNotFoundException(e.getMessage(), e);
    }
  }

  private TranslatorFactory translatorFactory(Criteria<?, ?> criteria)
      throws ModelNotFoundException {
    Class<?> input = criteria.getInputClass();
    Class<?> output = criteria.getOutputClass();
    TranslatorFactory given = criteria.getTranslatorFactory();
    if (given != null && given.isSupported(input, output)) {
      return given;
    }
    ImageNetTranslatorFactory imageNet = new ImageNetTranslatorFactory();
    if (imageNet.isSupported(input, output)) {
      return imageNet;
    }
    if (input == NDList.class && output == NDList.class) {
      return new RawTensors();
    }
    throw new ModelNotFoundException(
        VkModelZoo.GROUP_ID
            + ":"
            + artifactId
            + " serves ("
            + Image.class.getSimpleName()
            + ", "
            + Classifications.class.getSimpleName()
            + ") and (NDList, NDList), not ("
            + input.getSimpleName()
            + ", "
            + output.getSimpleName()
            + ")");
  }

  /**
   * Returns the engine of the criteria, else the first of the zoo's engines that is on the class
   * path (Vulkan first).
   */
  private static String engine(Criteria<?, ?> criteria) throws ModelNotFoundException {
    if (criteria.getEngine() != null) {
      return criteria.getEngine();
    }
    for (String engine : VkModelZoo.ENGINES) {
      if (Engine.hasEngine(engine)) {
        return engine;
      }
    }
    throw new ModelNotFoundException(
        "none of the "
            + VkModelZoo.GROUP_ID
            + " zoo's engines "
            + VkModelZoo.ENGINES
            + " is on the class path; add org.djlvulkan:djl-engine");
  }

  private static Progress progress(Criteria<?, ?> criteria) {
    return criteria.getProgress() != null ? criteria.getProgress() : new ProgressBar();
  }

  /** The (NDList, NDList) translator factory: the model's tensors as they are. */
  private static final class RawTensors implements TranslatorFactory {
    @Override
    public Set<Pair<Type, Type>> getSupportedTypes() {
      return Set.of(new Pair<>(NDList.class, NDList.class));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <I, O> Translator<I, O> newInstance(
        Class<I> input, Class<O> output, Model model, Map<String, ?> arguments) {
      return (Translator<I, O>) new NoopTranslator();
    }
  }
}
