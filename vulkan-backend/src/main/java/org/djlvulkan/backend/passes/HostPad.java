package org.djlvulkan.backend.passes;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.djlvulkan.backend.ir.TensorData;

/**
 * The host reference of ONNX Pad for any rank and element type: modes {@code constant}, {@code
 * edge}, {@code reflect} and {@code wrap}; negative pads crop. Elements are copied as bytes.
 */
final class HostPad {
  private HostPad() {}

  /**
   * Pads a tensor.
   *
   * @param x the input
   * @param pads the begin pads of every axis, then the end pads
   * @param mode the mode
   * @param value the constant (a one-element tensor of x's type), or null for zeros
   * @return the result
   */
  static TensorData pad(TensorData x, long[] pads, String mode, TensorData value) {
    int r = x.rank();
    if (pads.length != 2 * r) {
      throw new IllegalArgumentException(
          "pads " + Arrays.toString(pads) + " do not have 2 values per axis of rank " + r);
    }
    long[] in = x.shape();
    long[] out = new long[r];
    for (int d = 0; d < r; d++) {
      out[d] = in[d] + pads[d] + pads[r + d];
      if (out[d] < 0) {
        throw new IllegalArgumentException("pads " + Arrays.toString(pads) + " crop below zero");
      }
      if (!mode.equals("constant") && in[d] == 0 && out[d] > 0) {
        throw new IllegalArgumentException(mode + " padding of an empty axis");
      }
    }
    int size = x.type().bytes();
    byte[] fill = new byte[size];
    if (value != null) {
      value.data().duplicate().get(fill);
    }
    long count = Arrays.stream(out).reduce(1, Math::multiplyExact);
    ByteBuffer src = x.data().duplicate().order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer dst = ByteBuffer.allocate(Math.toIntExact(count * size));
    long[] coords = new long[r];
    byte[] element = new byte[size];
    for (long i = 0; i < count; i++) {
      long offset = 0;
      boolean outside = false;
      for (int d = 0; d < r; d++) {
        long c = source(coords[d] - pads[d], in[d], mode);
        outside |= c < 0;
        offset = offset * in[d] + Math.max(c, 0);
      }
      if (outside) {
        dst.put(fill);
      } else {
        src.get(Math.toIntExact(offset * size), element);
        dst.put(element);
      }
      for (int d = r - 1; d >= 0 && ++coords[d] == out[d]; d--) {
        coords[d] = 0;
      }
    }
    return new TensorData(x.type(), out, dst.flip());
  }

  /** Maps a coordinate before padding to the input coordinate it reads, or -1 for the constant. */
  private static long source(long c, long n, String mode) {
    if (c >= 0 && c < n) {
      return c;
    }
    switch (mode) {
      case "constant":
        return -1;
      case "edge":
        return c < 0 ? 0 : n - 1;
      case "wrap":
        return Math.floorMod(c, n);
      case "reflect":
        if (n == 1) {
          return 0;
        }
        long period = 2 * (n - 1);
        long m = Math.floorMod(c, period);
        return m < n ? m : period - m;
      default:
        throw new IllegalArgumentException("Pad mode '" + mode + "'");
    }
  }
}
