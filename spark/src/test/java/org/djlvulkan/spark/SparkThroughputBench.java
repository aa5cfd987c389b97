package org.djlvulkan.spark;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.djlvulkan.engine.VkEngine;

/**
 * Measures the images per second of a Spark job that classifies a folder of JPEG files with the
 * Vulkan engine (issue 15's throughput figure): the job of {@code spark-classify} (binary files in,
 * {@link VulkanImageClassifier}, Parquet out), run to load the model and warm the JIT (twice by
 * default), then timed over several rounds in the same session. Not a test (no assertion on time):
 * {@code scripts/gpu/spark-throughput.sh} runs it on the GPU machine beside the CLI's {@code bench}
 * of the same model and batch and prints the ratio.
 *
 * <p>Arguments: {@code MODEL_FILE SYNSET IMAGE_DIR [--images N] [--batch N] [--rounds N] [--master
 * URL] [--precision P] [--width W] [--height H] [--resize-on host|device|auto] [--warmups N]} (2
 * warm-up jobs by default). The folder is filled with {@code N} generated JPEG images (smooth
 * colour fields with noise, {@code W x H}) unless it already holds them.
 */
public final class SparkThroughputBench {
  private SparkThroughputBench() {}

  /**
   * Runs the measurement.
   *
   * @param args see the class comment
   * @throws IOException when the images cannot be written
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println(
          "usage: SparkThroughputBench MODEL_FILE SYNSET IMAGE_DIR [--images N] [--batch N]"
              + " [--rounds N] [--master URL] [--precision P] [--width W] [--height H]"
              + " [--resize-on host|device|auto] [--warmups N]");
      System.exit(2);
    }
    String model = args[0];
    String synset = args[1];
    Path dir = Path.of(args[2]);
    int images = 10_000;
    int batch = 32;
    int rounds = 3;
    int warmups = 2;
    int width = 320;
    int height = 256;
    String master = "local[*]";
    String precision = "";
    String resizeOn = "auto";
    for (int i = 3; i + 1 < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--images" -> images = Integer.parseInt(v);
        case "--batch" -> batch = Integer.parseInt(v);
        case "--rounds" -> rounds = Integer.parseInt(v);
        case "--warmups" -> warmups = Integer.parseInt(v);
        case "--master" -> master = v;
        case "--precision" -> precision = v;
        case "--width" -> width = Integer.parseInt(v);
        case "--height" -> height = Integer.parseInt(v);
        case "--resize-on" -> resizeOn = v;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    long t0 = System.nanoTime();
    generate(dir, images, width, height);
    System.out.printf(
        Locale.ROOT,
        "images: %d JPEG %dx%d in %s (%.1f s to make)%n",
        images,
        width,
        height,
        dir,
        (System.nanoTime() - t0) / 1e9);

    SparkSession spark =
        SparkSession.builder()
            .appName("djl-vulkan spark throughput")
            .master(master)
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      VulkanImageClassifier classifier =
          new VulkanImageClassifier()
              .setModel(model)
              .setSynset(synset)
              .setPrecision(precision)
              .setBatchSize(batch)
              .setResizeOn(resizeOn);
      Path out = Files.createTempDirectory("spark-throughput");
      for (int round = 1 - warmups; round <= rounds; round++) {
        long start = System.nanoTime();
        Dataset<Row> files = spark.read().format("binaryFile").load(dir.toString());
        SparkClassify.writeResults(classifier, files, out.toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        Dataset<Row> written = spark.read().parquet(out.toString());
        long rows = written.count();
        long errors =
            written.filter(functions.col(VulkanImageClassifier.ERROR).isNotNull()).count();
        System.out.printf(
            Locale.ROOT,
            "%s: %d rows (%d errors) in %.3f s = %.1f images/s, batch %d, %d partitions,"
                + " model loads %d, resized on the %s%n",
            round <= 0 ? "warm-up" : "round " + round,
            rows,
            errors,
            seconds,
            rows / seconds,
            batch,
            files.rdd().getNumPartitions(),
            ExecutorModels.loads(),
            resizeOn);
      }
    } finally {
      spark.stop();
      // Frees the models with the devices (NVIDIA's driver crashed at exit when they were left).
      VkEngine.shutdown();
    }
  }

  /** Writes {@code count} JPEG images into the folder unless it already holds that many. */
  private static void generate(Path dir, int count, int width, int height) throws IOException {
    Files.createDirectories(dir);
    try (Stream<Path> existing = Files.list(dir)) {
      if (existing.filter(p -> p.toString().endsWith(".jpg")).count() == count) {
        return;
      }
    }
    IntStream.range(0, count)
        .parallel()
        .forEach(
            i -> {
              Random random = new Random(i);
              BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
              int r0 = random.nextInt(256);
              int g0 = random.nextInt(256);
              int b0 = random.nextInt(256);
              for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                  int n = random.nextInt(32);
                  int r = (r0 + x + n) & 0xff;
                  int g = (g0 + y + n) & 0xff;
                  int b = (b0 + x + y) / 2 & 0xff;
                  img.setRGB(x, y, r << 16 | g << 8 | b);
                }
              }
              try {
                ImageIO.write(img, "jpg", dir.resolve(String.format("img-%05d.jpg", i)).toFile());
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }
}
