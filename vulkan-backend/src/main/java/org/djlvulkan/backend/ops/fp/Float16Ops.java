package org.djlvulkan.backend.ops.fp;

import java.util.List;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ops.OpSupport;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.shaders.KernelId;

/**
 * float16 at the graph's edges: a float16 NCHW input widened to NC4HW4 fp32, and NC4HW4 fp32
 * narrowed to a float16 NCHW output. The kernels read and write the halves two to a 32-bit word
 * ({@code unpackHalf2x16} / {@code packHalf2x16}), so they need no 16-bit storage feature. Inside
 * the graph everything is fp32; float16 weights are widened on the host ({@link
 * org.djlvulkan.backend.tensor.Float16#widen}).
 */
public final class Float16Ops {
  private static final String OP = "aten._to_copy.default";

  private Float16Ops() {}

  /**
   * float16 NCHW to NC4HW4 fp32 (exact).
   *
   * @param g the graph
   * @param in an F16 NCHW value of rank at most 4 (usually a graph input)
   * @return the NC4HW4 value
   */
  public static Value toNc4hw4(GraphBuilder g, Value in) {
    return toNc4hw4(g, in, DType.F32);
  }

  /**
   * float16 NCHW to NC4HW4 in a storage: F32, or the fp16 mode's F16 (both exact).
   *
   * @param g the graph
   * @param in an F16 NCHW value of rank at most 4 (usually a graph input)
   * @param storage F32 or F16
   * @return the NC4HW4 value
   */
  public static Value toNc4hw4(GraphBuilder g, Value in, DType storage) {
    OpSupport.require(OP, in, DType.F16, Layout.NCHW);
    OpSupport.requireRank4(OP, in);
    Value out = g.intermediate(in.name() + ".nc4hw4", in.spec().with(storage, Layout.NC4HW4));
    g.dispatch(
        OP,
        OpSupport.linearKernel(FloatStorage.kernel(KernelId.HALF_NCHW_TO_NC4HW4, storage)),
        List.of(Binding.write(out), Binding.read(in)),
        dims(in),
        OpSupport.linearGrid(g, FloatStorage.vec4s(out)));
    return out;
  }

  /**
   * NC4HW4 fp32 to float16 NCHW, rounded by the device's {@code packHalf2x16} (GLSL leaves the
   * rounding mode to the implementation: nearest-even on most, so results may differ from {@link
   * org.djlvulkan.backend.tensor.Float16#fromFloat} by one float16 ulp).
   *
   * @param g the graph
   * @param in an NC4HW4 value (F32, or the fp16 mode's F16)
   * @return the F16 NCHW value (usually marked as a graph output)
   */
  public static Value toHalfNchw(GraphBuilder g, Value in) {
    FloatStorage.require(OP, in);
    Value out = g.intermediate(in.name() + ".f16", in.spec().with(DType.F16, Layout.NCHW));
    g.dispatch(
        OP,
        OpSupport.linearKernel(
            FloatStorage.kernel(KernelId.NC4HW4_TO_HALF_NCHW, in.spec().dtype())),
        List.of(Binding.write(out), Binding.read(in)),
        dims(in),
        OpSupport.linearGrid(g, out.byteSize() / 4));
    return out;
  }

  private static byte[] dims(Value v) {
    PushConstants pc = PushConstants.words(4);
    for (int d : OpSupport.dims4(v)) {
      pc.i(d);
    }
    return pc.build();
  }
}
