package org.djlvulkan.backend.ops.int8;

import java.util.List;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ops.OpSupport;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.QuantParams;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.shaders.KernelId;

/**
 * Layout changes of int8 values without arithmetic: 4C1W and 4W4C into each other, and NCHW 8-bit
 * host data (int8, or uint8 mapped exactly to int8 by {@code q = u - 128}) into and out of the
 * packed layouts. Every conversion is exact; padded lanes and W positions hold the zero point.
 */
public final class QuantizedLayoutOps {
  private static final String RELAYOUT_OP = "et_vk.q8ta_relayout.default";
  private static final String FROM_BYTES_OP = "et_vk.q8ta_from_bytes.default";
  private static final String TO_BYTES_OP = "et_vk.q8ta_to_bytes.default";

  private QuantizedLayoutOps() {}

  /**
   * Changes a packed int8 value's layout (4C1W to 4W4C or back); a value already in the target
   * layout is returned as is.
   *
   * @param g the graph
   * @param in an int8 4C1W or 4W4C value
   * @param target {@link Layout#INT8_4C1W} or {@link Layout#INT8_4W4C}
   * @return the value in the target layout, same shape and quantization
   */
  public static Value relayout(GraphBuilder g, Value in, Layout target) {
    QuantParams q = Int8Support.requirePacked(RELAYOUT_OP, in);
    requirePackedTarget(RELAYOUT_OP, target);
    if (in.spec().layout() == target) {
      return in;
    }
    Value out =
        g.intermediate(
            in.name() + "." + target.name().toLowerCase(),
            TensorSpec.quantized(target, q, in.spec().shape()));
    g.dispatch(
        RELAYOUT_OP,
        OpSupport.linearKernel(
            target == Layout.INT8_4W4C ? KernelId.INT8_4C1W_TO_4W4C : KernelId.INT8_4W4C_TO_4C1W),
        List.of(Binding.write(out), Binding.read(in)),
        Int8Support.dimsPush(in, 5).i(q.zeroPoint()).build(),
        OpSupport.linearGrid(g, Int8Support.words(out)));
    return out;
  }

  /**
   * Packs NCHW 8-bit integers (a graph input of ONNX uint8 or int8 data) into a packed int8 layout.
   * uint8 data becomes int8 by {@code q = u - 128}, so give its quantization through {@link
   * QuantParams#fromUint8}; int8 data is copied.
   *
   * @param g the graph
   * @param in a U8 or I8 NCHW value of rank at most 4
   * @param quant the int8 scale and zero point of the packed value (for uint8 data, the uint8 zero
   *     point minus 128)
   * @param layout {@link Layout#INT8_4C1W} or {@link Layout#INT8_4W4C}
   * @return the packed int8 value
   */
  public static Value fromBytes(GraphBuilder g, Value in, QuantParams quant, Layout layout) {
    DType type = in.spec().dtype();
    if (in.spec().layout() != Layout.NCHW || (type != DType.U8 && type != DType.I8)) {
      throw new IllegalArgumentException(
          FROM_BYTES_OP + ": '" + in.name() + "' is " + in.spec() + ", expected U8 or I8 NCHW");
    }
    OpSupport.requireRank4(FROM_BYTES_OP, in);
    requirePackedTarget(FROM_BYTES_OP, layout);
    Value out =
        g.intermediate(in.name() + ".q8", TensorSpec.quantized(layout, quant, in.spec().shape()));
    g.dispatch(
        FROM_BYTES_OP,
        OpSupport.linearKernel(
            Int8Support.byLayout(
                layout, KernelId.INT8_FROM_BYTES_TO_4C1W, KernelId.INT8_FROM_BYTES_TO_4W4C)),
        List.of(Binding.write(out), Binding.read(in)),
        Int8Support.dimsPush(in, 6).i(flip(type)).i(quant.zeroPoint()).build(),
        OpSupport.linearGrid(g, Int8Support.words(out)));
    return out;
  }

  /**
   * Unpacks a packed int8 value into NCHW 8-bit integers, for a graph output of ONNX uint8 or int8
   * data. uint8 output is {@code u = q + 128} (its zero point is the int8 one plus 128).
   *
   * @param g the graph
   * @param in an int8 4C1W or 4W4C value
   * @param type {@link DType#U8} or {@link DType#I8}
   * @return the NCHW value, same shape
   */
  public static Value toBytes(GraphBuilder g, Value in, DType type) {
    Int8Support.requirePacked(TO_BYTES_OP, in);
    if (type != DType.U8 && type != DType.I8) {
      throw new IllegalArgumentException(TO_BYTES_OP + ": target must be U8 or I8, got " + type);
    }
    Value out =
        g.intermediate(
            in.name() + "." + type.name().toLowerCase(),
            TensorSpec.of(type, Layout.NCHW, in.spec().shape()));
    g.dispatch(
        TO_BYTES_OP,
        OpSupport.linearKernel(
            Int8Support.byLayout(
                in.spec().layout(), KernelId.INT8_4C1W_TO_BYTES, KernelId.INT8_4W4C_TO_BYTES)),
        List.of(Binding.write(out), Binding.read(in)),
        Int8Support.dimsPush(in, 5).i(flip(type)).build(),
        OpSupport.linearGrid(g, Int8Support.words(out)));
    return out;
  }

  private static int flip(DType type) {
    return type == DType.U8 ? 0x80 : 0;
  }

  private static void requirePackedTarget(String op, Layout layout) {
    if (!layout.isInt8Packed()) {
      throw new IllegalArgumentException(op + ": target layout must be int8 packed: " + layout);
    }
  }
}
