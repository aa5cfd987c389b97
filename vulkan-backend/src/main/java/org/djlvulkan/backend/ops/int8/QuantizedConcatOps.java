package org.djlvulkan.backend.ops.int8;

import java.util.List;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ops.ChannelConcatShape;
import org.djlvulkan.backend.ops.ConvWeightPacking;
import org.djlvulkan.backend.ops.OpSupport;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.QuantParams;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.shaders.KernelId;

/**
 * Concatenation of packed int8 values along the channel axis (ONNX QLinearConcat, axis 1), each
 * input requantized to the output's scale and zero point as {@link QuantizedUnaryOps#requantize}
 * does (the identity where they are equal). Channel counts need not be multiples of 4.
 */
public final class QuantizedConcatOps {
  private static final String OP = "et_vk.q8ta_concat.default";

  private QuantizedConcatOps() {}

  /**
   * Concatenates along the channel axis. One dispatch per input, each writing the channels it owns
   * (a group of 4 output channels shared by two inputs is merged in place), so the dispatches
   * follow one another with a barrier between.
   *
   * @param g the graph
   * @param inputs one or more int8 values of one layout (4C1W or 4W4C) with equal rank (2 or more)
   *     and equal N, H and W
   * @param outQuant the output's quantization
   * @return {@code [N, sum of C, H, W]} (the inputs' rank), int8 in the inputs' layout
   */
  public static Value concatChannels(GraphBuilder g, List<Value> inputs, QuantParams outQuant) {
    ChannelConcatShape shape =
        ChannelConcatShape.of(
            OP, inputs, v -> Int8Support.requirePacked(OP, v, inputs.get(0).spec().layout()));
    TensorSpec first = inputs.get(0).spec();
    Layout layout = first.layout();
    Value out = g.intermediate(shape.name(), TensorSpec.quantized(layout, outQuant, shape.shape()));
    int paddedW = layout == Layout.INT8_4W4C ? ConvWeightPacking.ceil4(first.w()) * 4 : first.w();
    int offset = 0;
    for (int i = 0; i < inputs.size(); i++) {
      Value in = inputs.get(i);
      QuantParams inQuant = in.spec().quant().orElseThrow();
      int c = in.spec().c();
      int firstGroup = offset / 4;
      int groups = (offset + c - 1) / 4 - firstGroup + 1;
      PushConstants pc = Int8Support.dimsPush(out, 14);
      pc.i(c).i(offset).i(firstGroup).i(groups).i(i == inputs.size() - 1 ? 1 : 0).i(paddedW);
      pc.i(i == 0 ? 0 : 1);
      pc.i(inQuant.zeroPoint()).i(outQuant.zeroPoint()).f(Int8Tables.ratio(inQuant, outQuant));
      g.dispatch(
          OP,
          OpSupport.linearKernel(
              Int8Support.byLayout(
                  layout, KernelId.INT8_CONCAT_CHANNELS_4C1W, KernelId.INT8_CONCAT_CHANNELS_4W4C)),
          List.of(i == 0 ? Binding.write(out) : Binding.readWrite(out), Binding.read(in)),
          pc.build(),
          OpSupport.linearGrid(g, (long) first.n() * first.h() * groups * paddedW));
      offset += c;
    }
    return out;
  }
}
