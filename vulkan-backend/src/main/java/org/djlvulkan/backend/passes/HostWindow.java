package org.djlvulkan.backend.passes;

import java.util.Arrays;
import org.djlvulkan.backend.ir.Attributes;

/**
 * The sliding-window geometry of ONNX Conv, MaxPool and AveragePool over any number of spatial
 * axes: kernel, strides, dilations, begin and end pads (explicit or from {@code auto_pad}) and the
 * output size (with {@code ceil_mode} for the pools).
 *
 * @param kernel window size per spatial axis
 * @param strides step per axis
 * @param dilations spacing of window taps per axis
 * @param begin pad before each axis
 * @param end pad after each axis
 * @param in input size per axis
 * @param out output size per axis
 */
record HostWindow(
    long[] kernel,
    long[] strides,
    long[] dilations,
    long[] begin,
    long[] end,
    long[] in,
    long[] out) {

  /**
   * Reads the geometry from a node's attributes.
   *
   * @param a the attributes
   * @param in the input's spatial sizes
   * @param kernel the window (Conv: the weights' spatial sizes; pools: {@code kernel_shape})
   * @param ceil whether the output size rounds up ({@code ceil_mode} of the pools)
   * @return the geometry
   */
  static HostWindow of(Attributes a, long[] in, long[] kernel, boolean ceil) {
    int k = in.length;
    long[] strides = orOnes(a.ints("strides"), k);
    long[] dilations = orOnes(a.ints("dilations"), k);
    long[] pads = a.ints("pads") == null ? new long[2 * k] : a.ints("pads");
    requireLength("kernel", kernel, k, k);
    requireLength("strides", strides, k, k);
    requireLength("dilations", dilations, k, k);
    requireLength("pads", pads, 2 * k, k);
    long[] begin = Arrays.copyOf(pads, k);
    long[] end = Arrays.copyOfRange(pads, k, 2 * k);
    String auto = a.s("auto_pad", "NOTSET");
    long[] out = new long[k];
    for (int d = 0; d < k; d++) {
      long span = (kernel[d] - 1) * dilations[d] + 1;
      if (auto.startsWith("SAME")) {
        out[d] = (in[d] + strides[d] - 1) / strides[d];
        long total = Math.max(0, (out[d] - 1) * strides[d] + span - in[d]);
        begin[d] = auto.equals("SAME_UPPER") ? total / 2 : total - total / 2;
        end[d] = total - begin[d];
        continue;
      }
      if (auto.equals("VALID")) {
        begin[d] = 0;
        end[d] = 0;
      }
      long room = in[d] + begin[d] + end[d] - span;
      if (room < 0) {
        throw new IllegalArgumentException(
            "window " + span + " is larger than the padded axis " + (in[d] + begin[d] + end[d]));
      }
      out[d] = (ceil ? (room + strides[d] - 1) / strides[d] : room / strides[d]) + 1;
      if (ceil && (out[d] - 1) * strides[d] >= in[d] + begin[d]) {
        out[d]--; // the last window must start inside the input or its begin pad
      }
    }
    return new HostWindow(kernel, strides, dilations, begin, end, in, out);
  }

  /**
   * Checks that an attribute of a window over {@code axes} spatial axes has {@code length} values.
   */
  private static void requireLength(String what, long[] v, int length, int axes) {
    if (v.length != length) {
      throw new IllegalArgumentException(
          what
              + " "
              + Arrays.toString(v)
              + " has "
              + v.length
              + " values; a window over "
              + axes
              + " spatial axes needs "
              + length);
    }
  }

  static long[] orOnes(long[] v, int k) {
    if (v != null) {
      return v;
    }
    long[] ones = new long[k];
    Arrays.fill(ones, 1);
    return ones;
  }

  /** Returns the number of output positions. */
  long outCount() {
    return Arrays.stream(out).reduce(1, Math::multiplyExact);
  }

  /** Returns the number of taps of the window. */
  long taps() {
    return Arrays.stream(kernel).reduce(1, Math::multiplyExact);
  }

  /** Returns the number of input positions. */
  long inCount() {
    return Arrays.stream(in).reduce(1, Math::multiplyExact);
  }

  /**
   * Returns the flat input position that tap {@code t} of the window at output position {@code o}
   * reads, {@code -1} when it falls in the padding, or {@code -2} when it also lies beyond the end
   * pad (which ceil mode can reach; AveragePool does not count it even with padding counted).
   */
  long source(long o, long t) {
    long flat = 0;
    long result = 0;
    int k = in.length;
    long[] oc = coords(o, out);
    long[] tc = coords(t, kernel);
    for (int d = 0; d < k; d++) {
      long p = oc[d] * strides[d] + tc[d] * dilations[d] - begin[d];
      if (p < -begin[d] || p >= in[d] + end[d]) {
        return -2;
      }
      if (p < 0 || p >= in[d]) {
        result = -1;
      }
      flat = flat * in[d] + Math.max(0, Math.min(p, in[d] - 1));
    }
    return result < 0 ? result : flat;
  }

  private static long[] coords(long i, long[] shape) {
    long[] c = new long[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      c[d] = i % shape[d];
      i /= shape[d];
    }
    return c;
  }
}
