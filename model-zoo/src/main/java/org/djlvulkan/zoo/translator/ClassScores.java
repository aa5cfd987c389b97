package org.djlvulkan.zoo.translator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.djlvulkan.backend.tensor.Float16;

/** Reads a classifier's output on the host and turns one image's scores into probabilities. */
public final class ClassScores {
  private ClassScores() {}

  /**
   * Returns the values of an output array as floats, whatever its float type.
   *
   * @param array a float32, float16 or float64 array
   * @return its values in row-major order
   * @throws IllegalArgumentException for other element types, naming the type
   */
  public static float[] read(NDArray array) {
    DataType type = array.getDataType();
    ByteBuffer raw = array.toByteBuffer();
    ByteBuffer bytes = raw.slice().order(raw.order());
    int n = Math.toIntExact(array.size());
    if (type == DataType.FLOAT16) {
      return Float16.toFloats(bytes.asShortBuffer().limit(n));
    }
    float[] out = new float[n];
    if (type == DataType.FLOAT32) {
      bytes.asFloatBuffer().get(out);
    } else if (type == DataType.FLOAT64) {
      for (int i = 0; i < n; i++) {
        out[i] = (float) bytes.getDouble(8 * i);
      }
    } else {
      throw new IllegalArgumentException(
          "classifier output "
              + type
              + array.getShape()
              + ": expected float32, float16 or float64");
    }
    return out;
  }

  /**
   * Returns the softmax of a run of logits, in double precision (the largest logit is subtracted
   * first, so large logits do not overflow).
   *
   * @param logits the values
   * @param offset where the run starts
   * @param count how many classes
   * @return the probabilities, summing to 1
   */
  public static List<Double> softmax(float[] logits, int offset, int count) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < count; i++) {
      max = Math.max(max, logits[offset + i]);
    }
    double[] exp = new double[count];
    double sum = 0;
    for (int i = 0; i < count; i++) {
      exp[i] = Math.exp(logits[offset + i] - max);
      sum += exp[i];
    }
    List<Double> out = new ArrayList<>(count);
    for (double e : exp) {
      out.add(e / sum);
    }
    return out;
  }

  /**
   * Returns a run of values that already are probabilities, as doubles.
   *
   * @param probabilities the values
   * @param offset where the run starts
   * @param count how many classes
   * @return the same values
   */
  public static List<Double> asIs(float[] probabilities, int offset, int count) {
    List<Double> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add((double) probabilities[offset + i]);
    }
    return out;
  }
}
