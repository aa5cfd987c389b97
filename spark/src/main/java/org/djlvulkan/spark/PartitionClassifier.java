package org.djlvulkan.spark;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.BufferedImageFactory;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;
import org.djlvulkan.zoo.translator.RankedClass;

/**
 * Classifies the images of one partition, for {@code mapPartitions} on a Dataset or RDD: rows are
 * read lazily in batches, each batch goes through one {@code batchPredict} of the executor's model
 * ({@link ExecutorModels}), and every input gives exactly one result in input order. An image that
 * does not decode, or whose prediction fails, gets a result with its error; the other images of its
 * batch are classified one by one, so no row is lost.
 */
public final class PartitionClassifier {
  private PartitionClassifier() {}

  /**
   * Returns the results of a partition's images, computed batch by batch as they are read.
   *
   * @param images the partition's images
   * @param spec the model
   * @param batchSize images per {@code batchPredict}, at least 1
   * @return one result per image, in order
   */
  public static Iterator<ImageResult> classify(
      Iterator<ImageInput> images, ModelSpec spec, int batchSize) {
    return classify(images, spec, batchSize, 1);
  }

  /**
   * Returns the results of a partition's images with their {@code topK} most probable classes.
   *
   * @param images the partition's images
   * @param spec the model
   * @param batchSize images per {@code batchPredict}, at least 1
   * @param topK classes per result, at least 1
   * @return one result per image, in order
   */
  public static Iterator<ImageResult> classify(
      Iterator<ImageInput> images, ModelSpec spec, int batchSize, int topK) {
    if (topK < 1) {
      throw new IllegalArgumentException("top-k must be at least 1, got " + topK);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    return new Iterator<>() {
      private Iterator<ImageResult> batch = List.<ImageResult>of().iterator();
      private Predictor<Image, Classifications> predictor;

      @Override
      public boolean hasNext() {
        if (batch.hasNext()) {
          return true;
        }
        if (!images.hasNext()) {
          if (predictor != null) {
            predictor.close();
            predictor = null;
          }
          return false;
        }
        List<ImageInput> next = new ArrayList<>(batchSize);
        while (next.size() < batchSize && images.hasNext()) {
          next.add(images.next());
        }
        if (predictor == null) {
          ZooModel<Image, Classifications> model = ExecutorModels.get(spec);
          predictor = model.newPredictor();
          TaskContext task = TaskContext.get();
          if (task != null) {
            // A task that stops before the end of its partition still frees the predictor.
            Predictor<Image, Classifications> p = predictor;
            task.addTaskCompletionListener((TaskCompletionListener) ctx -> p.close());
          }
        }
        batch = classifyBatch(predictor, next, topK).iterator();
        return true;
      }

      @Override
      public ImageResult next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return batch.next();
      }
    };
  }

  /** Decodes a batch, predicts the decodable images together, and reports the rest. */
  static List<ImageResult> classifyBatch(
      Predictor<Image, Classifications> predictor, List<ImageInput> inputs, int topK) {
    ImageResult[] results = new ImageResult[inputs.size()];
    List<Image> images = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      ImageInput in = inputs.get(i);
      try {
        images.add(decode(in));
        positions.add(i);
      } catch (IOException | RuntimeException e) {
        results[i] = ImageResult.failed(in.path(), "cannot decode the image: " + e.getMessage());
      }
    }
    if (!images.isEmpty()) {
      List<Classifications> predicted;
      try {
        predicted = predictor.batchPredict(images);
      } catch (TranslateException | RuntimeException e) {
        predicted = null; // one of them fails: predict one by one to find it
      }
      for (int k = 0; k < images.size(); k++) {
        int i = positions.get(k);
        String path = inputs.get(i).path();
        if (predicted != null) {
          results[i] = ranked(path, predicted.get(k), topK);
          continue;
        }
        try {
          results[i] = ranked(path, predictor.predict(images.get(k)), topK);
        } catch (TranslateException | RuntimeException e) {
          results[i] = ImageResult.failed(path, "prediction failed: " + e.getMessage());
        }
      }
    }
    return List.of(results);
  }

  private static Image decode(ImageInput in) throws IOException {
    if (in.bytes() == null) {
      throw new IOException("no bytes");
    }
    ImageFactory factory = ImageFactory.getInstance();
    if (!(factory instanceof BufferedImageFactory)) {
      return factory.fromInputStream(new ByteArrayInputStream(in.bytes()));
    }
    // What BufferedImageFactory does, without ImageIO's default cache, which copies every stream
    // through a temporary file first.
    BufferedImage image =
        ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(in.bytes())));
    if (image == null) {
      throw new IOException("not an image format ImageIO reads");
    }
    return factory.fromImage(image);
  }

  private static ImageResult ranked(String path, Classifications c, int topK) {
    List<ImageResult.Ranked> top = new ArrayList<>();
    for (RankedClass r : RankedClass.top(c, topK)) {
      top.add(new ImageResult.Ranked(r.index(), r.label(), r.probability()));
    }
    ImageResult.Ranked best = top.get(0);
    return new ImageResult(path, best.index(), best.label(), best.probability(), null, top);
  }
}
