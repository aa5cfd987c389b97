package org.djlvulkan.cli.commands;

import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import org.djlvulkan.backend.frontend.ModelLoader;
import org.djlvulkan.cli.CliContext;
import org.djlvulkan.cli.CliException;
import org.djlvulkan.cli.Command;
import org.djlvulkan.cli.JsonFiles;
import org.djlvulkan.cli.OptionParser;
import org.djlvulkan.cli.ParsedOptions;
import org.djlvulkan.cli.UsageException;
import org.djlvulkan.cli.bench.BatchSizes;
import org.djlvulkan.cli.bench.BenchReport;
import org.djlvulkan.cli.bench.BenchRow;
import org.djlvulkan.cli.bench.BenchTargets;
import org.djlvulkan.cli.bench.EngineMetrics;
import org.djlvulkan.cli.bench.EngineTimer;
import org.djlvulkan.cli.bench.LatencyStats;
import org.djlvulkan.cli.bench.OrtPeer;
import org.djlvulkan.cli.bench.PhaseRow;
import org.djlvulkan.cli.bench.ProductThroughput;
import org.djlvulkan.cli.bench.RandomInput;
import org.djlvulkan.cli.bench.StreamRow;
import org.djlvulkan.cli.bench.StreamThroughput;
import org.djlvulkan.cli.models.DeviceRequest;
import org.djlvulkan.cli.models.ModelChoice;
import org.djlvulkan.cli.models.ModelLoading;
import org.djlvulkan.engine.ndarray.VkNDManager;
import org.djlvulkan.zoo.ModelUnavailableException;
import org.djlvulkan.zoo.VkModelZoo;
import org.djlvulkan.zoo.ZooCatalog;

/**
 * {@code bench}: end-to-end latency and throughput of a model on the Vulkan engine (or another DJL
 * engine) per batch size, beside ONNX Runtime CPU on the same file and the same random input.
 */
public final class BenchCommand implements Command {
  /** Untimed runs per batch size unless {@code --warmup} says otherwise. */
  public static final int DEFAULT_WARMUP = 5;

  /** Timed runs per batch size unless {@code --iterations} says otherwise. */
  public static final int DEFAULT_ITERATIONS = 20;

  /** The seed of the random input; the batch size is added so each size gets its own data. */
  static final long SEED = 20_240_601L;

  private static final String PEER_ORT = "ort";
  private static final String PEER_NONE = "none";
  private static final String ORT_CLASS = "ai.onnxruntime.OrtEnvironment";
  private static final int CHANNELS = 3;
  private static final int SIDE = 224;

  @Override
  public String name() {
    return "bench";
  }

  @Override
  public String summary() {
    return "latency and throughput of a model per batch size, beside ONNX Runtime CPU";
  }

  @Override
  public String usage() {
    return "usage: djl-vulkan bench [--model NAME|FILE] [--precision int8|fp32|fp16] [--format onnx|pte]"
        + "\n"
        + "                        [--batch 1,32] [--warmup N] [--iterations N] [--peer ort|none]\n"
        + "                        [--profile] [--json FILE] [--engine NAME] [--pixels]\n"
        + "                        [--streams N] [--input-on-device]\n\n"
        + "  --model NAME|FILE     a zoo model "
        + ZooCatalog.artifactIds()
        + " or a model file\n"
        + "                        (.onnx, .pte) with input f32[N,3,224,224] (default "
        + ModelChoice.DEFAULT_MODEL
        + ")\n"
        + "  --precision P         int8 or fp32: which file of a zoo model (default: int8 where it\n"
        + "                        has one); fp16: the fp32 file (or a model file) run with fp16\n"
        + "                        activations (arithmetic in fp32)\n"
        + "  --format onnx|pte     the zoo model as an ONNX file (default) or an ExecuTorch program\n"
        + "  --batch 1,32          batch sizes (default 1,32; a fixed-batch model: its batch)\n"
        + "  --warmup N            untimed runs per batch size (default "
        + DEFAULT_WARMUP
        + "; unless 0, they go on for at least 1 s)\n"
        + "  --iterations N        timed runs per batch size (default "
        + DEFAULT_ITERATIONS
        + ")\n"
        + "  --peer ort|none       also time ONNX Runtime CPU on the same file and input"
        + " (default ort)\n"
        + "  --profile             ask the engine for per-node GPU times of the last run, and\n"
        + "                        sum each convolution and GEMM kernel's multiply-adds and TOPS\n"
        + "  --peak-tops T         with --profile: also each kernel's share of T, the device's\n"
        + "                        peak in tera operations/s for the model's number format\n"
        + "  --json FILE           also write the figures to FILE as JSON\n"
        + "  --pixels              feed 8-bit images [N,224,224,3] that the model normalizes on the\n"
        + "                        device (the option pixelInput), instead of float tensors\n"
        + "  --input-on-device     put each batch's input into the device's memory once (an NDArray\n"
        + "                        of VkNDManager.toDeviceMemory): runs copy it on the device\n"
        + "                        instead of writing it from the host (Vulkan engine only)\n"
        + "  --streams N           also measure throughput with N streams, each a thread with\n"
        + "                        its own predictor running batch after batch (default 1: off)\n"
        + "  --targets FILE        also print each figure a target of FILE sets for the model\n"
        + "                        and batch as a percentage of it, a throughput also on the\n"
        + "                        --streams figure (docs/bench/targets.json)\n"
        + ModelLoading.ENGINE_USAGE
        + "\n"
        + "A run is one predict of the whole batch, outputs read back to the host (wall clock).\n"
        + "Reports the median and 90th percentile run, images/s at the median, the device\n"
        + "memory the engine reports, and the peer's figures with speedup = peer / engine.";
  }

  @Override
  public int run(List<String> args, CliContext ctx) {
    ParsedOptions options =
        ModelChoice.declareOptions(new OptionParser(name()))
            .value("--batch")
            .value("--warmup")
            .value("--iterations")
            .value("--peer")
            .flag("--profile")
            .value("--peak-tops")
            .flag("--pixels")
            .flag("--input-on-device")
            .value("--streams")
            .value("--json")
            .value("--targets")
            .value("--engine")
            .parse(args);
    ModelChoice model = ModelChoice.fromOptions(options);
    List<Integer> batches = BatchSizes.parse(options.value("--batch"), model.fixedBatch());
    int warmup = options.intValue("--warmup", DEFAULT_WARMUP, 0);
    int iterations = options.intValue("--iterations", DEFAULT_ITERATIONS, 1);
    boolean withPeer = peer(options.value("--peer"));
    boolean profile = options.flag("--profile");
    OptionalDouble peakTops = options.positiveValue("--peak-tops");
    if (peakTops.isPresent() && !profile) {
      throw new UsageException("--peak-tops needs --profile");
    }
    boolean pixels = options.flag("--pixels");
    boolean inputOnDevice = options.flag("--input-on-device");
    int streams = options.intValue("--streams", 1, 1);
    Optional<Path> json = options.value("--json").map(Path::of);
    Optional<BenchTargets> targets =
        options.value("--targets").map(Path::of).map(BenchTargets::read);
    if (withPeer) {
      requireOnnxRuntimeJar();
    }
    String engine = ModelLoading.engine(options);

    Path file;
    try {
      file = model.resolveFile();
    } catch (ModelUnavailableException e) {
      throw new CliException(e.getMessage(), e);
    }
    if (withPeer && ModelLoader.format(file) == ModelLoader.Format.EXECUTORCH) {
      throw new UsageException(
          "--peer ort: ONNX Runtime cannot run an ExecuTorch program ("
              + file
              + "); use --peer none, and bench the model's ONNX export for the peer");
    }
    Criteria.Builder<NDList, NDList> builder = model.criteria(NDList.class, NDList.class, engine);
    if (profile) {
      builder.optOption(EngineMetrics.PROFILING_OPTION, "true");
    }
    if (pixels) {
      // The zoo's loader replaces the value with the artifact's own pixel encoding.
      builder.optOption(VkModelZoo.PIXEL_INPUT, "imagenet-rgb");
    }
    BenchReport report;
    try (DeviceRequest device = DeviceRequest.apply(ctx.deviceFlag());
        ZooModel<NDList, NDList> loaded = ModelLoading.load(builder.build(), model.label());
        Predictor<NDList, NDList> predictor = loaded.newPredictor();
        OrtPeer peer = withPeer ? OrtPeer.open(file) : null) {
      List<BenchRow> rows = new ArrayList<>();
      List<PhaseRow> phases = new ArrayList<>();
      List<StreamRow> streamRows = new ArrayList<>();
      Measurement m =
          new Measurement(warmup, iterations, pixels, inputOnDevice, streams, phases, streamRows);
      for (int batch : batches) {
        rows.add(measure(m, loaded, predictor, peer, model, batch));
      }
      report =
          new BenchReport(
              model.label(),
              file.toString(),
              engine + " " + Engine.getEngine(engine).getVersion(),
              EngineMetrics.device(loaded),
              peer == null ? PEER_NONE : peer.description(),
              warmup,
              iterations,
              EngineMetrics.weightBytes(loaded),
              EngineMetrics.peakActivationBytes(loaded),
              rows,
              profile ? EngineMetrics.profile(loaded) : List.of(),
              EngineMetrics.hostNodes(loaded).orElse(null),
              phases.stream().filter(java.util.Objects::nonNull).toList(),
              streamRows);
    } catch (TranslateException e) {
      throw new CliException("a run of " + model.label() + " failed: " + e.getMessage(), e);
    }
    ctx.out().print(report.text());
    if (profile && report.profile().isEmpty()) {
      ctx.out().println("profile: not reported by the engine " + engine);
    }
    ctx.out().print(ProductThroughput.of(report.profile()).text(peakTops));
    List<BenchTargets.Check> checks = targets.map(t -> t.check(report)).orElse(List.of());
    ctx.out().print(BenchTargets.text(checks));
    if (json.isPresent()) {
      JsonObject out = report.json();
      if (targets.isPresent()) {
        out.add("targets", BenchTargets.json(checks));
      }
      JsonFiles.write(json.get(), out);
      ctx.out().println("json: " + json.get());
    }
    return 0;
  }

  private static BenchRow measure(
      Measurement m,
      ZooModel<NDList, NDList> loaded,
      Predictor<NDList, NDList> predictor,
      OrtPeer peer,
      ModelChoice model,
      int batch)
      throws TranslateException {
    long[] shape = {batch, CHANNELS, SIDE, SIDE};
    float[] values = RandomInput.values(batch * CHANNELS * SIDE * SIDE, SEED + batch);
    LatencyStats engineStats;
    List<Map<String, Double>> phases = new ArrayList<>();
    try (NDManager manager = loaded.getNDManager().newSubManager()) {
      Runnable record =
          () -> {
            Map<String, Double> run = EngineMetrics.timing(loaded);
            if (!run.isEmpty()) {
              phases.add(run);
            }
          };
      Supplier<NDList> newInput =
          () -> {
            NDArray input =
                m.pixels()
                    ? pixelsInput(manager, batch)
                    : manager.create(
                        RandomInput.bytes(values, model.inputType()),
                        new Shape(shape),
                        model.inputType());
            return new NDList(m.inputOnDevice() ? inDeviceMemory(manager, input) : input);
          };
      engineStats =
          LatencyStats.of(
              EngineTimer.time(predictor, newInput.get(), m.warmup(), m.iterations(), record));
      if (m.streams() > 1) {
        List<StreamThroughput.Stream> streams =
            StreamThroughput.open(m.streams(), loaded::newPredictor, newInput);
        try {
          double rate =
              StreamThroughput.imagesPerSecond(streams, batch, m.warmup(), m.iterations());
          m.streamRows()
              .add(
                  new StreamRow(
                      batch, m.streams(), rate, batch * 1000.0 / engineStats.medianMillis()));
        } finally {
          streams.forEach(st -> st.predictor().close());
        }
      }
    }
    m.phaseRows().add(PhaseRow.of(batch, phases));
    LatencyStats peerStats =
        peer == null
            ? null
            : LatencyStats.of(
                peer.time(values, shape, model.inputType(), m.warmup(), m.iterations()));
    return BenchRow.of(batch, engineStats, peerStats);
  }

  /** Random 8-bit images {@code [N, 224, 224, 3]}. */
  private static NDArray pixelsInput(NDManager manager, int batch) {
    byte[] images = new byte[batch * SIDE * SIDE * CHANNELS];
    new java.util.Random(SEED + batch).nextBytes(images);
    return manager.create(
        java.nio.ByteBuffer.wrap(images),
        new Shape(batch, SIDE, SIDE, CHANNELS),
        ai.djl.ndarray.types.DataType.UINT8);
  }

  /** Returns a copy of an input in the memory of the manager's Vulkan device. */
  private static NDArray inDeviceMemory(NDManager manager, NDArray input) {
    if (!(manager instanceof VkNDManager vk)) {
      throw new UsageException(
          "--input-on-device needs the Vulkan engine, not " + manager.getEngine().getEngineName());
    }
    return vk.toDeviceMemory(input);
  }

  /**
   * What every batch size is measured with, and where its phase and stream rows go.
   *
   * @param warmup untimed runs
   * @param iterations timed runs
   * @param pixels whether the input is 8-bit images
   * @param inputOnDevice whether the input is put into the device's memory once
   * @param streams streams of the throughput measurement (1: none)
   * @param phaseRows the phases per batch size
   * @param streamRows the stream throughput per batch size
   */
  private record Measurement(
      int warmup,
      int iterations,
      boolean pixels,
      boolean inputOnDevice,
      int streams,
      List<PhaseRow> phaseRows,
      List<StreamRow> streamRows) {}

  /**
   * Fails unless ONNX Runtime's Java API is on the class path (the GPU machine's packing leaves it
   * out); checked by name, so that {@link OrtPeer} is never loaded without it.
   */
  private static void requireOnnxRuntimeJar() {
    try {
      Class.forName(ORT_CLASS, false, BenchCommand.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new CliException(
          "--peer ort needs ONNX Runtime's Java jar (com.microsoft.onnxruntime:onnxruntime) on"
              + " the class path; use --peer none and time the peer another way",
          e);
    }
  }

  private static boolean peer(Optional<String> value) {
    String peer = value.orElse(PEER_ORT).toLowerCase(Locale.ROOT);
    if (peer.equals(PEER_ORT)) {
      return true;
    }
    if (peer.equals(PEER_NONE)) {
      return false;
    }
    throw new UsageException("--peer must be ort or none, got '" + value.get() + "'");
  }
}
