package org.djlvulkan.backend.ops.fp;

import java.util.List;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.ops.ChannelConcatShape;
import org.djlvulkan.backend.ops.OpSupport;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.shaders.KernelId;

/** Concatenation of NC4HW4 fp32 values along the channel axis (ONNX Concat, axis 1). */
public final class ConcatOps {
  private static final String OP = "aten.cat.default";

  private ConcatOps() {}

  /**
   * Concatenates along {@code dim}, which must be the channel axis (1, or {@code 1 - rank}).
   *
   * @param g the graph
   * @param inputs one or more NC4HW4 values of the same rank and the same dimensions except C
   * @param dim the axis
   * @return the concatenation, NC4HW4
   */
  public static Value cat(GraphBuilder g, List<Value> inputs, int dim) {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException(OP + ": needs at least one input");
    }
    int rank = inputs.get(0).spec().rank();
    if ((dim < 0 ? dim + rank : dim) != 1) {
      throw new IllegalArgumentException(
          OP + ": only the channel axis (1) is supported, got dim " + dim + " of rank " + rank);
    }
    return concatChannels(g, inputs);
  }

  /**
   * Concatenates along the channel axis. Channel counts need not be multiples of 4: a group of 4
   * output channels may then hold channels of two (or more) inputs. One dispatch per input, each
   * writing only its own channels, so the dispatches follow one another with a barrier between.
   *
   * <p>F16 inputs give an F16 result when every input's channel count is even (a 32-bit word holds
   * two channels, and each dispatch writes whole words); otherwise they are widened to F32 first.
   *
   * @param g the graph
   * @param values one or more F32 or F16 NC4HW4 values with equal rank and equal N, H and W
   * @return {@code [N, sum of C, H, W]} (the inputs' rank), NC4HW4
   */
  public static Value concatChannels(GraphBuilder g, List<Value> values) {
    DType storage = FloatStorage.common(OP, values);
    List<Value> inputs = values;
    if (storage == DType.F16 && values.stream().anyMatch(v -> v.spec().c() % 2 != 0)) {
      storage = DType.F32;
      inputs = values.stream().map(v -> FloatStorage.as(g, v, DType.F32)).toList();
    }
    ChannelConcatShape shape = ChannelConcatShape.of(OP, inputs, v -> FloatStorage.require(OP, v));
    TensorSpec first = inputs.get(0).spec();
    Value out = g.intermediate(shape.name(), TensorSpec.of(storage, Layout.NC4HW4, shape.shape()));
    int plane = first.h() * first.w();
    int offset = 0;
    for (int i = 0; i < inputs.size(); i++) {
      Value in = inputs.get(i);
      int c = in.spec().c();
      int firstGroup = offset / 4;
      int groups = (offset + c - 1) / 4 - firstGroup + 1;
      byte[] push =
          PushConstants.words(8)
              .i(first.n())
              .i(plane)
              .i(c)
              .i(Math.toIntExact(shape.channels()))
              .i(offset)
              .i(firstGroup)
              .i(groups)
              .i(i == inputs.size() - 1 ? 1 : 0)
              .build();
      g.dispatch(
          OP,
          OpSupport.linearKernel(FloatStorage.kernel(KernelId.CONCAT_CHANNELS_F32, storage)),
          List.of(Binding.write(out), Binding.read(in)),
          push,
          OpSupport.linearGrid(g, (long) first.n() * groups * plane));
      offset += c;
    }
    return out;
  }
}
