package org.djlvulkan.backend.ops;

import java.util.Arrays;
import java.util.List;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.QuantParams;
import org.djlvulkan.backend.tensor.TensorSpec;

/**
 * Quantized element-wise add (ONNX QLinearAdd, ResNet's residual add with its ReLU) and mul (ONNX
 * QLinearMul) of two packed int8 values of the same layout (4C1W or 4W4C), with broadcasting: each
 * dimension of the 4-D views equals the output's or is 1 (an importer aligns ranks first, as for
 * {@link ElementwiseOps#binary}). Each float step below is one IEEE binary32 operation, in the
 * order written; the factors are computed once on the host.
 */
public final class QuantizedElementwiseOps {
  private static final String ADD_OP = "et_vk.q8ta_add.default";
  private static final String MUL_OP = "et_vk.q8ta_mul.default";

  private QuantizedElementwiseOps() {}

  /**
   * Quantized add: with {@code ra = s_a / s_y} and {@code rb = s_b / s_y} (float divisions on the
   * host), {@code y = float(a - z_a) * ra + float(b - z_b) * rb} (two multiplies, then the add); a
   * clamp activation then bounds {@code y} to {@code [lo * (1 / s_y), hi * (1 / s_y)]} (ReLU:
   * {@code [0, +inf]}); {@code q = clamp(roundEven(y) + z_y, -128, 127)}.
   *
   * @param g the graph
   * @param a left operand, int8 4C1W or 4W4C
   * @param b right operand, int8 in the same layout
   * @param out the output's quantization
   * @param activation {@link Activation#NONE}, {@link Activation#RELU} or another clamp
   * @return the sum, int8 in the operands' layout, of the broadcast shape
   */
  public static Value add(
      GraphBuilder g, Value a, Value b, QuantParams out, Activation activation) {
    QuantParams qa = Int8Support.requirePacked(ADD_OP, a);
    QuantParams qb = Int8Support.requirePacked(ADD_OP, b);
    float ra = qa.scale() / out.scale();
    float rb = qb.scale() / out.scale();
    return binary(g, ADD_OP, "int8_add", a, b, out, ra, rb, activation);
  }

  /**
   * Quantized mul: with {@code r = s_a * s_b / s_y} (computed in double on the host, rounded to
   * float), {@code y = float((a - z_a) * (b - z_b)) * r} (an exact integer product, then one float
   * multiply); {@code q = clamp(roundEven(y) + z_y, -128, 127)}.
   *
   * @param g the graph
   * @param a left operand, int8 4C1W or 4W4C
   * @param b right operand, int8 in the same layout
   * @param out the output's quantization
   * @return the product, int8 in the operands' layout, of the broadcast shape
   */
  public static Value mul(GraphBuilder g, Value a, Value b, QuantParams out) {
    QuantParams qa = Int8Support.requirePacked(MUL_OP, a);
    QuantParams qb = Int8Support.requirePacked(MUL_OP, b);
    float r = (float) ((double) qa.scale() * qb.scale() / out.scale());
    return binary(g, MUL_OP, "int8_mul", a, b, out, r, 0f, Activation.NONE);
  }

  private static Value binary(
      GraphBuilder g,
      String op,
      String kernel,
      Value a,
      Value b,
      QuantParams out,
      float ra,
      float rb,
      Activation activation) {
    activation.requireClampOnly(op);
    Layout layout = a.spec().layout();
    Int8Support.requirePacked(op, b, layout);
    long[] shape = broadcastShape(op, a, b);
    Value result =
        g.intermediate(
            op + "(" + a.name() + "," + b.name() + ")", TensorSpec.quantized(layout, out, shape));
    PushConstants pc = Int8Support.dimsPush(result, 20);
    for (int d : OpSupport.dims4(a)) {
      pc.i(d);
    }
    for (int d : OpSupport.dims4(b)) {
      pc.i(d);
    }
    QuantParams qa = a.spec().quant().orElseThrow();
    QuantParams qb = b.spec().quant().orElseThrow();
    float inv = out.inverseScale();
    pc.i(qa.zeroPoint()).i(qb.zeroPoint()).i(out.zeroPoint()).f(ra).f(rb);
    pc.i(activation.clamp() ? 1 : 0).f(activation.lo() * inv).f(activation.hi() * inv);
    g.dispatch(
        op,
        OpSupport.linearKernel(Int8Support.kernel(kernel, layout)),
        List.of(Binding.write(result), Binding.read(a), Binding.read(b)),
        pc.build(),
        OpSupport.linearGrid(g, Int8Support.words(result)));
    return result;
  }

  private static long[] broadcastShape(String op, Value a, Value b) {
    int[] da = OpSupport.dims4(a);
    int[] db = OpSupport.dims4(b);
    long[] out = new long[4];
    for (int i = 0; i < 4; i++) {
      if (da[i] != db[i] && da[i] != 1 && db[i] != 1) {
        throw new IllegalArgumentException(
            op
                + ": shapes of '"
                + a.name()
                + "' "
                + OpSupport.shape(da)
                + " and '"
                + b.name()
                + "' "
                + OpSupport.shape(db)
                + " do not broadcast (dimension "
                + i
                + ")");
      }
      out[i] = Math.max(da[i], db[i]);
    }
    int rank = Math.max(a.spec().rank(), b.spec().rank());
    return Arrays.copyOf(out, rank);
  }
}
