package org.djlvulkan.backend.ops.int8;

import java.util.Arrays;
import java.util.List;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ops.OpSupport;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.QuantParams;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.shaders.KernelId;

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
   * Quantized add on int8 codes as they are (an int8 model): {@link #add(GraphBuilder, Value,
   * Value, QuantParams, Activation, int)} with code offset 0.
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
    return add(g, a, b, out, activation, 0);
  }

  /**
   * Quantized add in ONNX Runtime's form, on the model's own codes {@code a' = a + offset} (offset
   * 128 where the model's tensors are uint8, 0 for int8; zero points likewise): with {@code ra =
   * s_a / s_y} and {@code rb = s_b / s_y} (float divisions on the host) and {@code fixed =
   * float(z_y') - (ra * float(z_a') + rb * float(z_b'))} (host, float, in that order), {@code y =
   * fma(float(a'), ra, fma(float(b'), rb, fixed))}, each multiply-add rounded once as ONNX
   * Runtime's AVX2 kernel does (computed in double where the device has {@code shaderFloat64};
   * without it one IEEE operation per step, so codes may differ by one step where a value lies
   * within float rounding of a half step); a clamp activation bounds {@code y} to {@code [rint(lo /
   * s_y) + z_y', rint(hi / s_y) + z_y']}; {@code q = clamp(roundEven(y) - offset, -128, 127)}.
   *
   * @param g the graph
   * @param a left operand, int8 4C1W or 4W4C
   * @param b right operand, int8 in the same layout
   * @param out the output's quantization
   * @param activation {@link Activation#NONE}, {@link Activation#RELU} or another clamp
   * @param codeOffset 128 for a model's uint8 tensors, 0 for int8
   * @return the sum, int8 in the operands' layout, of the broadcast shape
   */
  public static Value add(
      GraphBuilder g, Value a, Value b, QuantParams out, Activation activation, int codeOffset) {
    return add(g, a, b, out, activation, codeOffset, AddRounding.of(g), false);
  }

  /**
   * The quantized add for a result that a DequantizeLinear of its grid reads alone: the codes' real
   * values {@code float(q - z_y) * s_y}, F32 NCHW, as {@code LayoutOps.dequantize} computes and
   * writes them, in the add's own dispatch; or, where the add runs in the epilogue of the
   * convolution that produced an operand, the int8 codes as {@link #add(GraphBuilder, Value, Value,
   * QuantParams, Activation, int)} returns them (tell them apart by the result's type).
   *
   * @param g the graph
   * @param a left operand, int8 4C1W or 4W4C
   * @param b right operand, int8 in the same layout
   * @param out the codes' quantization
   * @param activation {@link Activation#NONE}, {@link Activation#RELU} or another clamp
   * @param codeOffset 128 for a model's uint8 tensors, 0 for int8
   * @return F32 NCHW real values, or int8 codes
   */
  public static Value addDequantized(
      GraphBuilder g, Value a, Value b, QuantParams out, Activation activation, int codeOffset) {
    return add(g, a, b, out, activation, codeOffset, AddRounding.of(g), true);
  }

  /**
   * Adds the quantized add with a forced choice of the rounding path and of its output.
   *
   * @param rounding how the multiply-adds round (the device must run that form's kernels)
   * @param dequantize whether to write the codes' real values (F32 NCHW) instead of the codes
   */
  static Value add(
      GraphBuilder g,
      Value a,
      Value b,
      QuantParams out,
      Activation activation,
      int codeOffset,
      AddRounding rounding,
      boolean dequantize) {
    QuantParams qa = Int8Support.requirePacked(ADD_OP, a);
    QuantParams qb = Int8Support.requirePacked(ADD_OP, b);
    activation.requireClampOnly(ADD_OP);
    float ra = qa.scale() / out.scale();
    float rb = qb.scale() / out.scale();
    int zy = out.zeroPoint() + codeOffset;
    float fixed =
        (float) zy
            - (ra * (float) (qa.zeroPoint() + codeOffset)
                + rb * (float) (qb.zeroPoint() + codeOffset));
    float lo = Float.NEGATIVE_INFINITY;
    float hi = Float.POSITIVE_INFINITY;
    if (activation.clamp()) {
      lo = (float) (Math.rint(activation.lo() / out.scale()) + zy);
      hi = (float) (Math.rint(activation.hi() / out.scale()) + zy);
    }
    QuantizedAddTerms terms =
        new QuantizedAddTerms(
            -codeOffset, -codeOffset, -codeOffset, ra, rb, lo, hi, fixed, out.zeroPoint());
    Int8Support.requirePacked(ADD_OP, b, a.spec().layout());
    Value intoConv = FusedResidualAdd.tryFuse(g, ADD_OP, a, b, out, terms, rounding);
    if (intoConv != null) {
      return intoConv;
    }
    KernelId[] kernels = ADD_KERNELS[rounding.ordinal()][dequantize ? 1 : 0];
    KernelId kernel = Int8Support.byLayout(a.spec().layout(), kernels[0], kernels[1]);
    return binary(g, ADD_OP, kernel, a, b, out, terms, dequantize);
  }

  /** The add's kernels by [{@link AddRounding}][real values out]: 4C1W, 4W4C. */
  private static final KernelId[][][] ADD_KERNELS = {
    {
      {KernelId.INT8_ADD_4C1W, KernelId.INT8_ADD_4W4C},
      {KernelId.INT8_ADD_DQ_4C1W, KernelId.INT8_ADD_DQ_4W4C}
    },
    {
      {KernelId.INT8_ADD_FUSED_4C1W, KernelId.INT8_ADD_FUSED_4W4C},
      {KernelId.INT8_ADD_FUSED_DQ_4C1W, KernelId.INT8_ADD_FUSED_DQ_4W4C}
    },
    {
      {KernelId.INT8_ADD_FMA_4C1W, KernelId.INT8_ADD_FMA_4W4C},
      {KernelId.INT8_ADD_FMA_DQ_4C1W, KernelId.INT8_ADD_FMA_DQ_4W4C}
    }
  };

  /** The mul's kernels by [real values out]: 4C1W, 4W4C. */
  private static final KernelId[][] MUL_KERNELS = {
    {KernelId.INT8_MUL_4C1W, KernelId.INT8_MUL_4W4C},
    {KernelId.INT8_MUL_DQ_4C1W, KernelId.INT8_MUL_DQ_4W4C}
  };

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
    return mul(g, a, b, out, false);
  }

  /**
   * The quantized mul writing its codes' real values {@code float(q - z_y) * s_y}, F32 NCHW, as
   * {@code LayoutOps.dequantize} computes and writes them (a DequantizeLinear reads it alone).
   *
   * @param g the graph
   * @param a left operand, int8 4C1W or 4W4C
   * @param b right operand, int8 in the same layout
   * @param out the codes' quantization
   * @return the real values, F32 NCHW of the broadcast shape
   */
  public static Value mulDequantized(GraphBuilder g, Value a, Value b, QuantParams out) {
    return mul(g, a, b, out, true);
  }

  /**
   * Adds the quantized mul writing its codes or, with {@code dequantize}, their real values.
   *
   * @param dequantize whether to write the codes' real values (F32 NCHW) instead of the codes
   */
  static Value mul(GraphBuilder g, Value a, Value b, QuantParams out, boolean dequantize) {
    QuantParams qa = Int8Support.requirePacked(MUL_OP, a);
    QuantParams qb = Int8Support.requirePacked(MUL_OP, b);
    float r = (float) ((double) qa.scale() * qb.scale() / out.scale());
    float inf = Float.POSITIVE_INFINITY;
    QuantizedAddTerms terms =
        new QuantizedAddTerms(
            qa.zeroPoint(), qb.zeroPoint(), out.zeroPoint(), r, 0f, -inf, inf, 0f, out.zeroPoint());
    KernelId[] kernels = MUL_KERNELS[dequantize ? 1 : 0];
    KernelId kernel = Int8Support.byLayout(a.spec().layout(), kernels[0], kernels[1]);
    return binary(g, MUL_OP, kernel, a, b, out, terms, dequantize);
  }

  private static Value binary(
      GraphBuilder g,
      String op,
      KernelId kernel,
      Value a,
      Value b,
      QuantParams out,
      QuantizedAddTerms terms,
      boolean dequantize) {
    Layout layout = a.spec().layout();
    Int8Support.requirePacked(op, b, layout);
    long[] shape = broadcastShape(op, a, b);
    TensorSpec codes = TensorSpec.quantized(layout, out, shape);
    Value result =
        g.intermediate(
            op + "(" + a.name() + "," + b.name() + ")",
            dequantize ? codes.with(DType.F32, Layout.NCHW) : codes);
    // One invocation per word of the codes (written as codes, or as their real values).
    PushConstants pc = PushConstants.words(24).i(codes.n()).i(codes.c()).i(codes.h()).i(codes.w());
    for (int d : OpSupport.dims4(a)) {
      pc.i(d);
    }
    for (int d : OpSupport.dims4(b)) {
      pc.i(d);
    }
    terms.append(pc);
    pc.f(out.scale()).i(out.zeroPoint());
    g.dispatch(
        op,
        OpSupport.linearKernel(kernel),
        List.of(Binding.write(result), Binding.read(a), Binding.read(b)),
        pc.build(),
        OpSupport.linearGrid(g, codes.byteSize() / 4));
    return result;
  }

  private static long[] broadcastShape(String op, Value a, Value b) {
    long[] out = OpSupport.broadcastDims4(op, a, b);
    int rank = Math.max(a.spec().rank(), b.spec().rank());
    return Arrays.copyOf(out, rank);
  }
}
