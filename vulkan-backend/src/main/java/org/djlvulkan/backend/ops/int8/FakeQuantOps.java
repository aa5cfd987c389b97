package org.djlvulkan.backend.ops.int8;

import java.util.List;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ops.OpSupport;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.QuantParams;
import org.djlvulkan.shaders.KernelId;

/**
 * Quantization simulated in fp32: an NC4HW4 value quantized to int8 and dequantized again in one
 * dispatch, {@code y = (clamp(roundEven(x / s) + z, -128, 127) - z) * s} with {@code 1 / s}
 * computed once on the host. The same float operations as {@link LayoutOps#quantize} followed by
 * {@link LayoutOps#dequantize}, so the result is bit-exact with that pair. This is how quantized
 * models run where their regions are not lowered to int8 kernels: every quantized tensor holds
 * exactly the real values its int8 codes stand for.
 */
public final class FakeQuantOps {
  /** The operator name: a quantize-dequantize pair. */
  public static final String OP = "quantized_decomposed.fake_quantize_per_tensor";

  private FakeQuantOps() {}

  /**
   * Rounds every element to the nearest value of an int8 quantization grid (saturating).
   *
   * @param g the graph
   * @param in an F32 NC4HW4 value
   * @param quant the grid: scale and int8 zero point (uint8 grids: {@link QuantParams#fromUint8})
   * @return the result, same shape
   */
  public static Value fakeQuantize(GraphBuilder g, Value in, QuantParams quant) {
    OpSupport.require(OP, in, DType.F32, Layout.NC4HW4);
    Value out = g.intermediate(OP + "(" + in.name() + ")", in.spec());
    long vec4s = in.byteSize() / 16;
    byte[] push =
        PushConstants.words(6)
            .i(Math.toIntExact(vec4s))
            .i(in.spec().h() * in.spec().w())
            .i(in.spec().c())
            .f(quant.inverseScale())
            .f(quant.scale())
            .i(quant.zeroPoint())
            .build();
    g.dispatch(
        OP,
        OpSupport.linearKernel(KernelId.FAKE_QUANTIZE_NC4HW4_F32),
        List.of(Binding.write(out), Binding.read(in)),
        push,
        OpSupport.linearGrid(g, vec4s));
    return out;
  }
}
