package org.djlvulkan.backend.ops.int8;

import java.util.List;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ops.ConvWeightPacking;
import org.djlvulkan.backend.ops.OpSupport;
import org.djlvulkan.backend.ops.Pool2dParams;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.QuantParams;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.shaders.KernelId;

/**
 * 2-D pooling of packed int8 values (4C1W or 4W4C; the output keeps the layout) with ONNX window
 * semantics ({@link Pool2dParams}): exact max pooling, and average and global average pooling (ONNX
 * QLinearAveragePool, QLinearGlobalAveragePool) that sum in int32 and requantize with one float
 * multiply by a factor computed on the host.
 */
public final class QuantizedPoolOps {
  private static final String MAX_OP = "et_vk.q8ta_max_pool2d.default";
  private static final String AVG_OP = "et_vk.q8ta_avg_pool2d.default";
  private static final String MEAN_OP = "et_vk.q8ta_mean.default";

  /**
   * Invocations per output word of {@code int8_global_avg_pool_4w4c_to_4c1w} (its {@code LANES}):
   * they read a word's positions in one round and add their sums in shared memory (session 30: 5.1
   * instead of 8.4 us for ResNet50's 7 x 7 x 2048 at batch 1 on an H100).
   */
  static final int GAP_LANES = 8;

  private QuantizedPoolOps() {}

  /**
   * Max pooling (ONNX MaxPool on int8 data): the maximum over each (dilated) window, exact; padding
   * never wins. The output has the input's scale and zero point; where a model wants another, add
   * {@link QuantizedUnaryOps#requantize} (it commutes with max).
   *
   * @param g the graph
   * @param in an int8 4C1W or 4W4C {@code [N, C, H, W]} value
   * @param params window, stride, pads, dilation, ceil mode
   * @return {@code [N, C, params.outputH(H), params.outputW(W)]}, int8, the input's layout
   */
  public static Value maxPool2d(GraphBuilder g, Value in, Pool2dParams params) {
    QuantParams q = Int8Support.requirePacked(MAX_OP, in);
    Value out = output(g, in, params, q, MAX_OP);
    // 4W4C without dilation along W: one invocation per output block (int8_pool2d.comp BLOCKS);
    // otherwise one per word.
    boolean blocks = in.spec().layout() == Layout.INT8_4W4C && params.dilationW() == 1;
    KernelId kernel =
        blocks
            ? KernelId.INT8_MAX_POOL2D_4W4C
            : Int8Support.byLayout(
                in.spec().layout(),
                KernelId.INT8_MAX_POOL2D_4C1W,
                KernelId.INT8_MAX_POOL2D_4W4C_WORDS);
    g.dispatch(
        MAX_OP,
        OpSupport.linearKernel(kernel),
        List.of(Binding.write(out), Binding.read(in)),
        push(in, out, params),
        OpSupport.linearGrid(g, Int8Support.words(out) / (blocks ? 4 : 1)));
    return out;
  }

  /**
   * Average pooling (ONNX QLinearAveragePool): {@code acc = sum of (q - z_in)} over the window's
   * input positions (int32); {@code count} = with {@code countIncludePad} the window's size clipped
   * to the padded input, else the number of input positions it covers; {@code y = float(acc) *
   * ratio[count]} with {@code ratio[k] = s_in / (k * s_out)} computed in double on the host and
   * rounded to float; {@code q = clamp(roundEven(y) + z_out, -128, 127)}.
   *
   * @param g the graph
   * @param in an int8 4C1W or 4W4C {@code [N, C, H, W]} value
   * @param params window, stride, pads, ceil mode, count_include_pad; dilation must be 1
   * @param outQuant the output's quantization
   * @return {@code [N, C, params.outputH(H), params.outputW(W)]}, int8, the input's layout
   */
  public static Value avgPool2d(
      GraphBuilder g, Value in, Pool2dParams params, QuantParams outQuant) {
    QuantParams q = Int8Support.requirePacked(AVG_OP, in);
    if (params.dilationH() != 1 || params.dilationW() != 1) {
      throw new IllegalArgumentException(AVG_OP + ": dilation is not supported: " + params);
    }
    Value out = output(g, in, params, outQuant, AVG_OP);
    int maxCount = params.kernelH() * params.kernelW();
    float[] ratios = new float[maxCount + 1];
    for (int k = 1; k <= maxCount; k++) {
      ratios[k] = ratio(q, outQuant, k);
    }
    Value table = ConvWeightPacking.constant(g, out.name() + ".ratios", ratios);
    g.dispatch(
        AVG_OP,
        OpSupport.linearKernel(
            Int8Support.byLayout(
                in.spec().layout(), KernelId.INT8_AVG_POOL2D_4C1W, KernelId.INT8_AVG_POOL2D_4W4C)),
        List.of(Binding.write(out), Binding.read(in), Binding.read(table)),
        push(in, out, params),
        OpSupport.linearGrid(g, Int8Support.words(out)));
    return out;
  }

  /**
   * Global average pooling (ONNX QLinearGlobalAveragePool): {@code acc = sum of (q - z_in)} over H
   * x W (int32), {@code y = float(acc) * ratio} with ONNX Runtime's {@code ratio = s_in / (s_out *
   * float(H * W))} (two float operations on the host, in this order), {@code q = clamp(roundEven(y)
   * + z_out, -128, 127)}.
   *
   * @param g the graph
   * @param in an int8 4C1W or 4W4C {@code [N, C, H, W]} value
   * @param outQuant the output's quantization
   * @return {@code [N, C, 1, 1]}, int8, the input's layout
   */
  public static Value globalAvgPool(GraphBuilder g, Value in, QuantParams outQuant) {
    return globalAvgPool(g, in, outQuant, in.spec().layout());
  }

  /**
   * Global average pooling as {@link #globalAvgPool(GraphBuilder, Value, QuantParams)}, its output
   * in a chosen layout: the input's, or 4C1W from a 4W4C input (the layout a linear layer reads).
   *
   * @param g the graph
   * @param in an int8 4C1W or 4W4C {@code [N, C, H, W]} value
   * @param outQuant the output's quantization
   * @param outLayout the output's layout; a 4W4C output of a 4C1W input is not supported, and gets
   *     the input's layout
   * @return {@code [N, C, 1, 1]}, int8, in {@code outLayout} where supported
   */
  public static Value globalAvgPool(
      GraphBuilder g, Value in, QuantParams outQuant, Layout outLayout) {
    QuantParams q = Int8Support.requirePacked(MEAN_OP, in);
    OpSupport.requireRank4(MEAN_OP, in);
    TensorSpec s = in.spec();
    Layout layout = s.layout();
    Layout written = globalAvgPoolLayout(layout, outLayout);
    boolean toRows = written != layout;
    Value out =
        g.intermediate(
            MEAN_OP + "(" + in.name() + ")",
            TensorSpec.quantized(written, outQuant, s.n(), s.c(), 1, 1));
    PushConstants pc = Int8Support.dimsPush(in, 11);
    for (int d : OpSupport.dims4(out)) {
      pc.i(d);
    }
    float ratio = q.scale() / (outQuant.scale() * (float) (s.h() * s.w()));
    pc.i(q.zeroPoint()).i(outQuant.zeroPoint()).f(ratio);
    KernelId kernel =
        toRows
            ? KernelId.INT8_GLOBAL_AVG_POOL_4W4C_TO_4C1W
            : Int8Support.byLayout(
                layout, KernelId.INT8_GLOBAL_AVG_POOL_4C1W, KernelId.INT8_GLOBAL_AVG_POOL_4W4C);
    g.dispatch(
        MEAN_OP,
        OpSupport.linearKernel(kernel),
        List.of(Binding.write(out), Binding.read(in)),
        pc.build(),
        // GAP_LANES invocations per output word in the 4W4C -> 4C1W form.
        OpSupport.linearGrid(g, Int8Support.words(out) * (toRows ? GAP_LANES : 1)));
    return out;
  }

  /**
   * Returns the layout {@link #globalAvgPool(GraphBuilder, Value, QuantParams, Layout)} writes: the
   * wanted 4C1W from a 4W4C input, else the input's.
   *
   * @param in the input's layout
   * @param wanted the layout the output's reader takes
   * @return the output's layout
   */
  public static Layout globalAvgPoolLayout(Layout in, Layout wanted) {
    return in == Layout.INT8_4W4C && wanted == Layout.INT8_4C1W ? wanted : in;
  }

  /** {@code s_in / (count * s_out)} in double, rounded to float. */
  private static float ratio(QuantParams in, QuantParams out, long count) {
    return (float) ((double) in.scale() / ((double) count * out.scale()));
  }

  private static Value output(
      GraphBuilder g, Value in, Pool2dParams p, QuantParams quant, String op) {
    OpSupport.requireRank4(op, in);
    TensorSpec s = in.spec();
    return g.intermediate(
        op + "(" + in.name() + ")",
        TensorSpec.quantized(s.layout(), quant, s.n(), s.c(), p.outputH(s.h()), p.outputW(s.w())));
  }

  private static byte[] push(Value in, Value out, Pool2dParams p) {
    PushConstants pc = Int8Support.dimsPush(in, 21);
    for (int d : OpSupport.dims4(out)) {
      pc.i(d);
    }
    return p.appendWindow(pc)
        .i(in.spec().quant().orElseThrow().zeroPoint())
        .i(out.spec().quant().orElseThrow().zeroPoint())
        .build();
  }
}
