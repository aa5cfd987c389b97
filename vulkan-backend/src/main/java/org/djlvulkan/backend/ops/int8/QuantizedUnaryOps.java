package org.djlvulkan.backend.ops.int8;

import java.util.List;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ops.OpSupport;
import org.djlvulkan.backend.tensor.QuantParams;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.shaders.KernelId;

/**
 * Quantized functions of one int8 value, each a 256-entry table computed on the host and applied by
 * one kernel ({@code int8_lut}): requantization to another scale and zero point, sigmoid (ONNX
 * QLinearSigmoid) and leaky ReLU (QLinearLeakyRelu). The output keeps the input's shape and layout
 * (4C1W or 4W4C).
 */
public final class QuantizedUnaryOps {
  private static final String REQUANTIZE_OP = "et_vk.q8ta_requantize.default";
  private static final String SIGMOID_OP = "et_vk.q8ta_sigmoid.default";
  private static final String LEAKY_RELU_OP = "et_vk.q8ta_leaky_relu.default";

  private QuantizedUnaryOps() {}

  /**
   * Requantizes to another scale and zero point: {@code q' = clamp(roundEven(float(q - z_in) *
   * (s_in / s_out)) + z_out, -128, 127)}, where {@code s_in / s_out} is one float division on the
   * host and the product one float multiply. A value already in {@code out} is returned as is.
   *
   * @param g the graph
   * @param in an int8 4C1W or 4W4C value
   * @param out the output's quantization
   * @return the requantized value
   */
  public static Value requantize(GraphBuilder g, Value in, QuantParams out) {
    QuantParams q = Int8Support.requirePacked(REQUANTIZE_OP, in);
    if (q.equals(out)) {
      return in;
    }
    return lookup(g, in, out, Int8Tables.requantize(q, out), REQUANTIZE_OP);
  }

  /**
   * Quantized sigmoid (ONNX QLinearSigmoid): dequantize {@code x = float(q - z_in) * s_in}, {@code
   * y = 1 / (1 + exp(-x))} (in double, rounded to float), quantize {@code clamp(roundEven(y * (1 /
   * s_out)) + z_out, -128, 127)}.
   *
   * @param g the graph
   * @param in an int8 4C1W or 4W4C value
   * @param out the output's quantization
   * @return the result
   */
  public static Value sigmoid(GraphBuilder g, Value in, QuantParams out) {
    QuantParams q = Int8Support.requirePacked(SIGMOID_OP, in);
    return lookup(g, in, out, Int8Tables.sigmoid(q, out), SIGMOID_OP);
  }

  /**
   * Quantized leaky ReLU (ONNX QLinearLeakyRelu): dequantize {@code x = float(q - z_in) * s_in},
   * {@code y = x < 0 ? x * alpha : x} (float), quantize as {@link #sigmoid} does.
   *
   * @param g the graph
   * @param in an int8 4C1W or 4W4C value
   * @param out the output's quantization
   * @param alpha the slope for negative x
   * @return the result
   */
  public static Value leakyRelu(GraphBuilder g, Value in, QuantParams out, float alpha) {
    QuantParams q = Int8Support.requirePacked(LEAKY_RELU_OP, in);
    return lookup(g, in, out, Int8Tables.leakyRelu(q, out, alpha), LEAKY_RELU_OP);
  }

  private static Value lookup(GraphBuilder g, Value in, QuantParams out, int[] table, String op) {
    Value result =
        g.intermediate(
            op + "(" + in.name() + ")",
            TensorSpec.quantized(in.spec().layout(), out, in.spec().shape()));
    Value lut = Int8Support.intConstant(g, result.name() + ".table", table);
    g.dispatch(
        op,
        OpSupport.linearKernel(
            Int8Support.byLayout(
                in.spec().layout(), KernelId.INT8_LUT_4C1W, KernelId.INT8_LUT_4W4C)),
        List.of(Binding.write(result), Binding.read(in), Binding.read(lut)),
        Int8Support.dimsPush(in, 5).i(out.zeroPoint()).build(),
        OpSupport.linearGrid(g, Int8Support.words(in)));
    return result;
  }
}
