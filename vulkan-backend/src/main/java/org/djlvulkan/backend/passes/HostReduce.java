package org.djlvulkan.backend.passes;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.ir.ShapeRules;
import org.djlvulkan.backend.ir.TensorData;

/**
 * The host reference of the ONNX reductions (ReduceSum, Mean, Max, Min, Prod, L1, L2, LogSum,
 * LogSumExp, SumSquare): accumulation in double per output element, in the input's type (float32
 * rounded once at the end, integers as longs).
 */
final class HostReduce {
  private HostReduce() {}

  /**
   * Reduces a tensor.
   *
   * @param op the reduction
   * @param x the input
   * @param axes the axes (negative from the end), or null or empty for all of them
   * @param keepDims whether reduced axes stay as 1
   * @param noopWithEmptyAxes whether empty axes mean "no reduction" rather than "all axes"
   * @return the result
   */
  static TensorData reduce(
      Op op, TensorData x, long[] axes, boolean keepDims, boolean noopWithEmptyAxes) {
    int r = x.rank();
    if ((axes == null || axes.length == 0) && noopWithEmptyAxes) {
      return x;
    }
    boolean[] reduced = ShapeRules.reducedAxes(axes, r, noopWithEmptyAxes);
    long[] in = x.shape();
    long[] kept = ShapeRules.reducedShape(in, reduced, true);
    long[] outShape = ShapeRules.reducedShape(in, reduced, keepDims);
    int outCount = Math.toIntExact(Arrays.stream(kept).reduce(1, Math::multiplyExact));
    int inCount = Math.toIntExact(x.count());
    double[] acc = new double[outCount];
    double[] max = new double[outCount];
    Arrays.fill(acc, start(op));
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
    long[] coords = new long[r];
    int[] target = new int[inCount];
    for (int i = 0; i < inCount; i++) {
      int o = 0;
      for (int d = 0; d < r; d++) {
        o = (int) (o * kept[d] + (reduced[d] ? 0 : coords[d]));
      }
      target[i] = o;
      max[o] = Math.max(max[o], x.getDouble(i));
      for (int d = r - 1; d >= 0 && ++coords[d] == in[d]; d--) {
        coords[d] = 0;
      }
    }
    for (int i = 0; i < inCount; i++) {
      int o = target[i];
      double v = x.getDouble(i);
      acc[o] =
          switch (op) {
            case REDUCE_MAX ->
                Double.isNaN(acc[o]) || Double.isNaN(v) ? Double.NaN : Math.max(acc[o], v);
            case REDUCE_MIN ->
                Double.isNaN(acc[o]) || Double.isNaN(v) ? Double.NaN : Math.min(acc[o], v);
            case REDUCE_PROD -> acc[o] * v;
            case REDUCE_L1 -> acc[o] + Math.abs(v);
            case REDUCE_L2, REDUCE_SUM_SQUARE -> acc[o] + v * v;
            case REDUCE_LOG_SUM_EXP -> acc[o] + Math.exp(v - max[o]);
            default -> acc[o] + v;
          };
    }
    double perOutput = (double) inCount / outCount;
    for (int o = 0; o < outCount; o++) {
      acc[o] =
          switch (op) {
            case REDUCE_MEAN -> acc[o] / perOutput;
            case REDUCE_L2 -> Math.sqrt(acc[o]);
            case REDUCE_LOG_SUM -> Math.log(acc[o]);
            case REDUCE_LOG_SUM_EXP -> max[o] + Math.log(acc[o]);
            default -> acc[o];
          };
    }
    if (x.type().isFloat()) {
      return TensorData.ofDoubles(x.type(), acc, outShape);
    }
    ByteBuffer b = ByteBuffer.allocate(outCount * x.type().bytes()).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : acc) {
      long l = (long) v;
      switch (x.type().bytes()) {
        case 1 -> b.put((byte) l);
        case 2 -> b.putShort((short) l);
        case 4 -> b.putInt((int) l);
        default -> b.putLong(l);
      }
    }
    return new TensorData(x.type(), outShape, b.flip());
  }

  private static double start(Op op) {
    return switch (op) {
      case REDUCE_MAX -> Double.NEGATIVE_INFINITY;
      case REDUCE_MIN -> Double.POSITIVE_INFINITY;
      case REDUCE_PROD -> 1;
      default -> 0;
    };
  }
}
