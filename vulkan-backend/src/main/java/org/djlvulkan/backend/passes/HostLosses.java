package org.djlvulkan.backend.passes;

import java.util.List;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.TensorData;

/**
 * The host references of ONNX's two losses, NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss
 * (an exported training graph evaluated for its loss), in double rounded to the input's type.
 */
final class HostLosses {
  private HostLosses() {}

  /**
   * NegativeLogLikelihoodLoss of {@code input [N, C, d...]} at {@code target [N, d...]}: {@code
   * -input[n, target, d...] * weight[target]}, 0 where the target is {@code ignoreIndex}; reduced
   * by {@code none}, {@code sum} or {@code mean} (the sum over the weights of the targets counted).
   */
  static TensorData negativeLogLikelihood(
      TensorData input, TensorData target, TensorData weight, String reduction, Long ignoreIndex) {
    long[] s = input.shape();
    if (s.length < 2 || target.rank() != s.length - 1 || target.shape()[0] != s[0]) {
      throw new IllegalArgumentException(
          "input " + input + " and target " + target + " do not fit");
    }
    int classes = (int) s[1];
    int inner = 1;
    for (int d = 2; d < s.length; d++) {
      inner *= (int) s[d];
    }
    double[] v = input.toDoubles();
    double[] loss = new double[(int) target.count()];
    double weights = 0;
    for (int n = 0; n < s[0]; n++) {
      for (int i = 0; i < inner; i++) {
        int at = n * inner + i;
        long t = target.getLong(at);
        if (ignoreIndex != null && t == ignoreIndex) {
          continue;
        }
        if (t < 0 || t >= classes) {
          throw new IllegalArgumentException("target " + t + " outside [0, " + classes + ")");
        }
        double w = weight == null ? 1 : weight.getDouble((int) t);
        loss[at] = -v[(n * classes + (int) t) * inner + i] * w;
        weights += w;
      }
    }
    DataType type = input.type();
    switch (reduction) {
      case "none":
        return TensorData.ofDoubles(type, loss, target.shape());
      case "sum":
      case "mean":
        double total = 0;
        for (double l : loss) {
          total += l;
        }
        double r = reduction.equals("sum") ? total : total / weights;
        return TensorData.ofDoubles(type, new double[] {r});
      default:
        throw new IllegalArgumentException("reduction '" + reduction + "'");
    }
  }

  /**
   * SoftmaxCrossEntropyLoss: the log-softmax of {@code scores} over axis 1, then the negative log
   * likelihood at the labels; returns the loss and the log-probabilities.
   */
  static List<TensorData> softmaxCrossEntropy(
      TensorData scores, TensorData labels, TensorData weight, String reduction, Long ignoreIndex) {
    long[] s = scores.shape();
    if (s.length < 2) {
      throw new IllegalArgumentException("scores " + scores + " need a class axis");
    }
    int classes = (int) s[1];
    int inner = 1;
    for (int d = 2; d < s.length; d++) {
      inner *= (int) s[d];
    }
    double[] v = scores.toDoubles();
    double[] logProb = new double[v.length];
    for (int n = 0; n < s[0]; n++) {
      for (int i = 0; i < inner; i++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
          max = Math.max(max, v[(n * classes + c) * inner + i]);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
          sum += Math.exp(v[(n * classes + c) * inner + i] - max);
        }
        double log = max + Math.log(sum);
        for (int c = 0; c < classes; c++) {
          int at = (n * classes + c) * inner + i;
          logProb[at] = v[at] - log;
        }
      }
    }
    TensorData lp = TensorData.ofDoubles(scores.type(), logProb, s);
    return List.of(
        negativeLogLikelihood(lp, labels, weight, reduction, ignoreIndex),
        TensorData.ofDoubles(scores.type(), logProb, s));
  }
}
