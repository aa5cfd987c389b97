package org.djlvulkan.backend.ops.int8;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.QuantParams;
import org.djlvulkan.backend.tensor.TensorSpec;

/**
 * Packs int8 codes known on the host (a quantized constant operand) into the words of a packed
 * layout, so that the device holds them as a constant instead of quantizing them on every run.
 * Words as in {@code quant/int8_layout.glslh}: 4 channels each, byte 0 the lowest channel; padded
 * channel lanes and W positions hold the zero point.
 */
public final class Int8ConstantPacking {
  private Int8ConstantPacking() {}

  /**
   * Declares int8 codes as a graph constant in a packed layout.
   *
   * @param g the graph
   * @param name the constant's name
   * @param codes int8 codes, row-major over {@code shape}
   * @param shape {@code [N, C, H, W]}
   * @param quant the codes' int8 scale and zero point
   * @param layout {@link Layout#INT8_4C1W} or {@link Layout#INT8_4W4C}
   * @return the constant
   */
  public static Value constant(
      GraphBuilder g, String name, int[] codes, long[] shape, QuantParams quant, Layout layout) {
    TensorSpec spec = TensorSpec.quantized(layout, quant, shape);
    return g.constant(name, spec, words(codes, spec));
  }

  /**
   * Returns the little-endian words of int8 codes in a packed layout.
   *
   * @param codes int8 codes, row-major over the spec's {@code [N, C, H, W]} shape
   * @param spec an int8 4C1W or 4W4C description
   * @return exactly {@code spec.byteSize()} bytes
   */
  static ByteBuffer words(int[] codes, TensorSpec spec) {
    int n = spec.n();
    int c = spec.c();
    int h = spec.h();
    int w = spec.w();
    if (codes.length != (long) n * c * h * w) {
      throw new IllegalArgumentException(
          codes.length + " codes do not fill " + spec + " (" + n * c * h * w + " values)");
    }
    boolean blocks = spec.layout() == Layout.INT8_4W4C;
    if (!blocks && spec.layout() != Layout.INT8_4C1W) {
      throw new IllegalArgumentException("expected an int8 4C1W or 4W4C spec: " + spec);
    }
    ByteBuffer out =
        ByteBuffer.allocate(Math.toIntExact(spec.byteSize())).order(ByteOrder.LITTLE_ENDIAN);
    byte zero = (byte) spec.quant().map(QuantParams::zeroPoint).orElse(0).intValue();
    for (int i = 0; i < out.capacity(); i++) {
      out.put(i, zero);
    }
    int c4s = (c + 3) / 4;
    int w4s = (w + 3) / 4;
    for (int b = 0; b < n; b++) {
      for (int ch = 0; ch < c; ch++) {
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            int row = b * h + y;
            int word =
                blocks
                    ? ((row * w4s + x / 4) * c4s + ch / 4) * 4 + x % 4
                    : (row * c4s + ch / 4) * w + x;
            int code = codes[((b * c + ch) * h + y) * w + x];
            if (code < -128 || code > 127) {
              throw new IllegalArgumentException("code " + code + " is not int8");
            }
            out.put(word * 4 + ch % 4, (byte) code);
          }
        }
      }
    }
    return out;
  }
}
