package org.djlvulkan.backend.ops.int8;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.djlvulkan.backend.config.KernelPolicy;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ops.OpSupport;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.QuantParams;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.vk.DeviceCapabilities;
import org.djlvulkan.shaders.KernelFeature;
import org.djlvulkan.shaders.KernelId;

/**
 * Shared helpers of the quantized op builders: checks of packed int8 values, kernel names by
 * layout, the int8 rounding rule, the dot-product choice and integer constants.
 */
public final class Int8Support {
  private Int8Support() {}

  /**
   * Checks that a value is packed int8 (4C1W or 4W4C) and returns its quantization.
   *
   * @param op the op, for the message
   * @param v the value
   * @return its scale and zero point
   */
  static QuantParams requirePacked(String op, Value v) {
    if (!v.spec().layout().isInt8Packed()) {
      throw new IllegalArgumentException(
          op + ": '" + v.name() + "' is " + v.spec() + ", expected int8 4C1W or 4W4C");
    }
    return v.spec().quant().orElseThrow();
  }

  /**
   * Checks that a value is packed int8 in the given layout and returns its quantization.
   *
   * @param op the op, for the message
   * @param v the value
   * @param layout the layout it must have
   * @return its scale and zero point
   */
  static QuantParams requirePacked(String op, Value v, Layout layout) {
    QuantParams q = requirePacked(op, v);
    if (v.spec().layout() != layout) {
      throw new IllegalArgumentException(
          op + ": '" + v.name() + "' is " + v.spec() + ", expected int8 " + layout);
    }
    return q;
  }

  /**
   * Returns a kernel's variant for an int8 layout.
   *
   * @param layout {@link Layout#INT8_4C1W} or {@link Layout#INT8_4W4C}
   * @param for4c1w the variant that reads and writes 4C1W
   * @param for4w4c the variant that reads and writes 4W4C
   * @return the variant
   */
  static KernelId byLayout(Layout layout, KernelId for4c1w, KernelId for4w4c) {
    return layout == Layout.INT8_4W4C ? for4w4c : for4c1w;
  }

  /**
   * Starts push constants with a value's 4-D dimensions N, C, H, W.
   *
   * @param v the value
   * @param words the block's size in words, the 4 dimensions included
   * @return the builder
   */
  public static PushConstants dimsPush(Value v, int words) {
    PushConstants pc = PushConstants.words(words);
    for (int d : OpSupport.dims4(v)) {
      pc.i(d);
    }
    return pc;
  }

  /**
   * Returns the number of 32-bit words of a value's buffer region.
   *
   * @param v the value
   * @return its words
   */
  static long words(Value v) {
    return v.byteSize() / 4;
  }

  /**
   * The int8 rounding rule of every quantized kernel: {@code clamp(roundEven(y) + zeroPoint, -128,
   * 127)} for {@code y} in units of the output scale ({@code Math.rint} is round half to even).
   *
   * @param y the value in units of the output scale
   * @param zeroPoint the output's zero point
   * @return the int8 value
   */
  static int quantize(float y, int zeroPoint) {
    double r = Math.max(-512.0, Math.min(512.0, Math.rint(y)));
    return Math.max(-128, Math.min(127, (int) r + zeroPoint));
  }

  /**
   * Returns whether the int8 kernels use the packed dot product: the device supports it and the
   * policy allows it.
   *
   * @param caps the device's capabilities
   * @param policy the user's kernel choices
   * @return true for the packed dot product, false for the fallback
   */
  static boolean packedDot(DeviceCapabilities caps, KernelPolicy policy) {
    return policy.int8Dot() && caps.supports(KernelFeature.INTEGER_DOT_PRODUCT);
  }

  /**
   * Declares 32-bit integers as a graph constant.
   *
   * @param g the graph
   * @param name the constant's name
   * @param values the integers
   * @return the constant, I32 NCHW
   */
  static Value intConstant(GraphBuilder g, String name, int[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asIntBuffer().put(values);
    return g.constant(name, TensorSpec.of(DType.I32, Layout.NCHW, values.length), bytes);
  }
}
