package org.djlvulkan.spark;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Runs a model on the float tensors of one partition, for {@code mapPartitions}: each input is one
 * sample of a fixed shape (flattened), samples are stacked into batches of the model's first input,
 * and each sample gets its slice of the model's first output, flattened. A sample of the wrong
 * length, or one whose batch fails, gets an error instead; no sample is lost.
 */
public final class TensorPartitionRunner {
  private TensorPartitionRunner() {}

  /**
   * One sample's result: the flattened first output, or why there is none.
   *
   * @param output the output values, or null
   * @param error the error, or null
   */
  public record Result(float[] output, String error) {}

  /**
   * Returns the results of a partition's samples, computed batch by batch as they are read.
   *
   * @param samples the flattened samples (null for a missing one)
   * @param spec the model
   * @param shape one sample's shape, without the batch dimension
   * @param batchSize samples per prediction, at least 1
   * @return one result per sample, in order
   */
  public static Iterator<Result> run(
      Iterator<float[]> samples, ModelSpec spec, long[] shape, int batchSize) {
    long size = Arrays.stream(shape).reduce(1, Math::multiplyExact);
    return new Iterator<>() {
      private Iterator<Result> batch = List.<Result>of().iterator();
      private Predictor<NDList, NDList> predictor;
      private ZooModel<NDList, NDList> model;

      @Override
      public boolean hasNext() {
        if (batch.hasNext()) {
          return true;
        }
        if (!samples.hasNext()) {
          return false;
        }
        List<float[]> next = new ArrayList<>(batchSize);
        while (next.size() < batchSize && samples.hasNext()) {
          next.add(samples.next());
        }
        if (predictor == null) {
          model = ExecutorModels.getRaw(spec);
          predictor = model.newPredictor();
          Predictor<NDList, NDList> p = predictor;
          TaskContext task = TaskContext.get();
          if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) ctx -> p.close());
          }
        }
        batch = runBatch(model, predictor, next, shape, size).iterator();
        return true;
      }

      @Override
      public Result next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return batch.next();
      }
    };
  }

  private static List<Result> runBatch(
      ZooModel<NDList, NDList> model,
      Predictor<NDList, NDList> predictor,
      List<float[]> samples,
      long[] shape,
      long size) {
    Result[] results = new Result[samples.size()];
    List<Integer> good = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      float[] s = samples.get(i);
      if (s == null || s.length != size) {
        results[i] =
            new Result(
                null,
                "expected "
                    + size
                    + " values "
                    + Arrays.toString(shape)
                    + ", got "
                    + (s == null ? "none" : s.length));
      } else {
        good.add(i);
      }
    }
    if (!good.isEmpty()) {
      try {
        float[][] out = predict(model, predictor, samples, good, shape, size);
        for (int k = 0; k < good.size(); k++) {
          results[good.get(k)] = new Result(out[k], null);
        }
      } catch (TranslateException | RuntimeException e) {
        for (int i : good) {
          try {
            results[i] =
                new Result(predict(model, predictor, samples, List.of(i), shape, size)[0], null);
          } catch (TranslateException | RuntimeException one) {
            results[i] = new Result(null, "prediction failed: " + one.getMessage());
          }
        }
      }
    }
    return List.of(results);
  }

  /** Stacks the chosen samples into one batch and splits the first output per sample. */
  private static float[][] predict(
      ZooModel<NDList, NDList> model,
      Predictor<NDList, NDList> predictor,
      List<float[]> samples,
      List<Integer> chosen,
      long[] shape,
      long size)
      throws TranslateException {
    float[] stacked = new float[Math.toIntExact(size * chosen.size())];
    for (int k = 0; k < chosen.size(); k++) {
      System.arraycopy(samples.get(chosen.get(k)), 0, stacked, (int) (k * size), (int) size);
    }
    long[] dims = new long[shape.length + 1];
    dims[0] = chosen.size();
    System.arraycopy(shape, 0, dims, 1, shape.length);
    try (NDManager manager = model.getNDManager().newSubManager()) {
      NDList out = predictor.predict(new NDList(manager.create(stacked, new Shape(dims))));
      NDArray first = out.get(0);
      float[] all = first.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
      int per = all.length / chosen.size();
      float[][] split = new float[chosen.size()][];
      for (int k = 0; k < chosen.size(); k++) {
        split[k] = Arrays.copyOfRange(all, k * per, (k + 1) * per);
      }
      return split;
    }
  }
}
