package org.djlvulkan.spark;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.djlvulkan.zoo.translator.ImageNetPreprocessor;
import org.djlvulkan.zoo.translator.PixelEncoding;

/**
 * Measures what the host of a Spark job can prepare per second, without Spark or a GPU: JPEG decode
 * alone (what is left with {@code resizeOnDevice}), and decode + resize + normalize to floats (the
 * host path), on 1 thread and on every core. Not a test: {@code scripts/gpu/spark-throughput.sh}
 * prints it beside the jobs, so the ratios can be read against the host's own bound.
 *
 * <p>Arguments: {@code IMAGE_DIR [--images N]} (a folder of JPEG files, as SparkThroughputBench
 * makes).
 */
public final class HostPrepBench {
  private HostPrepBench() {}

  /**
   * Runs the measurement.
   *
   * @param args see the class comment
   * @throws Exception when the files cannot be read or a worker fails
   */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int limit = args.length > 2 && args[1].equals("--images") ? Integer.parseInt(args[2]) : 2000;
    List<byte[]> files;
    try (Stream<Path> list = Files.list(dir)) {
      files =
          list.filter(p -> p.toString().endsWith(".jpg"))
              .sorted()
              .limit(limit)
              .map(HostPrepBench::read)
              .toList();
    }
    int cores = Runtime.getRuntime().availableProcessors();
    for (boolean resize : new boolean[] {false, true}) {
      for (int threads : new int[] {1, cores}) {
        run(files, threads, resize); // warm-up
        double perSecond = run(files, threads, resize);
        System.out.printf(
            Locale.ROOT,
            "host prep: %s, %d thread(s): %.0f images/s (%.3f ms per image per thread)%n",
            resize ? "decode + resize + normalize" : "decode only",
            threads,
            perSecond,
            threads * 1e3 / perSecond);
      }
    }
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the images per second of {@code threads} workers sharing the files. */
  private static double run(List<byte[]> files, int threads, boolean resize) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long start = System.nanoTime();
      Future<?>[] work = new Future<?>[threads];
      for (int t = 0; t < threads; t++) {
        int first = t;
        work[t] =
            pool.submit(
                () -> {
                  float[] out = new float[ImageNetPreprocessor.VALUES_PER_IMAGE];
                  for (int i = first; i < files.size(); i += threads) {
                    BufferedImage image = decode(files.get(i));
                    if (resize) {
                      byte[] rgb = new byte[image.getWidth() * image.getHeight() * 3];
                      image
                          .getRaster()
                          .getDataElements(0, 0, image.getWidth(), image.getHeight(), rgb);
                      ImageNetPreprocessor.writeChw(
                          rgb,
                          image.getWidth(),
                          image.getHeight(),
                          PixelEncoding.IMAGENET_RGB,
                          out,
                          0);
                    }
                  }
                  return null;
                });
      }
      for (Future<?> f : work) {
        f.get();
      }
      return files.size() / ((System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdown();
    }
  }

  private static BufferedImage decode(byte[] bytes) {
    try {
      return ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
