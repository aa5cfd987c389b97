package org.djlvulkan.cli.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.djlvulkan.backend.frontend.ModelLoader;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.InferenceSession;
import org.djlvulkan.backend.model.ModelException;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.model.Precision;
import org.djlvulkan.backend.model.TensorInfo;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.djlvulkan.cli.CliContext;
import org.djlvulkan.cli.CliException;
import org.djlvulkan.cli.Command;
import org.djlvulkan.cli.OptionParser;
import org.djlvulkan.cli.ParsedOptions;
import org.djlvulkan.cli.UsageException;
import org.djlvulkan.tools.testcase.TensorProtoFiles;

/**
 * {@code run}: runs an ONNX model on tensors in serialized {@code TensorProto} files (the ONNX test
 * data format) and writes its outputs in the same format.
 */
public final class RunCommand implements Command {
  private static final String INPUT = "--input";
  private static final String OUTPUT = "--output";
  private static final String FREEZE = "--freeze-inputs";
  private static final String PRECISION = "--precision";

  @Override
  public String name() {
    return "run";
  }

  @Override
  public String summary() {
    return "run an ONNX model on TensorProto files and write its outputs as TensorProto files";
  }

  @Override
  public String usage() {
    return "usage: djl-vulkan run MODEL --input FILE [--input FILE...] --output FILE\n"
        + "                      [--output FILE...] [--freeze-inputs] [--precision fp32|fp16]\n\n"
        + "  --input FILE     a serialized ONNX TensorProto (input_0.pb of the ONNX tests), one\n"
        + "                   per graph input that is not an initializer, in graph order\n"
        + "  --output FILE    where to write each graph output as a TensorProto, in graph order\n"
        + "  --freeze-inputs  bind the values of every input after the first as constants\n"
        + "                   (the ONNX node tests feed weights as inputs)\n"
        + "  --precision P    auto (default: int8 where the file is quantized), fp32, or fp16\n"
        + "                   (float activations stored in fp16, arithmetic in fp32)\n\n"
        + "Prints one line per output written: the file, then the output's name, type and shape.";
  }

  @Override
  public int run(List<String> args, CliContext ctx) {
    ParsedOptions options =
        new OptionParser(name())
            .repeatable(INPUT)
            .repeatable(OUTPUT)
            .flag(FREEZE)
            .value(PRECISION)
            .positionals(1)
            .parse(args);
    if (options.positionals().isEmpty()) {
      throw new UsageException("run needs MODEL (.onnx or .pte)");
    }
    List<Path> inputs = options.values(INPUT).stream().map(Path::of).toList();
    List<Path> outputs = options.values(OUTPUT).stream().map(Path::of).toList();
    if (outputs.isEmpty()) {
      throw new UsageException("run needs at least one " + OUTPUT + " FILE");
    }
    Path modelFile = Path.of(options.positionals().get(0));
    if (!Files.isRegularFile(modelFile)) {
      throw new CliException("no model file " + modelFile);
    }
    for (Path in : inputs) {
      if (!Files.isRegularFile(in)) {
        throw new CliException("no input file " + in);
      }
    }
    List<HostTensor> values = new ArrayList<>();
    for (Path in : inputs) {
      values.add(readInput(in));
    }
    ModelOptions modelOptions =
        new ModelOptions(
            precision(options.value(PRECISION).orElse("auto")),
            false,
            ModelOptions.DEFAULT.maxCachedShapes(),
            options.flag(FREEZE));
    try (VulkanDevice device = ctx.openDevice();
        InferenceModel model = load(device, modelFile, modelOptions)) {
      checkCount(INPUT, inputs.size(), model.inputs(), modelFile);
      checkCount(OUTPUT, outputs.size(), model.outputs(), modelFile);
      List<HostTensor> results;
      try (InferenceSession session = model.newSession()) {
        results = session.run(values);
      } catch (ModelException e) {
        throw new CliException("cannot run " + modelFile + ": " + e.getMessage(), e);
      }
      for (int i = 0; i < results.size(); i++) {
        TensorInfo info = model.outputs().get(i);
        TensorProtoFiles.write(outputs.get(i), info.name(), results.get(i));
        ctx.out().println(outputs.get(i) + ": " + info.name() + " " + results.get(i));
      }
    }
    return 0;
  }

  private static HostTensor readInput(Path file) {
    try {
      return TensorProtoFiles.read(file);
    } catch (ModelException | IllegalArgumentException e) {
      throw new CliException(e.getMessage(), e);
    }
  }

  private static Precision precision(String p) {
    switch (p) {
      case "auto":
        return Precision.AUTO;
      case "fp32":
        return Precision.FP32;
      case "fp16":
        return Precision.FP16;
      default:
        throw new UsageException(PRECISION + ": expected auto, fp32 or fp16, got '" + p + "'");
    }
  }

  private static InferenceModel load(VulkanDevice device, Path file, ModelOptions options) {
    try {
      return ModelLoader.load(device, file, options);
    } catch (ModelException e) {
      throw new CliException("cannot load " + file + ": " + e.getMessage(), e);
    }
  }

  private static void checkCount(String option, int given, List<TensorInfo> wanted, Path model) {
    if (given != wanted.size()) {
      throw new UsageException(
          model
              + " has "
              + wanted.size()
              + (option.equals(INPUT) ? " inputs " : " outputs ")
              + wanted
              + ", got "
              + given
              + " "
              + option);
    }
  }
}
