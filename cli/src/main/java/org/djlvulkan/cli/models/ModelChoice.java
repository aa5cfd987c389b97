package org.djlvulkan.cli.models;

import ai.djl.ndarray.types.DataType;
import ai.djl.repository.zoo.Criteria;
import ai.djl.training.util.ProgressBar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.djlvulkan.cli.OptionParser;
import org.djlvulkan.cli.ParsedOptions;
import org.djlvulkan.cli.UsageException;
import org.djlvulkan.zoo.FileResolver;
import org.djlvulkan.zoo.ModelUnavailableException;
import org.djlvulkan.zoo.VkModelZoo;
import org.djlvulkan.zoo.ZooArtifact;
import org.djlvulkan.zoo.ZooCatalog;

/**
 * The model that {@code --model NAME|FILE} and {@code --precision} name: a file of the zoo, or an
 * ONNX file used as it is.
 */
public final class ModelChoice {
  /** The model when {@code --model} is not given. */
  public static final String DEFAULT_MODEL = "mobilenetv2";

  /** The precision a zoo model gets without {@code --precision}, where it has it. */
  public static final String PREFERRED_PRECISION = "int8";

  private final ZooArtifact artifact;
  private final Path file;
  private final boolean fp16;

  private ModelChoice(ZooArtifact artifact, Path file, boolean fp16) {
    this.artifact = artifact;
    this.file = file;
    this.fp16 = fp16;
  }

  /**
   * Reads {@code --model} and {@code --precision}.
   *
   * @param model a zoo artifact id or a path to an {@code .onnx} file
   * @param precision {@code int8} or {@code fp32} for zoo models; without it, {@code int8} where
   *     the model has it, else its only precision. {@code fp16}: the fp32 file of a zoo model, or a
   *     model file, run with fp16 activations. Otherwise not allowed with a file.
   * @return the choice
   * @throws UsageException for an unknown model, a precision the model lacks, a missing file, or a
   *     precision given with a file
   */
  public static ModelChoice parse(String model, Optional<String> precision) {
    return parse(model, precision, Optional.empty());
  }

  /**
   * Reads {@code --model}, {@code --precision} and {@code --format}.
   *
   * @param model a zoo artifact id or a path to an {@code .onnx} or {@code .pte} file
   * @param precision as for {@link #parse(String, Optional)}, among the files of the format
   * @param format {@code onnx} (the default) or {@code pte} for zoo models; not allowed with a file
   * @return the choice
   * @throws UsageException as for {@link #parse(String, Optional)}, and for a format the model
   *     lacks or a format given with a file
   */
  public static ModelChoice parse(
      String model, Optional<String> precision, Optional<String> format) {
    boolean fp16 = precision.isPresent() && precision.get().equals(ZooCatalog.FP16);
    precision = precision.map(ZooCatalog::filePrecision);
    String wantedFormat = format.orElse(ZooCatalog.ONNX);
    List<ZooArtifact> variants =
        ZooCatalog.variants(model).stream().filter(a -> a.format().equals(wantedFormat)).toList();
    if (variants.isEmpty() && !ZooCatalog.variants(model).isEmpty()) {
      try {
        ZooCatalog.select(model, Map.of(ZooCatalog.FORMAT, wantedFormat));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--format: " + e.getMessage());
      }
    }
    if (!variants.isEmpty()) {
      String wanted =
          precision.orElse(
              variants.stream().anyMatch(a -> a.precision().equals(PREFERRED_PRECISION))
                  ? PREFERRED_PRECISION
                  : variants.get(0).precision());
      try {
        return new ModelChoice(
            ZooCatalog.select(
                model, Map.of(ZooCatalog.PRECISION, wanted, ZooCatalog.FORMAT, wantedFormat)),
            null,
            fp16);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--precision: " + e.getMessage());
      }
    }
    Path path = Path.of(model);
    boolean named = model.endsWith(".onnx") || model.endsWith(".pte");
    if (!named && !Files.isRegularFile(path)) {
      throw new UsageException(
          "--model: '"
              + model
              + "' is neither a zoo model "
              + ZooCatalog.artifactIds()
              + " nor a model file (.onnx or .pte)");
    }
    if (!Files.isRegularFile(path)) {
      throw new UsageException("--model: no file " + path);
    }
    if ((precision.isPresent() && !fp16) || format.isPresent()) {
      throw new UsageException(
          format.isPresent()
              ? "--format picks the file of a zoo model; a model file runs as it is"
              : "--precision int8|fp32 picks the file of a zoo model; a model file runs as it is"
                  + " or with --precision fp16");
    }
    return new ModelChoice(null, path, fp16);
  }

  /**
   * Declares the options that name the model: {@code --model}, {@code --precision}, {@code
   * --format}.
   *
   * @param parser the command's parser
   * @return the same parser
   */
  public static OptionParser declareOptions(OptionParser parser) {
    return parser.value("--model").value("--precision").value("--format");
  }

  /**
   * Reads the options of {@link #declareOptions}; without {@code --model}, {@link #DEFAULT_MODEL}.
   *
   * @param options the parsed options
   * @return the choice
   * @throws UsageException as {@link #parse(String, Optional, Optional)} does
   */
  public static ModelChoice fromOptions(ParsedOptions options) {
    return parse(
        options.value("--model").orElse(DEFAULT_MODEL),
        options.value("--precision"),
        options.value("--format"));
  }

  /** Returns the zoo file, or empty for an {@code .onnx} file. */
  public Optional<ZooArtifact> artifact() {
    return Optional.ofNullable(artifact);
  }

  /** Returns how reports name the model: {@code org.djlvulkan:resnet50 (int8)} or the path. */
  public String label() {
    return (artifact != null ? artifact.label() : file.toString()) + (fp16 ? " [fp16]" : "");
  }

  /** Returns whether the model runs with fp16 activations ({@code --precision fp16}). */
  public boolean fp16() {
    return fp16;
  }

  /** Returns the element type of the model input: the zoo's word, float32 for a file. */
  public DataType inputType() {
    return artifact != null ? artifact.inputType() : DataType.FLOAT32;
  }

  /** Returns the batch size the model is fixed to, or 0 when dynamic (assumed for files). */
  public int fixedBatch() {
    return artifact != null ? artifact.fixedBatch() : 0;
  }

  /**
   * Returns the model file on disk: for a zoo model, found through the zoo's resolution (mirror,
   * DJL cache, download).
   *
   * @return the file
   * @throws ModelUnavailableException when a zoo file is not local and cannot be downloaded
   */
  public Path resolveFile() throws ModelUnavailableException {
    if (artifact == null) {
      return file;
    }
    return FileResolver.fromEnvironment()
        .resolve(artifact.file(), artifact.label(), new ProgressBar())
        .path();
  }

  /**
   * Returns criteria that load this model on an engine: through the zoo for zoo models, from the
   * path for files (the caller adds a translator factory where the types need one).
   *
   * @param input the predictor's input type
   * @param output the predictor's output type
   * @param engine the DJL engine name
   * @param <I> the input type
   * @param <O> the output type
   * @return the criteria builder
   */
  public <I, O> Criteria.Builder<I, O> criteria(Class<I> input, Class<O> output, String engine) {
    Criteria.Builder<I, O> builder = Criteria.builder().setTypes(input, output).optEngine(engine);
    if (fp16) {
      builder.optOption("precision", ZooCatalog.FP16);
    }
    if (artifact != null) {
      return builder
          .optGroupId(VkModelZoo.GROUP_ID)
          .optArtifactId(artifact.artifactId())
          .optFilter(ZooCatalog.PRECISION, artifact.precision())
          .optFilter(ZooCatalog.FORMAT, artifact.format());
    }
    return builder.optModelPath(file);
  }
}
