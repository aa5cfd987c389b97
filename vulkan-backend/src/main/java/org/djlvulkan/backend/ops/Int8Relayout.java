package org.djlvulkan.backend.ops;

import java.util.List;
import org.djlvulkan.backend.graph.Binding;
import org.djlvulkan.backend.graph.GraphBuilder;
import org.djlvulkan.backend.graph.PushConstants;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.kernel.PipelineKey;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;

/**
 * Changes an int8 value between the packed layouts 4C1W and 4W4C, word for word ({@code
 * int8_relayout_to_4w4c} / {@code int8_relayout_to_4c1w}); padded W positions of a 4W4C result hold
 * the zero point. Used by {@link QConvOps} when a kernel needs the other layout.
 */
final class Int8Relayout {
  /** The graph op's name. */
  static final String OP = "layout.int8_relayout";

  private Int8Relayout() {}

  /**
   * Adds the layout change.
   *
   * @param g the graph
   * @param in a quantized I8 value in 4C1W or 4W4C
   * @param target the other packed layout
   * @return the value in the target layout
   */
  static Value convert(GraphBuilder g, Value in, Layout target) {
    Layout from = in.spec().layout();
    if (in.spec().dtype() != DType.I8 || !from.isInt8Packed() || !target.isInt8Packed()) {
      throw new IllegalArgumentException(
          OP + ": '" + in.name() + "' is " + in.spec() + ", cannot change it to " + target);
    }
    if (from == target) {
      throw new IllegalArgumentException(
          OP + ": '" + in.name() + "' is already " + target + "; no layout change needed");
    }
    boolean to4w4c = target == Layout.INT8_4W4C;
    Value out =
        g.intermediate(in.name() + (to4w4c ? ".4w4c" : ".4c1w"), in.spec().with(DType.I8, target));
    PushConstants pc = PushConstants.words(5);
    for (int d : OpSupport.dims4(in)) {
      pc.i(d);
    }
    pc.i(in.spec().quant().orElseThrow().zeroPoint());
    g.dispatch(
        OP,
        PipelineKey.of(
            to4w4c ? "int8_relayout_to_4w4c" : "int8_relayout_to_4c1w", OpSupport.LOCAL_SIZE),
        List.of(Binding.write(out), Binding.read(in)),
        pc.build(),
        OpSupport.linearGrid(g, out.byteSize() / 4));
    return out;
  }
}
