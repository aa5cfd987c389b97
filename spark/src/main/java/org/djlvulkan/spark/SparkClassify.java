package org.djlvulkan.spark;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.djlvulkan.engine.VkEngine;
import org.djlvulkan.zoo.ImageResize;
import org.djlvulkan.zoo.ZooCatalog;

/**
 * {@code bin/djl-vulkan spark-classify}: classifies every file under a folder with a Spark job and
 * writes Parquet ({@code path, class_index, label, probability, error}), then prints one line per
 * row (file name, class index, label, probability, or the row's error). A file that is not an image
 * is reported on its row; the job goes on.
 */
public final class SparkClassify {
  private static final String USAGE =
      "usage: djl-vulkan spark-classify [--model NAME|FILE] [--precision P] [--format onnx|pte]\n"
          + "                                [--synset FILE] [--master URL] [--batch N]\n"
          + "                                [--partitions N] [--resize-on WHERE]\n"
          + "                                INPUT_DIR OUTPUT_DIR\n\n"
          + "  --model NAME|FILE  a zoo model (default mobilenetv2) or an .onnx/.pte classifier\n"
          + "  --precision P      the zoo model's precision (int8, fp32...); fp16: its fp32 file\n"
          + "                     (or the model file) with fp16 activations\n"
          + "  --format F         the zoo model's format: onnx (default) or pte\n"
          + "  --synset FILE      labels, one per line (required for a model file)\n"
          + "  --master URL       Spark master (default local[*]; spark://HOST:PORT, yarn, k8s://...)\n"
          + "  --batch N          images per batchPredict on an executor (default 32)\n"
          + "  --partitions N     repartition the input into N partitions first\n"
          + "  --resize-on WHERE  auto (default): device on a GPU, else host; host: executors\n"
          + "                     decode, resize and normalize (classify's results exactly);\n"
          + "                     device: executors only decode, the GPU resizes and normalizes\n";

  private SparkClassify() {}

  /** Runs the app and exits with its status. */
  public static void main(String[] args) {
    if (System.getProperty(LOG_CONFIG) == null) {
      System.setProperty(LOG_CONFIG, "spark-classify-log4j2.properties");
    }
    int code = run(args, System.out, System.err);
    // Free the engine's devices on this thread before exiting: NVIDIA's driver crashed the JVM at
    // exit when a local job's devices were left to the process exit (see VkEngine.shutdown).
    VkEngine.shutdown();
    System.exit(code);
  }

  /** Log4j 2's configuration setting: the app's own file unless the user gives one. */
  private static final String LOG_CONFIG = "log4j2.configurationFile";

  /**
   * Runs the app.
   *
   * @param args the arguments
   * @param out where the rows and the summary go
   * @param err where usage errors go
   * @return 0 when the job ran (rows may carry errors), 2 for a usage error
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("spark-classify: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
    if (o == null) {
      out.print(USAGE);
      return 0;
    }
    ModelSpec spec = ModelSpec.of(o.model);
    if (!spec.zoo() && !Files.isRegularFile(Path.of(o.model))) {
      err.println(
          "spark-classify: --model '"
              + o.model
              + "' is neither a zoo model "
              + ZooCatalog.artifactIds()
              + " nor a model file");
      return 2;
    }
    if (!Files.isDirectory(Path.of(o.input))) {
      err.println("spark-classify: no folder " + o.input);
      return 2;
    }
    SparkSession.Builder builder =
        SparkSession.builder()
            .appName("djl-vulkan spark-classify")
            .master(o.master)
            .config("spark.ui.enabled", "false");
    ClusterClasspath.configure(builder, o.master);
    SparkSession spark = builder.getOrCreate();
    try {
      spark.sparkContext().setLogLevel("WARN");
      Dataset<Row> files =
          spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(o.input);
      if (o.partitions > 0) {
        files = files.repartition(o.partitions);
      }
      VulkanImageClassifier classifier =
          new VulkanImageClassifier()
              .setModel(o.model)
              .setPrecision(o.precision)
              .setFormat(o.format)
              .setSynset(o.synset)
              .setBatchSize(o.batch)
              .setResizeOn(o.resizeOn.argument());
      long start = System.nanoTime();
      writeResults(classifier, files, o.output);
      double seconds = (System.nanoTime() - start) / 1e9;
      long rows = 0;
      long errors = 0;
      Iterator<Row> written = spark.read().parquet(o.output).orderBy("path").toLocalIterator();
      while (written.hasNext()) {
        ImageResult r = result(written.next());
        out.println(r.line());
        rows++;
        errors += r.error() == null ? 0 : 1;
      }
      out.printf(
          Locale.ROOT,
          "%d rows, %d with errors -> %s (job %.1f s, %.1f images/s, model load included)%n",
          rows,
          errors,
          o.output,
          seconds,
          rows / seconds);
      return 0;
    } finally {
      // Stopping runs VulkanPlugin (ClusterClasspath sets it), which frees the models the local
      // executor loaded in this JVM.
      spark.stop();
    }
  }

  /**
   * Classifies binary files and writes one Parquet row per file: {@code path, class_index, label,
   * probability, error} (the job of the app).
   *
   * @param classifier the classifier
   * @param files rows of Spark's {@code binaryFile} source
   * @param output the Parquet folder, replaced if it exists
   */
  public static void writeResults(
      VulkanImageClassifier classifier, Dataset<Row> files, String output) {
    classifier
        .transform(files)
        .select(
            "path",
            VulkanImageClassifier.CLASS_INDEX,
            VulkanImageClassifier.LABEL,
            VulkanImageClassifier.PROBABILITY,
            VulkanImageClassifier.ERROR)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(output);
  }

  /** Reads a result row of the Parquet output (path, class_index, label, probability, error). */
  public static ImageResult result(Row r) {
    return new ImageResult(
        r.getString(0),
        r.isNullAt(1) ? null : r.getInt(1),
        r.isNullAt(2) ? null : r.getString(2),
        r.isNullAt(3) ? null : r.getDouble(3),
        r.isNullAt(4) ? null : r.getString(4),
        null);
  }

  /** The parsed command line. */
  private static final class Options {
    String model = "mobilenetv2";
    String precision = "";
    String format = "";
    String synset = "";
    String master = "local[*]";
    int batch = 32;
    int partitions = 0;
    ImageResize resizeOn = ImageResize.AUTO;
    String input;
    String output;

    /** Returns the options, or null when help was asked for. */
    static Options parse(String[] args) {
      Options o = new Options();
      List<String> positional = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--help") || a.equals("-h")) {
          return null;
        }
        if (!a.startsWith("--")) {
          positional.add(a);
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        String v = args[++i];
        switch (a) {
          case "--model" -> o.model = v;
          case "--precision" -> o.precision = v;
          case "--format" -> o.format = v;
          case "--synset" -> o.synset = v;
          case "--master" -> o.master = v;
          case "--batch" -> o.batch = positive(a, v);
          case "--partitions" -> o.partitions = positive(a, v);
          case "--resize-on" -> o.resizeOn = resizeOn(v);
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (positional.size() != 2) {
        throw new IllegalArgumentException("needs INPUT_DIR and OUTPUT_DIR");
      }
      o.input = positional.get(0);
      o.output = positional.get(1);
      return o;
    }

    private static ImageResize resizeOn(String value) {
      try {
        return ImageResize.named(value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--resize-on " + e.getMessage(), e);
      }
    }

    private static int positive(String option, String value) {
      try {
        int n = Integer.parseInt(value);
        if (n >= 1) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(option + " needs a positive integer, got '" + value + "'");
    }
  }
}
