package org.djlvulkan.backend.ops.fp;

import java.util.List;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.ops.ConvWeightPacking;
import org.djlvulkan.backend.ops.OpSupport;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.shaders.KernelId;

/**
 * Standalone inference BatchNormalization on NC4HW4 ({@code
 * aten._native_batch_norm_legit_no_training.default}): one per-channel {@code y = x * a + b}
 * dispatch with a fused activation. Where a convolution precedes it, fold it instead ({@link
 * BatchNormParams#foldInto}).
 */
public final class BatchNormOps {
  /** ExecuTorch's operator name. */
  public static final String OP = "aten._native_batch_norm_legit_no_training.default";

  private BatchNormOps() {}

  /**
   * Adds a standalone BatchNormalization.
   *
   * @param g the graph
   * @param input F32 NC4HW4 {@code [N, C, H, W]}
   * @param bn the parameters, {@code C} channels
   * @param act fused activation
   * @return the output, same shape
   */
  public static Value batchNorm(GraphBuilder g, Value input, BatchNormParams bn, Activation act) {
    OpSupport.require(OP, input, DType.F32, Layout.NC4HW4);
    OpSupport.requireRank4(OP, input);
    int c = input.spec().c();
    if (bn.channels() != c) {
      throw new IllegalArgumentException(
          OP
              + ": '"
              + input.name()
              + "' "
              + input.spec()
              + " has "
              + c
              + " channels, the parameters "
              + bn.channels());
    }
    float[] a = new float[c];
    float[] b = new float[c];
    for (int i = 0; i < c; i++) {
      a[i] = (float) bn.multiplier(i);
      b[i] = (float) bn.offset(i);
    }
    Value out = g.intermediate("batch_norm(" + input.name() + ")", input.spec());
    Value scale =
        ConvWeightPacking.constant(g, out.name() + ".scale", ConvWeightPacking.channelVector(c, a));
    Value shift =
        ConvWeightPacking.constant(g, out.name() + ".shift", ConvWeightPacking.channelVector(c, b));
    long vec4s = input.byteSize() / 16;
    byte[] push =
        PushConstants.words(6)
            .i(Math.toIntExact(vec4s))
            .i(input.spec().h() * input.spec().w())
            .i(c)
            .i(act.kernelCode())
            .f(act.lo())
            .f(act.hi())
            .build();
    g.dispatch(
        OP,
        OpSupport.linearKernel(KernelId.CHANNEL_AFFINE_F32),
        List.of(Binding.write(out), Binding.read(input), Binding.read(scale), Binding.read(shift)),
        push,
        OpSupport.linearGrid(g, vec4s));
    return out;
  }
}
