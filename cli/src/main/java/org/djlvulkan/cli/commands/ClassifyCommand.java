package org.djlvulkan.cli.commands;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.util.ProgressBar;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.djlvulkan.cli.CliContext;
import org.djlvulkan.cli.CliException;
import org.djlvulkan.cli.Command;
import org.djlvulkan.cli.OptionParser;
import org.djlvulkan.cli.ParsedOptions;
import org.djlvulkan.cli.UsageException;
import org.djlvulkan.cli.classify.ClassificationReport;
import org.djlvulkan.cli.models.DeviceRequest;
import org.djlvulkan.cli.models.ModelChoice;
import org.djlvulkan.cli.models.ModelLoading;
import org.djlvulkan.zoo.FileResolver;
import org.djlvulkan.zoo.ImageResize;
import org.djlvulkan.zoo.ModelUnavailableException;
import org.djlvulkan.zoo.ZooCatalog;
import org.djlvulkan.zoo.translator.ImageNetTranslatorFactory;
import org.djlvulkan.zoo.translator.PixelEncoding;
import org.djlvulkan.zoo.translator.RankedClass;

/**
 * {@code classify}: the most probable ImageNet classes of images, with a zoo model or an ONNX file,
 * on the Vulkan engine (or another DJL engine with {@code --engine}).
 */
public final class ClassifyCommand implements Command {
  /** Classes shown per image unless {@code --top} says otherwise. */
  public static final int DEFAULT_TOP = 5;

  @Override
  public String name() {
    return "classify";
  }

  @Override
  public String summary() {
    return "the top ImageNet classes of images (zoo model, .onnx or .pte file)";
  }

  @Override
  public String usage() {
    return "usage: djl-vulkan classify [--model NAME|FILE] [--precision int8|fp32|fp16]\n"
        + "                           [--format onnx|pte] [--synset FILE] [--top K] [--engine NAME]\n"
        + "                           [--pixels ENCODING] [--resize-on WHERE] IMAGE...\n\n"
        + "  --model NAME|FILE     a zoo model "
        + ZooCatalog.artifactIds()
        + " or an .onnx or .pte ImageNet\n"
        + "                        classifier (input f32[N,3,224,224]; default "
        + ModelChoice.DEFAULT_MODEL
        + ")\n"
        + "  --precision P         int8 or fp32: which file of a zoo model (default: int8 where it\n"
        + "                        has one); fp16: the fp32 file (or a model file) run with fp16\n"
        + "                        activations (arithmetic in fp32)\n"
        + "  --format onnx|pte     the zoo model as an ONNX file (default) or an ExecuTorch program\n"
        + "  --synset FILE         class labels, one per line (default: the zoo's synset.txt)\n"
        + "  --top K               classes per image (default "
        + DEFAULT_TOP
        + ")\n"
        + "  --pixels ENCODING     what a model file takes: imagenet-rgb (normalized RGB, default)\n"
        + "                        or raw-bgr (BGR values 0 to 255)\n"
        + "  --resize-on WHERE     auto (default): device on a GPU, else host; host: resize, crop\n"
        + "                        and normalize on the host; device: only decode on the host,\n"
        + "                        the GPU resizes, crops and normalizes (Vulkan engine)\n"
        + ModelLoading.ENGINE_USAGE
        + "\n"
        + "Per image: its path, then '  <rank>. <label> (<class index>) <probability>' lines,\n"
        + "then the time of the prediction. Zoo models come from DJL_VULKAN_MODEL_MIRROR, the\n"
        + "DJL cache, or their official download.";
  }

  @Override
  public int run(List<String> args, CliContext ctx) {
    ParsedOptions options =
        ModelChoice.declareOptions(new OptionParser(name()))
            .value("--synset")
            .value("--top")
            .value("--engine")
            .value("--pixels")
            .value("--resize-on")
            .positionals(Integer.MAX_VALUE)
            .parse(args);
    List<String> images = options.positionals();
    if (images.isEmpty()) {
      throw new UsageException("classify needs at least one IMAGE");
    }
    int top = options.intValue("--top", DEFAULT_TOP, 1);
    ModelChoice model = ModelChoice.fromOptions(options);
    Optional<Path> synset = options.value("--synset").map(Path::of);
    if (synset.isPresent() && !Files.isRegularFile(synset.get())) {
      throw new UsageException("--synset: no file " + synset.get());
    }
    for (String name : images) {
      if (!Files.isRegularFile(Path.of(name))) {
        throw new CliException("no image file " + name);
      }
    }
    String engine = ModelLoading.engine(options);

    Optional<String> pixels = options.value("--pixels");
    if (pixels.isPresent() && model.artifact().isPresent()) {
      throw new UsageException("--pixels is for model files; a zoo model knows its encoding");
    }
    try {
      pixels.ifPresent(PixelEncoding::fromArgument);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--pixels: " + e.getMessage());
    }
    ImageResize resize;
    try {
      resize = ImageResize.named(options.value("--resize-on").orElse("auto"));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--resize-on " + e.getMessage());
    }
    if (resize == ImageResize.DEVICE && !engine.equals(ModelLoading.DEFAULT_ENGINE)) {
      throw new UsageException("--resize-on device needs the Vulkan engine, not " + engine);
    }
    try (DeviceRequest device = DeviceRequest.apply(ctx.deviceFlag());
        ZooModel<Image, Classifications> loaded =
            ModelLoading.load(criteria(model, synset, engine, pixels, resize), model.label());
        Predictor<Image, Classifications> predictor = loaded.newPredictor()) {
      for (String name : images) {
        Image image = read(Path.of(name));
        long start = System.nanoTime();
        Classifications result = predictor.predict(image);
        double millis = (System.nanoTime() - start) / 1e6;
        ctx.out().print(ClassificationReport.format(name, RankedClass.top(result, top), millis));
      }
    } catch (TranslateException e) {
      throw new CliException("classification failed: " + e.getMessage(), e);
    }
    return 0;
  }

  private static Criteria<Image, Classifications> criteria(
      ModelChoice model,
      Optional<Path> synset,
      String engine,
      Optional<String> pixels,
      ImageResize resize) {
    Criteria.Builder<Image, Classifications> builder =
        model.criteria(Image.class, Classifications.class, engine);
    // Decided once the device option is applied: auto resizes on the device for a GPU.
    if (resize.onDevice(engine, null)) {
      ImageResize.resizeOnDevice(
          builder,
          model.artifact().isPresent(),
          pixels.orElse(PixelEncoding.IMAGENET_RGB.argument()));
    }
    if (model.artifact().isEmpty()) {
      builder.optTranslatorFactory(new ImageNetTranslatorFactory());
      pixels.ifPresent(p -> builder.optArgument(ImageNetTranslatorFactory.PIXEL_ENCODING, p));
    }
    if (synset.isPresent() || model.artifact().isEmpty()) {
      builder.optArgument(
          ImageNetTranslatorFactory.SYNSET_PATH,
          synset.orElseGet(ClassifyCommand::zooSynset).toString());
    }
    return builder.build();
  }

  /** Returns the zoo's labels file, from the mirror, the cache or its download. */
  private static Path zooSynset() {
    try {
      return FileResolver.fromEnvironment()
          .resolve(ZooCatalog.SYNSET, "ImageNet labels", new ProgressBar())
          .path();
    } catch (ModelUnavailableException e) {
      throw new CliException(e.getMessage(), e);
    }
  }

  private static Image read(Path file) {
    try {
      return ImageFactory.getInstance().fromFile(file);
    } catch (IOException e) {
      throw new CliException("cannot read the image " + file + ": " + e.getMessage(), e);
    }
  }
}
