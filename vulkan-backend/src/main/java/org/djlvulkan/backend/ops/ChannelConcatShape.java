package org.djlvulkan.backend.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.djlvulkan.backend.graph.Value;
import org.djlvulkan.backend.tensor.TensorSpec;

/**
 * The checked inputs of a channel concatenation (fp32 and int8 alike): the output's shape and the
 * name it gets in the graph.
 *
 * @param shape the output shape, the first input's with the channel counts summed
 * @param name {@code op(input names)}
 */
public record ChannelConcatShape(long[] shape, String name) {
  /**
   * Checks one or more inputs of equal rank (2 or more) and equal N, H and W.
   *
   * @param op the operator, for messages and the output name
   * @param inputs the inputs
   * @param requireEach the operator's own check of each input's type and layout
   * @return the output's shape and name
   * @throws IllegalArgumentException for no inputs or mismatched shapes
   */
  public static ChannelConcatShape of(String op, List<Value> inputs, Consumer<Value> requireEach) {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException(op + ": needs at least one input");
    }
    TensorSpec first = inputs.get(0).spec();
    long totalC = 0;
    List<String> names = new ArrayList<>();
    for (Value v : inputs) {
      requireEach.accept(v);
      TensorSpec s = v.spec();
      if (s.rank() < 2
          || s.rank() != first.rank()
          || s.n() != first.n()
          || s.h() != first.h()
          || s.w() != first.w()) {
        throw new IllegalArgumentException(
            op
                + ": inputs must have the same rank (2 or more) and the same N, H and W; '"
                + inputs.get(0).name()
                + "' is "
                + first
                + ", '"
                + v.name()
                + "' is "
                + s);
      }
      totalC += s.c();
      names.add(v.name());
    }
    long[] shape = first.shape();
    shape[1] = totalC;
    return new ChannelConcatShape(shape, op + "(" + String.join(",", names) + ")");
  }

  /** The output's channel count. */
  public long channels() {
    return shape[1];
  }
}
