package org.djlvulkan.backend.ir;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * What a Slice node takes from its input, read once for the host evaluator and the GPU lowering:
 * per axis the first element, the step and the output length (ONNX's clamping of starts and ends,
 * negative steps included).
 *
 * @param begin the first element per axis
 * @param step the step per axis (1 where not sliced)
 * @param out the output shape
 */
public record SliceGeometry(long[] begin, long[] step, long[] out) {
  /**
   * Reads a Slice node: starts, ends, axes and steps as its inputs 1 to 4 (older ONNX operator
   * sets' attributes are moved there on import).
   *
   * @param shape the input's shape
   * @param constantInput the values of a constant input by index, or null when it is absent
   * @return the geometry
   * @throws IllegalArgumentException when the parameters are missing or inconsistent
   */
  public static SliceGeometry of(long[] shape, IntFunction<long[]> constantInput) {
    long[] starts = constantInput.apply(1);
    long[] ends = constantInput.apply(2);
    long[] axes = constantInput.apply(3);
    long[] steps = constantInput.apply(4);
    if (starts == null || ends == null) {
      throw new IllegalArgumentException("Slice needs starts and ends");
    }
    int r = shape.length;
    if (ends.length != starts.length
        || (axes != null && axes.length != starts.length)
        || (steps != null && steps.length != starts.length)) {
      throw new IllegalArgumentException("Slice: starts, ends, axes and steps differ in length");
    }
    long[] begin = new long[r];
    long[] step = new long[r];
    long[] out = shape.clone();
    Arrays.fill(step, 1);
    for (int i = 0; i < starts.length; i++) {
      long raw = axes == null ? i : axes[i];
      int a = (int) (raw < 0 ? raw + r : raw);
      if (a < 0 || a >= r) {
        throw new IllegalArgumentException("Slice: axis " + raw + " out of range for rank " + r);
      }
      long st = steps == null ? 1 : steps[i];
      if (st == 0) {
        throw new IllegalArgumentException("Slice: step 0");
      }
      long d = shape[a];
      long b = starts[i] < 0 ? starts[i] + d : starts[i];
      long e = ends[i] < 0 ? ends[i] + d : ends[i];
      if (st > 0) {
        b = Math.max(0, Math.min(d, b));
        e = Math.max(0, Math.min(d, e));
        out[a] = Math.max(0, (e - b + st - 1) / st);
      } else {
        b = Math.max(-1, Math.min(d - 1, b));
        e = Math.max(-1, Math.min(d - 1, e));
        out[a] = Math.max(0, (b - e + (-st) - 1) / (-st));
      }
      begin[a] = b;
      step[a] = st;
    }
    return new SliceGeometry(begin, step, out);
  }
}
